/**
 * Whether the audit knows whom this device writes for: this Yjs client has appended a signed
 * intent to my log (packages/campaign memberDevices.ts learns client ids that way). Until it
 * has (a fresh page has a fresh client id), an owner's edit goes as a `sheet.edit` intent,
 * which also introduces the device; after it, edits are written directly.
 */
import { intentLogName } from '@meshtable/schema';
import type * as Y from 'yjs';

/** Whether `table`'s client has appended an entry to the intent log of `userId`. */
export function deviceKnown(table: Y.Doc, userId: string): boolean {
  let item = table.getArray(intentLogName(userId))._start;
  while (item !== null) {
    if (!item.deleted && item.id.client === table.clientID) return true;
    item = item.right as typeof item;
  }
  return false;
}
