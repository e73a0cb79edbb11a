import type { Post } from '@meshtable/schema';
import { postSchema } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { createIdentity, encodePublicKey } from '../identity/identity';
import { sealText } from '../sealed/sealText';
import { signPost, verifyPostSignature } from './signPost';

const ann = createIdentity('Ann', '#0066cc');
const bob = createIdentity('Bob', '#00aa44');
const ANN_KEY = encodePublicKey(ann.publicKey);

const message = {
  id: `${ann.userId}.a1`,
  author: ann.userId,
  at: 5,
  kind: 'message',
  text: 'Hi **all**',
} as const;

describe('signPost and verifyPostSignature', () => {
  it('sign a post that its author’s key verifies and the schema takes', () => {
    const post = signPost(message, ann);
    expect(postSchema.parse(post)).toEqual(post);
    expect(verifyPostSignature(post, ANN_KEY)).toBe(true);
  });

  it('sign a sealed whisper, its envelope and readers included', () => {
    const sealed = sealText('psst', [{ userId: ann.userId, publicKey: ann.publicKey }], 'c/p');
    const whisper = signPost({ ...message, text: '', whisperTo: [bob.userId], sealed }, ann);
    expect(postSchema.parse(whisper)).toEqual(whisper);
    expect(verifyPostSignature(whisper, ANN_KEY)).toBe(true);
    expect(verifyPostSignature({ ...whisper, whisperTo: [ann.userId] }, ANN_KEY)).toBe(false);
    const other = sealText('psst', [{ userId: bob.userId, publicKey: bob.publicKey }], 'c/p');
    expect(verifyPostSignature({ ...whisper, sealed: other }, ANN_KEY)).toBe(false);
  });

  it('refuse a changed field, another key, and an unsigned post', () => {
    const post = signPost(message, ann);
    expect(verifyPostSignature({ ...post, text: 'Hi all' }, ANN_KEY)).toBe(false);
    expect(verifyPostSignature({ ...post, kind: 'emote' }, ANN_KEY)).toBe(false);
    expect(verifyPostSignature(post, encodePublicKey(bob.publicKey))).toBe(false);
    expect(verifyPostSignature(post, 'not a key')).toBe(false);
    const { sig: _sig, ...unsigned } = post;
    expect(verifyPostSignature(unsigned as Post, ANN_KEY)).toBe(false);
  });

  it('refuse to sign someone else’s post', () => {
    expect(() => signPost({ ...message, author: bob.userId }, ann)).toThrow(/cannot be signed/);
  });
});
