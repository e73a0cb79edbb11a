import {
  createIdentity,
  type Identity,
  type IntentClient,
  signPost,
  toYValue,
} from '@meshtable/campaign';
import { memberRecord } from '@meshtable/campaign/testing';
import { postLogName, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ChatLogReader, mergePostLogs } from './chatLog';
import { writePost } from './sendChat';

const gemma = createIdentity('Gemma', '#aa0044');
const ann = createIdentity('Ann', '#0066cc');
const bob = createIdentity('Bob', '#00aa44');
const CAMPAIGN = 'camp-1';

function table(): Y.Doc {
  const doc = new Y.Doc();
  const members = doc.getMap(TABLE_MAPS.members);
  members.set(gemma.userId, toYValue(memberRecord(gemma, 'gm')));
  members.set(ann.userId, toYValue(memberRecord(ann, 'player')));
  members.set(bob.userId, toYValue(memberRecord(bob, 'player')));
  return doc;
}

/** Signs and appends a post by `author` at time `at`. */
function post(doc: Y.Doc, author: Identity, at: number, text: string, log = author.userId) {
  const signed = signPost(
    { id: `${author.userId}.${at}`, author: author.userId, at, kind: 'message', text },
    author,
  );
  doc.getArray(postLogName(log)).push([signed]);
}

const session = (doc: Y.Doc, me: Identity) => ({
  campaignId: CAMPAIGN,
  me,
  table: doc,
  intents: null as unknown as IntentClient,
});

describe('mergePostLogs', () => {
  it('merges every log by time, then author, then place in the log', () => {
    const doc = table();
    post(doc, ann, 30, 'third');
    post(doc, bob, 10, 'first');
    post(doc, ann, 20, 'second (Ann)');
    post(doc, bob, 20, 'second (Bob)');
    const texts = mergePostLogs(doc).map(({ post }) => post.text);
    const [byAnn, byBob] = ann.userId < bob.userId ? ['Ann', 'Bob'] : ['Bob', 'Ann'];
    expect(texts).toEqual(['first', `second (${byAnn})`, `second (${byBob})`, 'third']);
  });

  it('skips what breaks the schema, and posts in another author’s log', () => {
    const doc = table();
    post(doc, ann, 1, 'fine');
    doc.getArray(postLogName(ann.userId)).push([{ id: 'x', text: 'no author' }, 'junk', null]);
    post(doc, bob, 2, 'Bob in Ann’s log', ann.userId);
    doc.getMap('posts/not-an-array').set('a', 1);
    expect(mergePostLogs(doc).map(({ post }) => post.text)).toEqual(['fine']);
  });
});

describe('ChatLogReader', () => {
  it('names and colours each author, and drops forged and unknown authors’ posts', () => {
    const doc = table();
    post(doc, ann, 1, 'hello');
    // Bob writes a post in Ann's name into her log, signed with his own key.
    const forged = signPost(
      { id: 'f', author: bob.userId, at: 2, kind: 'message', text: 'I am Ann' },
      bob,
    );
    doc.getArray(postLogName(ann.userId)).push([{ ...forged, author: ann.userId }]);
    const stranger = createIdentity('Zed', '#000000');
    post(doc, stranger, 3, 'not a member');
    doc
      .getArray(postLogName(bob.userId))
      .push([{ id: 'old', author: bob.userId, at: 4, kind: 'message', text: 'before signatures' }]);
    // Someone asking to join: not let in, not heard.
    const pending = createIdentity('Pat', '#123456');
    doc
      .getMap(TABLE_MAPS.members)
      .set(pending.userId, toYValue(memberRecord(pending, 'player', 'pending')));
    post(doc, pending, 5, 'let me in');
    const entries = new ChatLogReader(doc, gemma, CAMPAIGN).read();
    expect(entries.map((entry) => [entry.authorName, entry.text, entry.signed])).toEqual([
      ['Ann', 'hello', true],
      ['Bob', 'before signatures', false],
    ]);
    expect(entries[0]?.authorColor).toBe('#0066cc');
  });

  it('shows a whisper to its readers only, opened with their own key', () => {
    const doc = table();
    writePost(session(doc, ann), {
      kind: 'message',
      text: 'the key is mine',
      whisperTo: [gemma.userId],
    });
    const stored = doc.getArray(postLogName(ann.userId)).get(0) as {
      text: string;
      sealed: unknown;
    };
    expect(stored.text).toBe('');
    expect(JSON.stringify(doc.toJSON())).not.toContain('the key is mine');

    const forGemma = new ChatLogReader(doc, gemma, CAMPAIGN).read();
    expect(forGemma).toHaveLength(1);
    expect(forGemma[0]).toMatchObject({
      text: 'the key is mine',
      whisper: { to: [{ userId: gemma.userId, name: 'Gemma' }], sealed: true, problem: null },
    });
    expect(new ChatLogReader(doc, ann, CAMPAIGN).read()[0]?.text).toBe('the key is mine');
    expect(new ChatLogReader(doc, bob, CAMPAIGN).read()).toEqual([]);
  });

  it('says so when a whisper to me does not open', () => {
    const doc = table();
    // Sealed for another campaign: the envelope is bound to where it was written.
    writePost(
      { ...session(doc, ann), campaignId: 'elsewhere' },
      { kind: 'message', text: 'moved', whisperTo: [gemma.userId] },
    );
    const [entry] = new ChatLogReader(doc, gemma, CAMPAIGN).read();
    expect(entry?.text).toBe('');
    expect(entry?.whisper?.problem).toMatch(/SEALED_TAMPERED/);
  });
});
