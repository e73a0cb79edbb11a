import type { Token } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { tokenFormValues, tokenPatchOf } from './tokenFormValues';

const ALICE = 'aliceAAAAAAAAAAAAAAAAA';
const BOB = 'bobBBBBBBBBBBBBBBBBBBB';

const token: Token = {
  id: 't1',
  sceneId: 's1',
  actorId: 'a1',
  name: 'Mira',
  image: null,
  x: 0,
  y: 0,
  size: 2,
  rotation: 0,
  bars: [],
  conditions: ['prone', 'blessed'],
  owners: [ALICE, BOB],
};

describe('the token form', () => {
  it('gives back the token it was filled from', () => {
    expect(tokenPatchOf(tokenFormValues(token), token.owners)).toEqual({
      ok: true,
      result: {
        name: 'Mira',
        size: 2,
        actorId: 'a1',
        owners: [ALICE, BOB],
        conditions: ['prone', 'blessed'],
        image: null,
      },
    });
  });

  it('starts a new token as a one-cell marker moved by GMs only', () => {
    expect(tokenPatchOf({ ...tokenFormValues(undefined), name: 'Crate' }, [])).toEqual({
      ok: true,
      result: { name: 'Crate', size: 1, actorId: null, owners: [], conditions: [], image: null },
    });
  });

  it('reads an image as an asset hash, in lower case', () => {
    const parsed = tokenPatchOf({ ...tokenFormValues(token), image: ` ${'AB'.repeat(32)} ` }, []);
    expect(parsed).toMatchObject({ ok: true, result: { image: 'ab'.repeat(32) } });
  });

  it('changes the first owner and keeps the others, and tidies conditions', () => {
    const values = {
      ...tokenFormValues(token),
      owner: BOB,
      conditions: ' stunned,, stunned , hidden ',
    };
    expect(tokenPatchOf(values, token.owners)).toMatchObject({
      ok: true,
      result: { owners: [BOB], conditions: ['stunned', 'hidden'] },
    });
    expect(tokenPatchOf({ ...values, owner: '' }, token.owners)).toMatchObject({
      result: { owners: [] },
    });
  });

  it.each([
    [{ name: '  ' }, 'needs a name'],
    [{ size: 'big' }, 'size must be'],
    [{ size: '0' }, 'size must be'],
    [{ size: '101' }, 'size must be'],
    [{ conditions: 'x'.repeat(65) }, 'at most 64'],
    [{ image: 'portrait.png' }, 'SHA-256'],
  ])('refuses %o with a reason', (change, reason) => {
    const parsed = tokenPatchOf({ ...tokenFormValues(token), ...change }, token.owners);
    expect(parsed.ok ? '' : parsed.problem).toContain(reason);
  });
});
