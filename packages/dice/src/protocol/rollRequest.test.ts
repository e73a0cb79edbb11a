import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../testing/errorCode';
import { DICE_ENGINE_VERSION } from './engine';
import { checkRollRequest, makeRollRequest, PLAYER_NONCE_BYTES } from './rollRequest';

const HEAD = '12771355e46cd47c71ed1721fd5319b383cca3a1f9fce3aa1c8cd3bd37af20d7';

const codeOf = errorCodeOf;

describe('makeRollRequest', () => {
  it('draws a fresh 32-byte nonce for every request, as lowercase hex', () => {
    const a = makeRollRequest('1d20+5', 'intent-1', HEAD);
    const b = makeRollRequest('1d20+5', 'intent-1', HEAD);
    expect(a.playerNonce).toMatch(/^[0-9a-f]{64}$/);
    expect(PLAYER_NONCE_BYTES).toBe(32);
    expect(a.playerNonce).not.toBe(b.playerNonce);
    expect(a).toEqual({ ...b, playerNonce: a.playerNonce });
    expect(a).toEqual({
      rollId: 'intent-1',
      notation: '1d20+5',
      playerNonce: a.playerNonce,
      chainHead: HEAD,
      engine: DICE_ENGINE_VERSION,
    });
  });

  it('uses a given nonce as is', () => {
    const request = makeRollRequest('3d6', 'r', HEAD, new Uint8Array(16).fill(0xab));
    expect(request.playerNonce).toBe('ab'.repeat(16));
  });

  it.each([
    ['an empty notation', () => makeRollRequest('', 'r', HEAD)],
    ['an empty roll id', () => makeRollRequest('3d6', '', HEAD)],
    ['a roll id with a lone surrogate', () => makeRollRequest('3d6', '\uD800', HEAD)],
    ['a roll id over 256 bytes', () => makeRollRequest('3d6', 'x'.repeat(257), HEAD)],
    ['an uppercase chain head', () => makeRollRequest('3d6', 'r', HEAD.toUpperCase())],
    ['a short chain head', () => makeRollRequest('3d6', 'r', HEAD.slice(2))],
    ['a 15-byte nonce', () => makeRollRequest('3d6', 'r', HEAD, new Uint8Array(15))],
    ['a 65-byte nonce', () => makeRollRequest('3d6', 'r', HEAD, new Uint8Array(65))],
  ])('refuses %s with ROLL_INVALID_REQUEST', (_, make) => {
    expect(codeOf(make)).toBe('ROLL_INVALID_REQUEST');
  });
});

describe('checkRollRequest', () => {
  it('accepts a request and decodes its nonce', () => {
    const request = makeRollRequest('3d6', 'r', HEAD, new Uint8Array(20).fill(1));
    const checked = checkRollRequest(request);
    expect(checked.ok && Array.from(checked.nonce)).toEqual(new Array(20).fill(1));
  });

  it('accepts any engine number: whether it is supported is decided later', () => {
    const request = { ...makeRollRequest('3d6', 'r', HEAD), engine: 99 };
    expect(checkRollRequest(request).ok && checkRollRequest(request)).toMatchObject({
      request: { engine: 99 },
    });
  });

  it.each([
    null,
    'request',
    { rollId: 'r', notation: '3d6', chainHead: HEAD },
    { rollId: 'r', notation: 3, playerNonce: 'ab'.repeat(16), chainHead: HEAD },
    { rollId: 7, notation: '3d6', playerNonce: 'ab'.repeat(16), chainHead: HEAD },
    { rollId: 'r', notation: '3d6', playerNonce: 'AB'.repeat(16), chainHead: HEAD },
    { rollId: 'r', notation: '3d6', playerNonce: 'ab'.repeat(16) },
    { rollId: 'r', notation: '3d6', playerNonce: 'ab'.repeat(16), chainHead: HEAD },
    { rollId: 'r', notation: '3d6', playerNonce: 'ab'.repeat(16), chainHead: HEAD, engine: 0 },
    { rollId: 'r', notation: '3d6', playerNonce: 'ab'.repeat(16), chainHead: HEAD, engine: 1.5 },
    { rollId: 'r', notation: '3d6', playerNonce: 'ab'.repeat(16), chainHead: HEAD, engine: '1' },
  ])('refuses the malformed request %j', (value) => {
    expect(checkRollRequest(value).ok).toBe(false);
  });
});
