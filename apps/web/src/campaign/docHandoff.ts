/**
 * Docs handed from one screen of this page to the session that opens next: a campaign just made
 * (its table and gm docs exist only in memory until a session keeps them), or the table a kick
 * carried over into its new room (packages/campaign kickMember's `table`, which only the kicking
 * device holds). They are also written to IndexedDB when that is on; this in-memory hand-off
 * covers sessions without IndexedDB (`?persist=0`) and keeps the order the audit needs: the
 * session applies the doc before its audit starts, as part of the GM's own copy.
 */
import * as Y from 'yjs';

const handedOff = new Map<string, Uint8Array>();

const keyOf = (campaignId: string, which: 'table' | 'gm', epoch: number) =>
  `${campaignId}/${which}/${epoch}`;

/** Keeps the state of `doc` for the next session of this campaign's table (epoch) or gm doc. */
export function handOffDoc(
  campaignId: string,
  which: 'table' | 'gm',
  epoch: number,
  doc: Y.Doc,
): void {
  handedOff.set(keyOf(campaignId, which, epoch), Y.encodeStateAsUpdate(doc));
}

/**
 * Applies what was handed off for this doc, if anything. It stays for the page's life: opening
 * the campaign again (a remount) applies it again, which Yjs ignores as already known.
 * @returns whether there was anything
 */
export function applyHandedOffDoc(
  campaignId: string,
  which: 'table' | 'gm',
  epoch: number,
  into: Y.Doc,
): boolean {
  const key = keyOf(campaignId, which, epoch);
  const update = handedOff.get(key);
  if (update === undefined) return false;
  Y.applyUpdate(into, update);
  return true;
}
