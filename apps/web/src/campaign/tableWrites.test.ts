/**
 * The app's one write path for the table doc (tableWrites.ts): written directly on the device
 * that runs the table, sent as a checked `gm.edit` from a GM's other device (and committed there
 * to the same record), refused for a player, for a change that breaks a record and for one too
 * large to send, with nothing written or sent.
 */
import { MAX_INTENT_PAYLOAD_BYTES, type TableChange } from '@meshtable/campaign';
import { AMBIENT_AUDIO_KEY, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fakeTableWriter } from './fakeTableWriter';
import { recordChanges } from './recordChanges';
import { writeTable, writeTableChanges } from './tableWrites';

const track = {
  track: 'ab'.repeat(32),
  name: 'Rain',
  playing: true,
  loop: true,
  volume: 0.5,
  startedAt: 1_700_000_000_000,
  offset: 0,
};
const play: TableChange[] = [
  { op: 'set', collection: 'audio', id: AMBIENT_AUDIO_KEY, path: [], value: track },
];

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'none';
};

describe('writeTableChanges', () => {
  it('writes on the device that runs the table, and sends nothing', () => {
    const runner = fakeTableWriter({ role: 'gm', validating: true });
    expect(writeTableChanges(runner, 'play a track', play)).toBeNull();
    expect(runner.table.getMap(TABLE_MAPS.audio).get(AMBIENT_AUDIO_KEY)).toEqual(track);
    expect(runner.sent).toEqual([]);
  });

  it('sends a GM’s other device’s change as a gm.edit, which commits the same record', async () => {
    const table = new Y.Doc();
    const phone = fakeTableWriter({ role: 'gm', validating: false }, table);
    const ticket = writeTableChanges(phone, 'play a track', play);
    expect(phone.sent).toEqual([{ kind: 'gm.edit', payload: { changes: play } }]);
    // Nothing is written here: the device that runs the table commits it.
    expect(table.getMap(TABLE_MAPS.audio).size).toBe(0);
    phone.rule();
    await expect(ticket?.receipt).resolves.toMatchObject({ status: 'applied' });
    expect(table.getMap(TABLE_MAPS.audio).get(AMBIENT_AUDIO_KEY)).toEqual(track);
  });

  it('refuses a player, a change that breaks a record, and one too large to send: nothing sent', () => {
    const player = fakeTableWriter({ role: 'player', validating: false });
    expect(codeOf(() => writeTableChanges(player, 'play a track', play))).toBe('TABLE_NOT_GM');

    const phone = fakeTableWriter({ role: 'gm', validating: false });
    const loud = [{ ...play[0], value: { ...track, volume: 2 } }] as TableChange[];
    expect(() => writeTableChanges(phone, 'play a track', loud)).toThrow(
      /^That change cannot be made \(audio\/ambient would be invalid: volume/,
    );
    const runner = fakeTableWriter({ role: 'gm', validating: true });
    expect(codeOf(() => writeTableChanges(runner, 'play a track', loud))).toBe(
      'TABLE_INVALID_RECORD',
    );
    expect(runner.table.getMap(TABLE_MAPS.audio).size).toBe(0);

    const page = {
      id: 'p1',
      name: 'The long letter',
      body: 'x'.repeat(MAX_INTENT_PAYLOAD_BYTES),
      image: null,
      sharedWith: 'all',
    };
    expect(
      codeOf(() =>
        writeTableChanges(phone, 'share a page', recordChanges('handouts', 'p1', undefined, page)),
      ),
    ).toBe('TABLE_EDIT_TOO_LARGE');
    expect(phone.sent).toEqual([]);
  });
});

describe('writeTable', () => {
  it('throws what the direct write threw, after its transaction', () => {
    const runner = fakeTableWriter({ role: 'gm', validating: true });
    const write = (table: Y.Doc) => {
      throw new Error(`no ${table.getMap(TABLE_MAPS.combat).size} encounter`);
    };
    expect(() => writeTable(runner, 'end it', write)).toThrow('no 0 encounter');
  });

  it('says a change without a change list is made on the device that runs the table', () => {
    const phone = fakeTableWriter({ role: 'gm', validating: false });
    expect(codeOf(() => writeTable(phone, 'admit a player', () => {}))).toBe(
      'TABLE_NOT_VALIDATING',
    );
    // An empty change list changes nothing: nothing is sent.
    expect(writeTableChanges(phone, 'move the turn', [])).toBeNull();
    expect(phone.sent).toEqual([]);
  });
});

describe('recordChanges', () => {
  const before = { id: 'c1', round: 1, turn: 0, note: 'x', combatants: [{ id: 'a' }] };

  it('sets the fields that differ and deletes those that went', () => {
    expect(
      recordChanges('combat', 'c1', before, {
        id: 'c1',
        round: 1,
        turn: 1,
        combatants: [{ id: 'a' }],
      }),
    ).toEqual([
      { op: 'set', collection: 'combat', id: 'c1', path: ['turn'], value: 1 },
      { op: 'delete', collection: 'combat', id: 'c1', path: ['note'] },
    ]);
  });

  it('makes a new record whole, deletes a record whole, and is empty for no change', () => {
    expect(recordChanges('combat', 'c1', undefined, before)).toEqual([
      { op: 'set', collection: 'combat', id: 'c1', path: [], value: before },
    ]);
    expect(recordChanges('combat', 'c1', before, null)).toEqual([
      { op: 'delete', collection: 'combat', id: 'c1', path: [] },
    ]);
    expect(recordChanges('combat', 'c1', undefined, null)).toEqual([]);
    expect(recordChanges('combat', 'c1', before, structuredClone(before))).toEqual([]);
  });
});
