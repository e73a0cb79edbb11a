/**
 * A panel's sent changes (SentEdits.ts) against the real write path and a fake device that runs
 * the table (fakeTableWriter.ts): pending until answered, the refusal's reason kept until
 * dismissed or another change is made.
 */
import { type TableChange, toYValue } from '@meshtable/campaign';
import { AMBIENT_AUDIO_KEY, type Handout, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { fakeTableWriter } from './fakeTableWriter';
import { SentEdits } from './SentEdits';
import { writeTableChanges } from './tableWrites';

const stop = (startedAt: number): TableChange[] => [
  {
    op: 'set',
    collection: 'audio',
    id: AMBIENT_AUDIO_KEY,
    path: [],
    value: {
      track: null,
      name: null,
      playing: false,
      loop: false,
      volume: 1,
      startedAt,
      offset: 0,
    },
  },
];

const PAGE: Handout = { id: 'p1', name: 'A', body: '', image: null, sharedWith: 'all' };

describe('SentEdits', () => {
  it('counts changes pending, then keeps why the table refused one until dismissed', async () => {
    const phone = fakeTableWriter({ role: 'gm', validating: false });
    const pages = phone.table.getMap(TABLE_MAPS.handouts);
    pages.set('p1', toYValue(PAGE));
    const edits = new SentEdits();
    let heard = 0;
    edits.subscribe(() => heard++);
    edits.track('stop the audio', writeTableChanges(phone, 'stop the audio', stop(1)));
    const rename: TableChange[] = [
      { op: 'set', collection: 'handouts', id: 'p1', path: ['name'], value: 'B' },
    ];
    edits.track('rename a page', writeTableChanges(phone, 'rename a page', rename));
    expect(edits.get()).toEqual({ pending: 2, refused: null });

    // The page is deleted on another device before the table rules on the rename.
    pages.delete('p1');
    phone.rule();
    await Promise.resolve();
    await Promise.resolve();
    expect(edits.get()).toEqual({
      pending: 0,
      refused: expect.stringMatching(
        /^The table refused to rename a page: change 0 \(set handouts\/p1.name\): there is no such record/,
      ),
    });
    expect(heard).toBe(4);
    edits.dismiss();
    expect(edits.get().refused).toBeNull();
  });

  it('says why a change could not be sent, and clears a refusal when one is written here', async () => {
    const edits = new SentEdits();
    edits.track('end it', { id: 'y', receipt: Promise.reject(new Error('closed')) });
    await Promise.resolve();
    await Promise.resolve();
    expect(edits.get()).toEqual({ pending: 0, refused: 'Could not end it: closed' });
    edits.track('end it', null);
    expect(edits.get().refused).toBeNull();
  });
});
