/**
 * Where a GM's change of the table doc goes, for the board and the panels alike. The table doc
 * has one writer, the validating GM's device (its audit undoes anyone else's writes): there, a
 * change is written at once through `session.writeAsGm`. On a GM's other device (a second
 * laptop, a phone) the same change, as a change list, goes to that writer as a `gm.edit` intent,
 * which its validator checks and commits (packages/campaign validator/tableEdit.ts: each entry
 * against its map's rule, doc/tableCollections.ts). Every GM write of the table doc goes
 * through {@link writeTable}, so a feature works from any GM device without a branch of its
 * own; the ticket it returns lets the UI show the change pending, then applied or refused
 * (SentEditStatus.tsx).
 *
 * The gm doc (hidden records, drafts, the library) is not written here: every GM device writes
 * it directly.
 */
import {
  applyTableEdit,
  ChangeError,
  encodeCanonicalJson,
  type IntentTicket,
  MAX_INTENT_PAYLOAD_BYTES,
  planTableEdit,
  type TableChange,
} from '@meshtable/campaign';
import type { JsonValue } from '@meshtable/sandbox';
import type * as Y from 'yjs';
import { TableWriteError } from './TableWriteError';

/** What a GM's write of the table doc needs of the session (a CampaignSession is one). */
export interface TableWriter {
  readonly table: Y.Doc;
  readonly gm: Y.Doc | null;
  readonly intents: { request(kind: string, payload: JsonValue): IntentTicket };
  writeAsGm(write: (table: Y.Doc) => void): boolean;
  state(): { readonly role: string; readonly validating: boolean };
}

/**
 * Writes into the table doc as its one writer. On a GM's other device, a change that `changes`
 * can describe goes to that writer as a `gm.edit` intent instead, once it has passed the same
 * checks here (so a bad change fails at once, nothing sent).
 * @param what what the change is ("make a character"), for the messages
 * @param write the change, run inside the validating device's transaction; what it throws is
 *   thrown once the transaction is over (checks come before writes: nothing is half-written)
 * @param changes the same change as a change list, when it can be one
 * @returns the `gm.edit` sent, whose receipt says whether it was committed; null when this
 *   device wrote the change itself (or the change list was empty: nothing to send)
 * @throws TableWriteError `TABLE_NOT_GM` for anyone but a GM; `TABLE_NOT_VALIDATING` on a GM
 *   device that does not run the table, for a change without a change list;
 *   `TABLE_INVALID_RECORD` for a change list that breaks a record; `TABLE_EDIT_TOO_LARGE` for
 *   one over an intent's 64 KiB
 */
export function writeTable(
  session: TableWriter,
  what: string,
  write: (table: Y.Doc) => void,
  changes?: () => readonly TableChange[],
): IntentTicket | null {
  let failure: unknown = null;
  const wrote = session.writeAsGm((table) => {
    try {
      write(table);
    } catch (error) {
      failure = error;
    }
  });
  if (failure !== null) throw failure;
  if (wrote) return null;
  if (session.state().role !== 'gm') {
    throw new TableWriteError('TABLE_NOT_GM', `Only a GM can ${what}.`);
  }
  if (changes === undefined) {
    throw new TableWriteError(
      'TABLE_NOT_VALIDATING',
      `Only the GM device that runs the table can ${what}: open the campaign there.`,
    );
  }
  const list = changes();
  // Nothing to change (a turn moved where it was): nothing to send, which gm.edit would refuse.
  if (list.length === 0) return null;
  invalidAsTableError(() => planTableEdit(list, session));
  const payload = { changes: list as unknown as JsonValue };
  const bytes = new TextEncoder().encode(encodeCanonicalJson(payload)).length;
  if (bytes > MAX_INTENT_PAYLOAD_BYTES) {
    throw new TableWriteError(
      'TABLE_EDIT_TOO_LARGE',
      `This device cannot ${what}: the change is ${Math.ceil(bytes / 1024)} KiB, and a GM's other device sends at most ${MAX_INTENT_PAYLOAD_BYTES / 1024} KiB to the device that runs the table. Make it there (or make it smaller).`,
    );
  }
  return session.intents.request('gm.edit', payload);
}

/**
 * Makes a change described by its change list alone: written here by the table's writer, or
 * sent from a GM's other device, through {@link writeTable} either way.
 * @returns as {@link writeTable}
 * @throws TableWriteError as {@link writeTable}
 */
export function writeTableChanges(
  session: TableWriter,
  what: string,
  changes: readonly TableChange[],
): IntentTicket | null {
  return writeTable(
    session,
    what,
    (table) => invalidAsTableError(() => applyTableEdit(changes, { table, gm: session.gm })),
    () => changes,
  );
}

/** Runs `plan`, its ChangeError (a change that breaks a record) as `TABLE_INVALID_RECORD`. */
function invalidAsTableError(plan: () => unknown): void {
  try {
    plan();
  } catch (error) {
    if (!(error instanceof ChangeError)) throw error;
    throw new TableWriteError(
      'TABLE_INVALID_RECORD',
      `That change cannot be made (${error.message}); nothing was changed.`,
    );
  }
}
