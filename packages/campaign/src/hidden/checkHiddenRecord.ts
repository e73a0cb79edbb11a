/**
 * The check a hidden record passes before it is written into the table doc: the zod schema of
 * its collection, and an `id` field equal to its key. The gm doc is synced between GM devices
 * only, but it is still data read from a doc (DESIGN.md §2): a device with an older or newer
 * build, or a bug, may have stored anything there.
 */
import type { JsonObject } from '@meshtable/sandbox';
import { RECORD_SCHEMAS } from '@meshtable/schema';
import type { HiddenRef } from './hideReasons';

/** A record that passed, or what is wrong with it (for people: names the fields). */
export type HiddenRecordCheck =
  | { readonly ok: true; readonly record: JsonObject }
  | { readonly ok: false; readonly problem: string };

/** Checks `value` as the record `ref` names. */
export function checkHiddenRecord(ref: HiddenRef, value: unknown): HiddenRecordCheck {
  const checked = RECORD_SCHEMAS[ref.collection].safeParse(value);
  if (!checked.success) {
    const problems = checked.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.map(String).join('.') || '(record)'}: ${issue.message}`);
    return { ok: false, problem: problems.join('; ') };
  }
  if (checked.data.id !== ref.id) {
    return { ok: false, problem: `its id field is "${checked.data.id}", not its key` };
  }
  return { ok: true, record: checked.data as JsonObject };
}
