/**
 * The journal's pages in real Yjs docs, between a GM's table doc and two players' copies: what
 * each copy holds once the GM saves a draft, a page for everyone and a page for Ann only.
 */
import { createIdentity, toYValue } from '@meshtable/campaign';
import { memberRecord } from '@meshtable/campaign/testing';
import { GM_MAPS, type Handout, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fakeTableWriter } from '../campaign/fakeTableWriter';
import { JournalError } from './JournalError';
import {
  deleteJournalPage,
  type JournalSession,
  readEveryonePages,
  readGmPages,
  readSealedPagesFor,
  saveJournalPage,
} from './journalPages';

const gmId = createIdentity('Gwen', '#aa0044');
const ann = createIdentity('Ann', '#0066cc');
const bob = createIdentity('Bob', '#00aa44');
const CAMPAIGN = 'camp-1';
const SECRET = 'The duke’s seal is forged';

function setUp(validating = true) {
  const table = new Y.Doc();
  const writer = fakeTableWriter({ role: 'gm', validating }, table);
  const gm = writer.gm as Y.Doc;
  table.transact(() => {
    const members = table.getMap(TABLE_MAPS.members);
    members.set(gmId.userId, toYValue(memberRecord(gmId, 'gm')));
    members.set(ann.userId, toYValue(memberRecord(ann, 'player')));
    members.set(bob.userId, toYValue(memberRecord(bob, 'player')));
  });
  const session: JournalSession = { ...writer, campaignId: CAMPAIGN, me: gmId };
  return { table, gm, session, writer };
}

const page = (sharedWith: Handout['sharedWith'], id = 'p1'): Handout => ({
  id,
  name: 'The letter',
  body: `# Letter\n\n${SECRET}.`,
  image: null,
  sharedWith,
});

/** A player's copy of the table doc: exactly the bytes the relay and peers would send. */
function copyOf(table: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(table));
  return copy;
}

const updateText = (doc: Y.Doc) => new TextDecoder().decode(Y.encodeStateAsUpdate(doc));

describe('journal pages', () => {
  it('keeps a draft in the gm doc only', () => {
    const { table, gm, session } = setUp();
    saveJournalPage(session, page([]));
    expect(readGmPages(gm)?.map((p) => p.id)).toEqual(['p1']);
    expect(readEveryonePages(table)).toEqual([]);
    expect(updateText(table)).not.toContain(SECRET);
  });

  it('copies a page for everyone to the table doc', () => {
    const { table, session } = setUp();
    saveJournalPage(session, page('all'));
    expect(readEveryonePages(copyOf(table))).toEqual([page('all')]);
  });

  it('seals a page for Ann: she opens it, Bob cannot, and his copy never holds its words', () => {
    const { table, session } = setUp();
    saveJournalPage(session, page([ann.userId]));
    const annCopy = copyOf(table);
    const bobCopy = copyOf(table);
    const opened = readSealedPagesFor(annCopy, ann, CAMPAIGN);
    expect(opened).toHaveLength(1);
    expect(opened[0]?.body).toContain(SECRET);
    expect(opened[0]?.sharedWith).toEqual([ann.userId, gmId.userId].sort());
    expect(readSealedPagesFor(bobCopy, bob, CAMPAIGN)).toEqual([]);
    expect(readEveryonePages(bobCopy)).toEqual([]);
    expect(updateText(bobCopy)).not.toContain('forged');
    expect(updateText(bobCopy)).not.toContain('The letter');
  });

  it('takes a shared page back when it becomes a draft, or is deleted', () => {
    const { table, gm, session } = setUp();
    saveJournalPage(session, page('all'));
    saveJournalPage(session, page([ann.userId]));
    expect(readEveryonePages(table)).toEqual([]);
    expect(table.getMap(TABLE_MAPS.sealedHandouts).size).toBe(1);
    saveJournalPage(session, page([]));
    expect(table.getMap(TABLE_MAPS.sealedHandouts).size).toBe(0);
    saveJournalPage(session, page('all'));
    deleteJournalPage(session, 'p1');
    expect(readEveryonePages(table)).toEqual([]);
    expect(gm.getMap(GM_MAPS.handouts).size).toBe(0);
  });

  it('does not open a sealed page moved under another id', () => {
    const { table, session } = setUp();
    saveJournalPage(session, page([ann.userId]));
    const moved = { ...(table.getMap(TABLE_MAPS.sealedHandouts).get('p1') as object), id: 'p2' };
    table.getMap(TABLE_MAPS.sealedHandouts).set('p2', moved);
    const problems: string[] = [];
    const opened = readSealedPagesFor(table, ann, CAMPAIGN, (id, problem) =>
      problems.push(`${id}: ${problem}`),
    );
    expect(opened.map((p) => p.id)).toEqual(['p1']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^p2: /);
  });

  it('refuses a bad page, a page for nobody at the table, and a device without the gm doc, writing nothing', () => {
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(JournalError);
        return (error as JournalError).code;
      }
      return 'no error';
    };
    const { gm, session } = setUp();
    expect(codeOf(() => saveJournalPage(session, { ...page('all'), name: '  ' }))).toBe(
      'JOURNAL_INVALID_PAGE',
    );
    expect(codeOf(() => saveJournalPage(session, page(['ZZZZZZZZZZZZZZZZZZZZZZ'])))).toBe(
      'JOURNAL_NO_READERS',
    );
    expect(codeOf(() => saveJournalPage({ ...session, gm: null }, page([])))).toBe(
      'JOURNAL_NOT_GM',
    );
    expect(gm.getMap(GM_MAPS.handouts).size).toBe(0);
  });

  it('shares from a GM’s other device through the table, and refuses a page too long to send', async () => {
    const phone = setUp(false);
    // A draft needs no table write: nothing is sent.
    expect(saveJournalPage(phone.session, page([])).sent).toBeNull();
    const forAll = saveJournalPage(phone.session, page('all'));
    const forAnn = saveJournalPage(phone.session, page([ann.userId], 'p2'));
    expect(phone.writer.sent.map((sent) => sent.kind)).toEqual(['gm.edit', 'gm.edit']);
    expect(readEveryonePages(phone.table)).toEqual([]);
    phone.writer.rule();
    for (const saved of [forAll, forAnn]) {
      await expect(saved.sent?.receipt).resolves.toMatchObject({ status: 'applied' });
    }
    expect(readEveryonePages(phone.table).map((p) => p.id)).toEqual(['p1']);
    expect(readSealedPagesFor(copyOf(phone.table), ann, CAMPAIGN).map((p) => p.body)).toEqual([
      page([]).body,
    ]);

    const taken = deleteJournalPage(phone.session, 'p2');
    phone.writer.rule();
    await expect(taken?.receipt).resolves.toMatchObject({ status: 'applied' });
    expect(phone.table.getMap(TABLE_MAPS.sealedHandouts).size).toBe(0);

    const long = { ...page('all', 'p3'), body: 'x'.repeat(100_000) };
    expect(() => saveJournalPage(phone.session, long)).toThrow(
      expect.objectContaining({ code: 'TABLE_EDIT_TOO_LARGE' }),
    );
    expect(phone.gm.getMap(GM_MAPS.handouts).has('p3')).toBe(false);
    // The device that runs the table shares it.
    const runner = setUp(true);
    expect(saveJournalPage(runner.session, long).sent).toBeNull();
    expect(readEveryonePages(runner.table).map((p) => p.id)).toEqual(['p3']);
  });
});
