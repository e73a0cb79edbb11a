import { appendFileSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from './Journal';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('Journal (real files)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshtable-journal-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives back every record of a run that never closed it, in order, rooms apart', () => {
    const first = new Journal(dir);
    expect(first.open().leftovers.records).toEqual([]);
    first.append('camp', [bytes(1, 2), bytes(3)]);
    first.seal();
    first.append('camp:gm', [bytes(4)]);
    first.append('ünïcode', [new Uint8Array(70_000).fill(9)]);
    // No close: the process died here.
    const { leftovers } = new Journal(dir).open();
    expect(leftovers.droppedBytes).toBe(0);
    expect(leftovers.records.map(({ room, update }) => [room, update.length])).toEqual([
      ['camp', 2],
      ['camp', 1],
      ['camp:gm', 1],
      ['ünïcode', 70_000],
    ]);
    expect(leftovers.records[0]?.update).toEqual(bytes(1, 2));
  });

  it('stops a file at a write the crash cut short, and reads the files after it', () => {
    const journal = new Journal(dir);
    journal.open();
    journal.append('a', [bytes(1), bytes(2)]);
    const cut = join(dir, readdirSync(dir)[0] as string);
    journal.seal();
    journal.append('b', [bytes(3)]);
    journal.close();
    truncateSync(cut, readFileSync(cut).length - 1);
    const { leftovers } = new Journal(dir).open();
    expect(leftovers.records.map(({ room }) => room)).toEqual(['a', 'b']);
    expect(leftovers.droppedBytes).toBeGreaterThan(0);
  });

  it('stops at a record whose checksum fails, and at bytes that are no record', () => {
    const journal = new Journal(dir);
    journal.open();
    journal.append('a', [bytes(1), bytes(2)]);
    journal.close();
    const file = join(dir, readdirSync(dir)[0] as string);
    const content = readFileSync(file);
    content.writeUInt8((content.at(-1) ?? 0) ^ 0xff, content.length - 1);
    writeFileSync(file, content);
    appendFileSync(file, Buffer.from('not a record at all'));
    const { leftovers } = new Journal(dir).open();
    expect(leftovers.records.map(({ update }) => [...update])).toEqual([[1]]);
  });

  it('deletes released files, never the one it appends to', () => {
    const journal = new Journal(dir);
    journal.open();
    journal.append('a', [bytes(1)]);
    const sealed = journal.seal();
    journal.append('a', [bytes(2)]);
    journal.release(journal.currentFile);
    expect(readdirSync(dir)).toHaveLength(1);
    expect(sealed).toBeLessThan(journal.currentFile);
    journal.close();
    const { leftovers } = new Journal(dir).open();
    expect(leftovers.records.map(({ update }) => [...update])).toEqual([[2]]);
  });
});
