import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocStore } from './DocStore';

/** An update that appends `value` to the array `log` of a throwaway doc. */
function appendUpdate(doc: Y.Doc, value: number): Uint8Array {
  let update: Uint8Array | null = null;
  const capture = (u: Uint8Array) => {
    update = u;
  };
  doc.once('update', capture);
  doc.getArray<number>('log').push([value]);
  if (!update) throw new Error('no update');
  return update;
}

/** A writer that appends three updates to room `r` and dies by SIGKILL, its store unclosed. */
const CRASHING_WRITER = `
import * as Y from 'yjs';
import { DocStore } from './src/storage/DocStore.ts';
const store = new DocStore(process.argv[1]);
await store.open();
await store.loadRoom('r');
const doc = new Y.Doc();
const updates = [];
doc.on('update', (update) => updates.push(update));
for (const value of [1, 2, 3]) doc.getArray('log').push([value]);
for (const update of updates) await store.appendUpdates('r', [update]);
process.stdout.write('appended');
process.kill(process.pid, 'SIGKILL');
`;

describe('DocStore (real LevelDB)', () => {
  let dir: string;
  let store: DocStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshtable-docstore-'));
    store = new DocStore(join(dir, 'db'));
    await store.open();
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads an unknown room as an empty document', async () => {
    const loaded = await store.loadRoom('nobody');
    expect(loaded.updateCount).toBe(0);
    expect(loaded.doc.getArray('log').length).toBe(0);
  });

  it('replays appended updates in order after a reopen', async () => {
    const source = new Y.Doc();
    await store.loadRoom('r');
    await store.appendUpdates('r', [appendUpdate(source, 1), appendUpdate(source, 2)]);
    await store.appendUpdates('r', [appendUpdate(source, 3)]);
    await store.close();
    store = new DocStore(join(dir, 'db'));
    await store.open();
    const loaded = await store.loadRoom('r');
    expect(loaded.updateCount).toBe(3);
    expect(loaded.doc.getArray('log').toArray()).toEqual([1, 2, 3]);
  });

  it('commits what was appended while a commit was being written, staged or not', async () => {
    const source = new Y.Doc();
    await store.loadRoom('r');
    await store.appendUpdates('r', [appendUpdate(source, 1)]);
    // Staged into the next commit's batch on the next turn of the event loop.
    await new Promise((done) => setImmediate(done));
    await store.appendUpdates('r', [appendUpdate(source, 2)]);
    const first = store.commit();
    // Appended during the first commit's write: in the second, staged or not.
    await store.appendUpdates('r', [appendUpdate(source, 3)]);
    await new Promise((done) => setImmediate(done));
    await store.appendUpdates('r', [appendUpdate(source, 4)]);
    await first;
    await store.commit();
    expect(await store.storedUpdateCount('r')).toBe(4);
    store.forgetRoom('r');
    expect((await store.loadRoom('r')).doc.getArray('log').toArray()).toEqual([1, 2, 3, 4]);
  });

  it('keeps rooms whose names share a prefix apart', async () => {
    const source = new Y.Doc();
    await store.loadRoom('camp');
    await store.loadRoom('camp:gm');
    await store.appendUpdates('camp', [appendUpdate(source, 1)]);
    await store.appendUpdates('camp:gm', [appendUpdate(new Y.Doc(), 99)]);
    store.forgetRoom('camp');
    expect((await store.loadRoom('camp')).doc.getArray('log').toArray()).toEqual([1]);
  });

  it('compacts a log into one snapshot that loads to the same document, and keeps appending after it', async () => {
    const source = new Y.Doc();
    await store.loadRoom('c');
    for (let i = 0; i < 20; i++) await store.appendUpdates('c', [appendUpdate(source, i)]);
    await store.compactRoom('c', Y.encodeStateAsUpdate(source));
    await store.appendUpdates('c', [appendUpdate(source, 20)]);
    store.forgetRoom('c');
    const loaded = await store.loadRoom('c');
    expect(loaded.updateCount).toBe(2);
    expect(loaded.doc.getArray('log').toArray()).toEqual([...Array(21).keys()]);
  });

  it('moves a stored update it cannot apply to the quarantine, where compaction cannot touch it', async () => {
    const source = new Y.Doc();
    await store.loadRoom('u');
    await store.appendUpdates('u', [appendUpdate(source, 1), new Uint8Array([255, 255, 255])]);
    store.forgetRoom('u');
    const first = await store.loadRoom('u');
    expect(first.unreadable).toBe(1);
    expect(first.doc.getArray('log').toArray()).toEqual([1]);
    await store.compactRoom('u', Y.encodeStateAsUpdate(first.doc));
    store.forgetRoom('u');
    const second = await store.loadRoom('u');
    expect(second.unreadable).toBe(0);
    expect(second.doc.getArray('log').toArray()).toEqual([1]);
    expect(await store.quarantinedCount('u')).toBe(1);
  });

  it('keeps what was appended when the process dies before the commit, from the journal', async () => {
    await store.close();
    // A process that appends and is killed at once, before its commit window of 100 ms ends.
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', CRASHING_WRITER, join(dir, 'db')],
      { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) },
    );
    expect(child.signal, child.stderr).toBe('SIGKILL');
    expect(child.stdout).toContain('appended');
    const replayed: number[] = [];
    store = new DocStore(join(dir, 'db'), {
      onJournalReplayed: (updates) => replayed.push(updates),
    });
    await store.open();
    expect(replayed).toEqual([3]);
    const loaded = await store.loadRoom('r');
    expect(loaded.doc.getArray('log').toArray()).toEqual([1, 2, 3]);
    // Written to LevelDB when the store opened: nothing is replayed twice.
    await store.close();
    store = new DocStore(join(dir, 'db'), {
      onJournalReplayed: (updates) => replayed.push(updates),
    });
    await store.open();
    expect(replayed).toEqual([3]);
    expect((await store.loadRoom('r')).doc.getArray('log').toArray()).toEqual([1, 2, 3]);
  });

  it('refuses to open a database another process holds, saying why', async () => {
    const second = new DocStore(join(dir, 'db'));
    await expect(second.open()).rejects.toThrow(/another relay using the same --data directory/);
  });
});
