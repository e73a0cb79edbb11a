import { GM_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toYValue } from '../doc/yRecords';
import { bookkeeping, gmDevice, recordIn, updatesDuring, whereIs } from '../testing/hiddenDevices';
import { sceneRecord, tokenRecord } from '../testing/records';
import { thrown } from '../testing/thrown';
import { hideScene, hideToken } from './hideRecords';
import { hiddenStatus } from './readHidden';
import { revealScene, revealToken } from './revealRecords';

const cellar = sceneRecord('cellar');
const rat = tokenRecord('rat', 'cellar', { name: 'Giant rat' });
const ana = tokenRecord('ana', 'cellar', { name: 'Ana' });
const now = () => 2_000;
const clean = { hiddenOwn: {}, hiddenWithScene: {}, revealing: {} };

const device = () => gmDevice({ scenes: [cellar], tokens: [rat, ana] });

/** Both docs' whole state, to show that a refusal wrote nothing. */
const stateOf = (gm: { table: Y.Doc; gm: Y.Doc }) =>
  [gm.table, gm.gm].map((doc) => Y.encodeStateVector(doc).join(','));

describe('revealToken', () => {
  it('moves the token back into the table doc and leaves no bookkeeping', () => {
    const gm = device();
    hideToken(gm.table, gm.gm, 'rat', { now });
    expect(revealToken(gm.table, gm.gm, 'rat', { now })).toEqual({
      hidden: false,
      own: false,
      withScene: null,
    });
    expect(whereIs(gm, 'tokens', 'rat')).toBe('table');
    expect(recordIn(gm.table, 'tokens', 'rat')).toEqual(rat);
    expect(bookkeeping(gm.gm)).toEqual(clean);
  });

  it('shows the GM the edits made to the hidden copy', () => {
    const gm = device();
    hideToken(gm.table, gm.gm, 'rat', { now });
    (gm.gm.getMap(GM_MAPS.tokens).get('rat') as Y.Map<unknown>).set('name', 'Rat king');
    revealToken(gm.table, gm.gm, 'rat', { now });
    expect(recordIn(gm.table, 'tokens', 'rat')).toEqual({ ...rat, name: 'Rat king' });
  });

  it('writes nothing for a token that is shown already', () => {
    const gm = device();
    const writes =
      updatesDuring(gm.table, () => revealToken(gm.table, gm.gm, 'rat', { now })) +
      updatesDuring(gm.gm, () => revealToken(gm.table, gm.gm, 'rat', { now }));
    expect(writes).toBe(0);
  });

  it('keeps a token on a hidden scene hidden, now along with the scene', () => {
    const gm = device();
    hideToken(gm.table, gm.gm, 'rat', { now });
    hideScene(gm.table, gm.gm, 'cellar', { now });
    expect(revealToken(gm.table, gm.gm, 'rat', { now })).toEqual({
      hidden: true,
      own: false,
      withScene: 'cellar',
    });
    expect(whereIs(gm, 'tokens', 'rat')).toBe('gm');
    expect(gm.gm.getMap(GM_MAPS.revealing).size).toBe(0);
    expect(revealScene(gm.table, gm.gm, 'cellar', { now }).revealed).toEqual(['ana', 'rat']);
    expect(whereIs(gm, 'tokens', 'rat')).toBe('table');
  });

  it('refuses a token in neither doc with HIDDEN_NO_SUCH_RECORD', () => {
    const gm = device();
    expect(thrown(() => revealToken(gm.table, gm.gm, 'ghost')).code).toBe('HIDDEN_NO_SUCH_RECORD');
  });

  it('refuses a malformed gm copy with HIDDEN_INVALID_RECORD, moving nothing', () => {
    const gm = device();
    hideToken(gm.table, gm.gm, 'rat', { now });
    (gm.gm.getMap(GM_MAPS.tokens).get('rat') as Y.Map<unknown>).set('size', -3);
    const before = stateOf(gm);
    const error = thrown(() => revealToken(gm.table, gm.gm, 'rat', { now }));
    expect(error.code).toBe('HIDDEN_INVALID_RECORD');
    expect(error.message).toBe(
      "Cannot reveal: the gm doc's copy is malformed (tokens/rat: size: Too small: expected number to be >0). Nothing was moved.",
    );
    expect(stateOf(gm)).toEqual(before);
    expect(hiddenStatus(gm.gm, 'tokens', 'rat').hidden).toBe(true);
  });

  it('refuses a gm copy filed under another id', () => {
    const gm = device();
    gm.gm.getMap(GM_MAPS.tokens).set('mole', toYValue({ ...rat, name: 'Mole' }));
    const error = thrown(() => revealToken(gm.table, gm.gm, 'mole', { now }));
    expect(error.code).toBe('HIDDEN_INVALID_RECORD');
    expect(error.message).toContain('tokens/mole: its id field is "rat", not its key');
    expect(whereIs(gm, 'tokens', 'mole')).toBe('gm');
  });
});

describe('revealScene', () => {
  it('reveals the scene and the tokens hidden with it, in one table transaction', () => {
    const gm = device();
    hideScene(gm.table, gm.gm, 'cellar', { now });
    let result: ReturnType<typeof revealScene> | undefined;
    expect(
      updatesDuring(gm.table, () => {
        result = revealScene(gm.table, gm.gm, 'cellar', { now });
      }),
    ).toBe(1);
    expect(result).toEqual({
      scene: { hidden: false, own: false, withScene: null },
      revealed: ['ana', 'rat'],
      stillHidden: [],
    });
    for (const id of ['ana', 'rat']) expect(whereIs(gm, 'tokens', id)).toBe('table');
    expect(whereIs(gm, 'scenes', 'cellar')).toBe('table');
    expect(bookkeeping(gm.gm)).toEqual(clean);
  });

  it('leaves hidden the tokens the GM had hidden on their own before', () => {
    const gm = device();
    hideToken(gm.table, gm.gm, 'rat', { now });
    hideScene(gm.table, gm.gm, 'cellar', { now });
    expect(revealScene(gm.table, gm.gm, 'cellar', { now })).toMatchObject({
      revealed: ['ana'],
      stillHidden: ['rat'],
    });
    expect(hiddenStatus(gm.gm, 'tokens', 'rat')).toEqual({
      hidden: true,
      own: true,
      withScene: null,
    });
    expect(bookkeeping(gm.gm)).toEqual({ ...clean, hiddenOwn: { 'tokens/rat': 2_000 } });
  });

  it('refuses the whole reveal when one token is malformed, moving nothing', () => {
    const gm = device();
    hideScene(gm.table, gm.gm, 'cellar', { now });
    (gm.gm.getMap(GM_MAPS.tokens).get('ana') as Y.Map<unknown>).delete('owners');
    const before = stateOf(gm);
    const error = thrown(() => revealScene(gm.table, gm.gm, 'cellar', { now }));
    expect(error.code).toBe('HIDDEN_INVALID_RECORD');
    expect(error.message).toContain('tokens/ana: owners:');
    expect(stateOf(gm)).toEqual(before);
    expect(whereIs(gm, 'scenes', 'cellar')).toBe('gm');
  });

  it('refuses a scene in neither doc with HIDDEN_NO_SUCH_RECORD', () => {
    const gm = device();
    expect(thrown(() => revealScene(gm.table, gm.gm, 'attic')).code).toBe('HIDDEN_NO_SUCH_RECORD');
  });
});
