/**
 * The journal's pages in real Yjs docs, between a GM's table doc and two players' copies: what
 * each copy holds once the GM saves a draft, a page for everyone and a page for Ann only.
 */
import { createIdentity, toYValue } from '@meshtable/campaign';
import { memberRecord } from '@meshtable/campaign/testing';
import { GM_MAPS, type Handout, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
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
  const gm = new Y.Doc();
  table.transact(() => {
    const members = table.getMap(TABLE_MAPS.members);
    members.set(gmId.userId, toYValue(memberRecord(gmId, 'gm')));
    members.set(ann.userId, toYValue(memberRecord(ann, 'player')));
    members.set(bob.userId, toYValue(memberRecord(bob, 'player')));
  });
  const session: JournalSession = {
    campaignId: CAMPAIGN,
    me: gmId,
    table,
    gm,
    writeAsGm: (write) => {
      if (!validating) return false;
      table.transact(() => write(table));
      return true;
    },
  };
  return { table, gm, session };
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

  it('refuses a bad page, a page for nobody at the table, and sharing from a device that does not run the table, writing nothing', () => {
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
    const other = setUp(false);
    expect(codeOf(() => saveJournalPage(other.session, page('all')))).toBe(
      'JOURNAL_NOT_VALIDATING',
    );
    // A draft needs no table write: any GM device keeps one.
    expect(saveJournalPage(other.session, page([])).id).toBe('p1');
    expect(codeOf(() => saveJournalPage({ ...session, gm: null }, page([])))).toBe(
      'JOURNAL_NOT_GM',
    );
    expect(gm.getMap(GM_MAPS.handouts).size).toBe(0);
    expect(other.table.getMap(TABLE_MAPS.handouts).size).toBe(0);
  });
});
