/**
 * A GM's edit of a sheet field (sheetEdits.ts, route `gm`): written on the device that runs the
 * table, sent as a `gm.edit` from a GM's other device and committed by the table to the same
 * character; a name that breaks the record is refused there before anything is sent.
 */
import { parseSheet } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { fakeTableWriter } from '../campaign/fakeTableWriter';
import { createCharacter } from './actorWrites';
import { readActors } from './readActors';
import { applySheetEdit } from './sheetEdits';

const SHEET = (() => {
  const parsed = parseSheet({
    format: 1,
    actorType: 'character',
    title: { field: 'name' },
    defaults: { hp: 7 },
    sections: [{ title: 'Main', fields: [{ label: 'HP', field: 'data.hp', type: 'number' }] }],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.sheet;
})();

function gmDevices() {
  const runner = fakeTableWriter({ role: 'gm', validating: true });
  createCharacter(runner, SHEET, { id: 'a1', name: 'Ana', type: 'character', owner: null });
  const phone = fakeTableWriter({ role: 'gm', validating: false }, runner.table);
  return { runner, phone };
}

describe('applySheetEdit as a GM', () => {
  it('writes on the device that runs the table', () => {
    const { runner } = gmDevices();
    expect(applySheetEdit(runner, 'gm', 'a1', ['name'], 'Anna')).toEqual({ status: 'written' });
    expect(readActors(runner.table)[0]?.name).toBe('Anna');
  });

  it('sends the name from a GM’s other device, and the table renames the character', async () => {
    const { phone } = gmDevices();
    const outcome = applySheetEdit(phone, 'gm', 'a1', ['name'], 'Anna');
    expect(phone.sent).toEqual([
      {
        kind: 'gm.edit',
        payload: {
          changes: [{ op: 'set', collection: 'actors', id: 'a1', path: ['name'], value: 'Anna' }],
        },
      },
    ]);
    expect(readActors(phone.table)[0]?.name).toBe('Ana');
    phone.rule();
    expect(outcome.status).toBe('sent');
    if (outcome.status === 'sent') {
      await expect(outcome.receipt).resolves.toMatchObject({ status: 'applied' });
    }
    expect(readActors(phone.table)[0]?.name).toBe('Anna');
  });

  it('refuses an empty name on either device, writing and sending nothing', () => {
    const { runner, phone } = gmDevices();
    for (const device of [runner, phone]) {
      expect(() => applySheetEdit(device, 'gm', 'a1', ['name'], '')).toThrow(/name/);
    }
    expect(phone.sent).toEqual([]);
    expect(readActors(runner.table)[0]?.name).toBe('Ana');
  });
});
