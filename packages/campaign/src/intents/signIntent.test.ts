import { describe, expect, it } from 'vitest';
import { ARIA, CAMPAIGN, KNOWN_INTENT } from '../testing/intents';
import { thrown } from '../testing/thrown';
import type { JsonValue } from './canonicalJson';
import { MAX_INTENT_PAYLOAD_BYTES } from './intent';
import { type IntentRequest, signIntent } from './signIntent';
import { verifyIntent } from './verifyIntent';

const REQUEST: IntentRequest = {
  campaign: CAMPAIGN,
  kind: 'token.move',
  payload: {
    tokenId: 't1',
    x: 140,
    y: 70.5,
    note: 'café ✓',
    path: [
      [0, 0],
      [1, -2],
    ],
  },
  seq: 1,
  at: 1_767_225_600_000,
};

function signError(changes: Partial<Record<keyof IntentRequest, unknown>>) {
  return thrown(() => signIntent(ARIA, { ...REQUEST, ...changes } as IntentRequest));
}

describe('signIntent', () => {
  it('reproduces the independently computed known intent, signature included', () => {
    expect(signIntent(ARIA, REQUEST)).toEqual(KNOWN_INTENT);
  });

  it('numbers the intent author.seq', () => {
    const intent = signIntent(ARIA, { ...REQUEST, seq: 42 });
    expect(intent.id).toBe(`${ARIA.userId}.42`);
    expect(intent.author).toBe(ARIA.userId);
    expect(verifyIntent(intent, ARIA.publicKey).ok).toBe(true);
  });

  it('signs a copy of the payload, so changing the caller’s object afterwards breaks nothing', () => {
    const payload = { tokenId: 't1', path: [[0, 0]] };
    const intent = signIntent(ARIA, { ...REQUEST, payload });
    payload.tokenId = 't2';
    payload.path.push([5, 5]);
    expect(intent.payload).toEqual({ tokenId: 't1', path: [[0, 0]] });
    expect(verifyIntent(intent, ARIA.publicKey).ok).toBe(true);
  });

  it('signs any JSON payload: null, scalars, arrays, nested objects', () => {
    const payloads: JsonValue[] = [null, 0, 'roll 1d20', true, [], [{ a: [{}] }]];
    for (const payload of payloads) {
      const intent = signIntent(ARIA, { ...REQUEST, payload });
      expect(verifyIntent(intent, ARIA.publicKey)).toEqual({ ok: true, intent });
    }
  });

  it('refuses to sign a malformed intent, naming each field', () => {
    const error = signError({ kind: 'Token Move', seq: 0, at: -5 });
    expect(error.code).toBe('INTENT_INVALID');
    expect(error.message).toMatch(/^Cannot sign: kind: .*; seq: .*; at: /);
    expect(signError({ campaign: '' }).message).toContain('campaign: ');
  });

  it('refuses a payload that canonical JSON refuses or that is too large', () => {
    expect(signError({ payload: { when: new Date(0) } }).message).toContain(
      'payload.when: a Date is not a plain JSON object',
    );
    expect(signError({ payload: { x: undefined } }).message).toContain('payload.x: undefined');
    expect(signError({ payload: 'a'.repeat(MAX_INTENT_PAYLOAD_BYTES) }).message).toContain(
      `at most ${MAX_INTENT_PAYLOAD_BYTES} are allowed`,
    );
  });

  it('refuses a secret key that is not 32 bytes', () => {
    const identity = { userId: ARIA.userId, secretKey: new Uint8Array(16) };
    expect(thrown(() => signIntent(identity, REQUEST)).code).toBe('IDENTITY_INVALID_KEY');
  });
});
