/**
 * The journal's pages in the campaign's docs (the model is handoutVisibility.ts): reading the
 * pages a viewer may see, and the GM's save and delete, which keep the gm doc's master copy and
 * the table doc's shared copies in step.
 *
 * A save writes the table doc first (`writeAsGm`: the one writer of GM-owned records), then the
 * master copy: a GM device that does not run the table cannot share, and is told so before
 * anything changes. A draft that was never shared touches the gm doc only, so any GM device can
 * keep drafts.
 */
import {
  fromYValue,
  type Identity,
  openSealedText,
  readMembers,
  sealText,
  toYValue,
} from '@meshtable/campaign';
import {
  GM_MAPS,
  type Handout,
  handoutSchema,
  sealedHandoutContentSchema,
  sealedHandoutSchema,
  TABLE_MAPS,
} from '@meshtable/schema';
import type * as Y from 'yjs';
import { placementOf } from './handoutVisibility';
import { JournalError } from './JournalError';

/** What the journal needs of an open campaign (a CampaignSession satisfies it). */
export interface JournalSession {
  readonly campaignId: string;
  readonly me: Identity;
  readonly table: Y.Doc;
  readonly gm: Y.Doc | null;
  writeAsGm(write: (table: Y.Doc) => void): boolean;
}

/** The context a page is sealed for: it opens only as this campaign's page of this id. */
export function sealContext(campaignId: string, pageId: string): string {
  return `${campaignId}/handout/${pageId}`;
}

function readPages(map: Y.Map<unknown>, onInvalid: (id: string) => void): Handout[] {
  const pages: Handout[] = [];
  for (const [id, stored] of map) {
    const checked = handoutSchema.safeParse(fromYValue(stored));
    if (checked.success && checked.data.id === id) pages.push(checked.data);
    else onInvalid(id);
  }
  return pages;
}

/** Every page the GMs wrote (the gm doc's master copies), or null without the gm doc. */
export function readGmPages(gm: Y.Doc | null, onInvalid: (id: string) => void = () => {}) {
  return gm === null ? null : readPages(gm.getMap<unknown>(GM_MAPS.handouts), onInvalid);
}

/** The pages shared with everyone (the table doc's `handouts`). */
export function readEveryonePages(table: Y.Doc, onInvalid: (id: string) => void = () => {}) {
  return readPages(table.getMap<unknown>(TABLE_MAPS.handouts), onInvalid);
}

/**
 * The sealed pages `me` can open, as pages whose `sharedWith` is their readers. Pages sealed
 * to others are skipped (their words are not here to read); one that is for me but does not
 * open (altered, moved) is reported.
 */
export function readSealedPagesFor(
  table: Y.Doc,
  me: Identity,
  campaignId: string,
  onInvalid: (id: string, problem: string) => void = () => {},
): Handout[] {
  const pages: Handout[] = [];
  for (const [id, stored] of table.getMap<unknown>(TABLE_MAPS.sealedHandouts)) {
    const record = sealedHandoutSchema.safeParse(fromYValue(stored));
    if (!record.success || record.data.id !== id) {
      onInvalid(id, 'the sealed page is malformed');
      continue;
    }
    const readers = Object.keys(record.data.sealed.keys);
    if (!readers.includes(me.userId)) continue;
    try {
      const text = openSealedText(record.data.sealed, me, sealContext(campaignId, id));
      const content = sealedHandoutContentSchema.parse(JSON.parse(text));
      pages.push({ id, ...content, sharedWith: readers.sort() });
    } catch (error) {
      onInvalid(id, error instanceof Error ? error.message : String(error));
    }
  }
  return pages;
}

function checkPage(page: Handout): Handout {
  const checked = handoutSchema.safeParse(page);
  if (!checked.success) {
    throw new JournalError(
      'JOURNAL_INVALID_PAGE',
      `This page cannot be saved: ${checked.error.issues.map((issue) => `${issue.path.join('.') || 'page'} ${issue.message}`).join('; ')}.`,
    );
  }
  return checked.data;
}

function needsGm(session: JournalSession): Y.Doc {
  if (session.gm === null)
    throw new JournalError('JOURNAL_NOT_GM', 'Only a GM writes journal pages.');
  return session.gm;
}

function notValidating(): JournalError {
  return new JournalError(
    'JOURNAL_NOT_VALIDATING',
    'Only the GM device that runs the table can share or unshare pages: open the campaign there.',
  );
}

/** Whether the table doc holds a shared copy of the page (for everyone or sealed). */
function isShared(table: Y.Doc, id: string): boolean {
  return (
    table.getMap(TABLE_MAPS.handouts).has(id) || table.getMap(TABLE_MAPS.sealedHandouts).has(id)
  );
}

/**
 * Saves a page: its master copy in the gm doc, and its shared copies as its `sharedWith` says
 * (for everyone: the table doc's `handouts`; for chosen members: sealed to them; a draft: none,
 * and any copy shared before is taken back).
 * @throws JournalError `JOURNAL_INVALID_PAGE`, `JOURNAL_NOT_GM`, `JOURNAL_NO_READERS` (none of
 *   the chosen readers is a member), `JOURNAL_NOT_VALIDATING`; nothing is written then
 */
export function saveJournalPage(session: JournalSession, page: Handout): Handout {
  const checked = checkPage(page);
  const gm = needsGm(session);
  const placement = placementOf(checked, readMembers(session.table), session.me.userId);
  if ('unknownReaders' in placement) {
    throw new JournalError(
      'JOURNAL_NO_READERS',
      'None of the chosen readers is a member of the table: choose someone, or keep it as a draft.',
    );
  }
  const touchesTable =
    placement.everyone !== null ||
    placement.sealedTo !== null ||
    isShared(session.table, checked.id);
  if (touchesTable) {
    // Sealed before the write, so that a text that cannot be sealed writes nothing.
    const sealed =
      placement.sealedTo === null
        ? null
        : sealText(
            JSON.stringify({ name: checked.name, body: checked.body, image: checked.image }),
            placement.sealedTo,
            sealContext(session.campaignId, checked.id),
          );
    const wrote = session.writeAsGm((table) => {
      const everyone = table.getMap<unknown>(TABLE_MAPS.handouts);
      const sealedPages = table.getMap<unknown>(TABLE_MAPS.sealedHandouts);
      if (placement.everyone === null) everyone.delete(checked.id);
      else everyone.set(checked.id, toYValue(placement.everyone));
      if (sealed === null) sealedPages.delete(checked.id);
      // Whole, as plain JSON: an envelope is only meaningful in one piece.
      else sealedPages.set(checked.id, { id: checked.id, sealed });
    });
    if (!wrote) throw notValidating();
  }
  gm.transact(() => gm.getMap<unknown>(GM_MAPS.handouts).set(checked.id, toYValue(checked)));
  return checked;
}

/**
 * Deletes a page, its master copy and its shared copies.
 * @throws JournalError `JOURNAL_NOT_GM`, `JOURNAL_NOT_VALIDATING` (it was shared); nothing is
 *   deleted then
 */
export function deleteJournalPage(session: JournalSession, id: string): void {
  const gm = needsGm(session);
  if (isShared(session.table, id)) {
    const wrote = session.writeAsGm((table) => {
      table.getMap(TABLE_MAPS.handouts).delete(id);
      table.getMap(TABLE_MAPS.sealedHandouts).delete(id);
    });
    if (!wrote) throw notValidating();
  }
  gm.transact(() => gm.getMap(GM_MAPS.handouts).delete(id));
}

/**
 * Calls `listener` after every change to the pages: the table doc's shared ones, the members
 * (whom a page can be sealed to), and the gm doc's master copies.
 * @returns a function that stops listening
 */
export function watchJournal(
  session: Pick<JournalSession, 'table' | 'gm'>,
  listener: () => void,
): () => void {
  const maps = [
    session.table.getMap(TABLE_MAPS.handouts),
    session.table.getMap(TABLE_MAPS.sealedHandouts),
    session.table.getMap(TABLE_MAPS.members),
  ];
  if (session.gm !== null) maps.push(session.gm.getMap(GM_MAPS.handouts));
  const observer = () => listener();
  for (const map of maps) map.observeDeep(observer);
  return () => {
    for (const map of maps) map.unobserveDeep(observer);
  };
}
