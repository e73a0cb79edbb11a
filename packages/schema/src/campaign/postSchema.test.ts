import { describe, expect, it } from 'vitest';
import { postSchema } from './records';

const ANN = 'A'.repeat(22);
const GM = 'G'.repeat(22);
const sealed = {
  v: 1,
  nonce: 'n'.repeat(32),
  body: 'b'.repeat(40),
  keys: { [GM]: { epk: 'e'.repeat(43), nonce: 'n'.repeat(32), box: 'x'.repeat(64) } },
};
const plain = { id: `${ANN}.a1`, author: ANN, at: 3, kind: 'message', text: 'hi' };

describe('postSchema', () => {
  it('reads plain posts, and whispers written before they were sealed', () => {
    expect(postSchema.parse(plain)).toEqual(plain);
    const legacy = { ...plain, whisperTo: [GM] };
    expect(postSchema.parse(legacy)).toEqual(legacy);
  });

  it('takes a sealed whisper with an empty text and its readers', () => {
    const whisper = { ...plain, text: '', whisperTo: [GM], sealed };
    expect(postSchema.parse(whisper)).toEqual(whisper);
  });

  it('refuses a sealed post that also carries plaintext or names no readers', () => {
    expect(postSchema.safeParse({ ...plain, whisperTo: [GM], sealed }).success).toBe(false);
    expect(postSchema.safeParse({ ...plain, text: '', sealed }).success).toBe(false);
  });

  it('refuses a malformed envelope or signature, and unknown fields', () => {
    const whisper = { ...plain, text: '', whisperTo: [GM] };
    expect(postSchema.safeParse({ ...whisper, sealed: { ...sealed, keys: {} } }).success).toBe(
      false,
    );
    expect(postSchema.safeParse({ ...whisper, sealed: { ...sealed, body: 'é' } }).success).toBe(
      false,
    );
    expect(postSchema.safeParse({ ...plain, sig: 'short' }).success).toBe(false);
    expect(postSchema.safeParse({ ...plain, html: '<b>' }).success).toBe(false);
  });
});
