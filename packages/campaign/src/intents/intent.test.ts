import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { KNOWN_INTENT, KNOWN_INTENT_CANONICAL_JSON } from '../testing/intents';
import {
  describeIssues,
  INTENT_SIGNATURE_DOMAIN,
  intentId,
  intentSchema,
  intentSigningBytes,
  MAX_INTENT_PAYLOAD_BYTES,
} from './intent';

/** KNOWN_INTENT with `changes` applied; an undefined value removes the field. */
function knownWith(changes: Record<string, unknown>): Record<string, unknown> {
  const intent: Record<string, unknown> = { ...KNOWN_INTENT, ...changes };
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) delete intent[field];
  }
  return intent;
}

function problems(value: unknown): string {
  const result = intentSchema.safeParse(value);
  return result.success ? '' : describeIssues(result.error);
}

describe('intentSigningBytes', () => {
  it('is the domain string, then the canonical JSON of every field but sig', () => {
    const expected = utf8ToBytes(`meshtable intent v1\0${KNOWN_INTENT_CANONICAL_JSON}`);
    expect(INTENT_SIGNATURE_DOMAIN).toBe('meshtable intent v1\0');
    expect(bytesToHex(intentSigningBytes(KNOWN_INTENT))).toBe(bytesToHex(expected));
  });
});

describe('intentId', () => {
  it('joins author and seq with a dot', () => {
    expect(intentId('WU1FP7NnhCFh3SXZVpmDcw', 12)).toBe('WU1FP7NnhCFh3SXZVpmDcw.12');
  });
});

describe('intentSchema', () => {
  it('accepts a signed intent', () => {
    expect(problems(KNOWN_INTENT)).toBe('');
  });

  it('accepts kinds of 1 to 64 of a-z, 0-9, ".", ":" and "-"', () => {
    for (const kind of ['r', 'token.move', 'dnd5e:cast-spell', 'x'.repeat(64)]) {
      expect(problems(knownWith({ kind })), kind).toBe('');
    }
    for (const kind of ['', 'Token.move', 'token move', 'token_move', 'x'.repeat(65), 'é']) {
      expect(problems(knownWith({ kind })), kind).toMatch(/^kind: must be 1 to 64 of/);
    }
  });

  it(`caps the payload at ${MAX_INTENT_PAYLOAD_BYTES} bytes of canonical JSON (UTF-8)`, () => {
    // A string payload's canonical JSON is the string plus its two quotes.
    const ascii = (length: number) => knownWith({ payload: 'a'.repeat(length) });
    expect(problems(ascii(MAX_INTENT_PAYLOAD_BYTES - 2))).toBe('');
    expect(problems(ascii(MAX_INTENT_PAYLOAD_BYTES - 1))).toBe(
      `payload: is ${MAX_INTENT_PAYLOAD_BYTES + 1} bytes of canonical JSON; at most ${MAX_INTENT_PAYLOAD_BYTES} are allowed`,
    );
    // "é" is 2 bytes in UTF-8, though 1 UTF-16 unit.
    const twoByte = knownWith({ payload: 'é'.repeat(MAX_INTENT_PAYLOAD_BYTES / 2) });
    expect(problems(twoByte)).toMatch(/^payload: is 65538 bytes/);
  });

  it('names the place in the payload that canonical JSON refuses', () => {
    expect(problems(knownWith({ payload: { moves: [{ x: -0 }] } }))).toBe(
      'payload.moves[0].x: -0 is not allowed (write 0)',
    );
    expect(problems(knownWith({ payload: undefined }))).toMatch(/^payload: /);
  });

  it('requires id to be author.seq', () => {
    expect(problems(knownWith({ id: 'WU1FP7NnhCFh3SXZVpmDcw.2' }))).toBe(
      'id: must be author + "." + seq',
    );
    expect(problems(knownWith({ seq: 2 }))).toBe('id: must be author + "." + seq');
  });

  it('refuses other versions, bad numbers, unknown and missing fields, naming each', () => {
    expect(problems(knownWith({ v: 2 }))).toBe('v: must be 1');
    for (const seq of [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, '1']) {
      expect(problems(knownWith({ seq, id: `${KNOWN_INTENT.author}.${seq}` }))).toMatch(/^seq: /);
    }
    for (const at of [-1, 0.5, Number.POSITIVE_INFINITY]) {
      expect(problems(knownWith({ at }))).toMatch(/^at: /);
    }
    expect(problems(knownWith({ extra: 1 }))).toBe('unknown field(s) extra');
    expect(problems(knownWith({ sig: undefined }))).toMatch(/^sig: /);
    expect(problems(knownWith({ campaign: 'camp 1' }))).toMatch(/^campaign: /);
    expect(problems(knownWith({ author: 'short' }))).toMatch(/^author: /);
  });

  it('accepts only the canonical spelling of a 64-byte signature', () => {
    const sig = KNOWN_INTENT.sig;
    expect(sig.endsWith('w')).toBe(true);
    // "w" is 110000; "x" (110001) sets an unused bit: the same bytes, spelled differently.
    expect(problems(knownWith({ sig: `${sig.slice(0, -1)}x` }))).toMatch(/^sig: /);
    expect(problems(knownWith({ sig: sig.slice(1) }))).toMatch(/^sig: /);
    expect(problems(knownWith({ sig: `${sig}==` }))).toMatch(/^sig: /);
  });

  it('refuses what is not an object', () => {
    for (const value of [null, 'intent', 1, []]) expect(problems(value)).not.toBe('');
  });
});
