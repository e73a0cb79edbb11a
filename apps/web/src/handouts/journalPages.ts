/**
 * The journal's pages in the campaign's docs (the model is handoutVisibility.ts): reading the
 * pages a viewer may see, and the GM's save and delete, which keep the gm doc's master copy and
 * the table doc's shared copies in step.
 *
 * A save changes the table doc's copies first, through the table's one write path
 * (campaign/tableWrites.ts: directly on the GM device that runs the table, as a `gm.edit` from a
 * GM's other device), then the master copy: a change that cannot be made or sent (a page too
 * long for an intent, say) is refused before anything changes. A draft that was never shared
 * touches the gm doc only, which every GM device writes directly.
 */
import {
  fromYValue,
  type Identity,
  type IntentTicket,
  openSealedText,
  readMembers,
  sealText,
  type TableChange,
  toYValue,
} from '@meshtable/campaign';
import type { JsonObject } from '@meshtable/sandbox';
import {
  GM_MAPS,
  type Handout,
  handoutSchema,
  type SealedHandout,
  sealedHandoutContentSchema,
  sealedHandoutSchema,
  TABLE_MAPS,
} from '@meshtable/schema';
import type * as Y from 'yjs';
import { recordChanges } from '../campaign/recordChanges';
import { type TableWriter, writeTableChanges } from '../campaign/tableWrites';
import { placementOf } from './handoutVisibility';
import { JournalError } from './JournalError';

/** What the journal needs of an open campaign (a CampaignSession satisfies it). */
export interface JournalSession extends TableWriter {
  readonly campaignId: string;
  readonly me: Identity;
  readonly table: Y.Doc;
  readonly gm: Y.Doc | null;
}

/** A page saved: as stored, and the change of its shared copies sent from a GM's other device. */
export interface SavedPage {
  readonly page: Handout;
  /** The `gm.edit` sent (its receipt says whether the table shared it); null when written here. */
  readonly sent: IntentTicket | null;
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

/**
 * The changes that leave the table doc's copies of page `id` as `everyone` (the copy for
 * everyone, or null for none) and `sealed` (the sealed copy, or null for none) say.
 */
function sharedCopyChanges(
  table: Y.Doc,
  id: string,
  everyone: Handout | null,
  sealed: SealedHandout | null,
): TableChange[] {
  const stored = (name: string) =>
    fromYValue(table.getMap<unknown>(name).get(id)) as JsonObject | undefined;
  const asJson = (record: object | null) => record as JsonObject | null;
  return [
    ...recordChanges('handouts', id, stored(TABLE_MAPS.handouts), asJson(everyone)),
    // Whole: an envelope is only meaningful in one piece.
    ...(sealed === null
      ? recordChanges('sealedHandouts', id, stored(TABLE_MAPS.sealedHandouts), null)
      : [
          { op: 'set', collection: 'sealedHandouts', id, path: [], value: asJson(sealed) } as const,
        ]),
  ] as TableChange[];
}

/**
 * Saves a page: its master copy in the gm doc, and its shared copies as its `sharedWith` says
 * (for everyone: the table doc's `handouts`; for chosen members: sealed to them; a draft: none,
 * and any copy shared before is taken back).
 * @returns the page as stored, and the change of its shared copies sent, if any
 * @throws JournalError `JOURNAL_INVALID_PAGE`, `JOURNAL_NOT_GM`, `JOURNAL_NO_READERS` (none of
 *   the chosen readers is a member); TableWriteError (campaign/tableWrites.ts), such as
 *   `TABLE_EDIT_TOO_LARGE` for a page a GM's other device cannot send; nothing is written then
 */
export function saveJournalPage(session: JournalSession, page: Handout): SavedPage {
  const checked = checkPage(page);
  const gm = needsGm(session);
  const placement = placementOf(checked, readMembers(session.table), session.me.userId);
  if ('unknownReaders' in placement) {
    throw new JournalError(
      'JOURNAL_NO_READERS',
      'None of the chosen readers is a member of the table: choose someone, or keep it as a draft.',
    );
  }
  // Sealed before the write, so that a text that cannot be sealed writes nothing.
  const sealed =
    placement.sealedTo === null
      ? null
      : {
          id: checked.id,
          sealed: sealText(
            JSON.stringify({ name: checked.name, body: checked.body, image: checked.image }),
            placement.sealedTo,
            sealContext(session.campaignId, checked.id),
          ),
        };
  const changes = sharedCopyChanges(session.table, checked.id, placement.everyone, sealed);
  const sent = writeTableChanges(session, 'share or unshare a page', changes);
  gm.transact(() => gm.getMap<unknown>(GM_MAPS.handouts).set(checked.id, toYValue(checked)));
  return { page: checked, sent };
}

/**
 * Deletes a page, its master copy and its shared copies.
 * @returns the deletion of its shared copies sent from a GM's other device, if any
 * @throws JournalError `JOURNAL_NOT_GM`; TableWriteError (campaign/tableWrites.ts); nothing is
 *   deleted then
 */
export function deleteJournalPage(session: JournalSession, id: string): IntentTicket | null {
  const gm = needsGm(session);
  const sent = writeTableChanges(
    session,
    'take a shared page back',
    sharedCopyChanges(session.table, id, null, null),
  );
  gm.transact(() => gm.getMap(GM_MAPS.handouts).delete(id));
  return sent;
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
