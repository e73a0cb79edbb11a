/**
 * The relay's write-ahead journal: every room update is appended here, synchronously on the main
 * thread, before the relay forwards it; the DocStore writes the journal's records to LevelDB in
 * batches behind it, and replays what a crash left here when it opens.
 *
 * Why not LevelDB alone: each LevelDB write is a hop through libuv's thread pool, and at a
 * thousand updates a second those hops (a pool thread woken, then the main thread) competed for
 * the CPUs with the main thread and set the relay's forwarding tail (docs/benchmarks.md, the relay
 * at scale). An append here is one `write(2)` to the page cache, as LevelDB's own log write is:
 * the same durability (the OS has it, so a crash of the process loses nothing), without the hop.
 *
 * Layout: files `<dir>/<number>.log`, appended to one at a time; the store seals the current file
 * before each batch it writes to LevelDB and deletes the sealed files once that batch is synced.
 * A record is `[u32 body length][u32 CRC-32 of the body][body]`, little-endian, the body being
 * the room's name (lib0's var-string) and then the update. Reading stops at the first record of a
 * file that is cut short or fails its CRC (a write the crash interrupted): every record before it
 * is whole.
 */
import {
  closeSync,
  fdatasyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

const HEADER_BYTES = 8;
const FILE_NAME = /^(\d{12})\.log$/;

/** One journaled update. */
export interface JournalRecord {
  readonly room: string;
  readonly update: Uint8Array;
}

/** What {@link Journal.open} found left over from the last run. */
export interface JournalLeftovers {
  /** Every whole record, in the order it was appended. */
  readonly records: JournalRecord[];
  /** Bytes after the last whole record of each file (an interrupted write), summed. */
  readonly droppedBytes: number;
}

/** An append-only journal of room updates in a folder of its own. */
export class Journal {
  private fd: number | null = null;
  private current = 0;

  /** @param dir the journal's folder (created if missing) */
  constructor(private readonly dir: string) {}

  /**
   * Reads what the files hold (records the last run may not have written to LevelDB), then starts
   * a new file after them. The old files stay until {@link release} is given their number.
   * @returns the leftovers, and the number of the last old file (0 when there was none)
   */
  open(): { leftovers: JournalLeftovers; lastOld: number } {
    mkdirSync(this.dir, { recursive: true });
    const numbers = this.fileNumbers();
    const records: JournalRecord[] = [];
    let droppedBytes = 0;
    for (const number of numbers) {
      droppedBytes += readRecords(readFileSync(this.path(number)), records);
    }
    const lastOld = numbers.at(-1) ?? 0;
    this.current = lastOld;
    this.startFile();
    return { leftovers: { records, droppedBytes }, lastOld };
  }

  /** Appends updates of one room, synchronously. A write that fails seals the file first. */
  append(room: string, updates: readonly Uint8Array[]): void {
    const fd = this.requireOpen();
    const buffer = encodeRecords(room, updates);
    try {
      let written = 0;
      while (written < buffer.length) {
        written += writeSync(fd, buffer, written, buffer.length - written);
      }
    } catch (error) {
      // What was half written stays at the end of this file, where reading stops; the next
      // records go to a new file, so that none of them sits behind it.
      this.seal();
      throw error;
    }
  }

  /** Flushes the current file to the disk (for the `always` sync policy). */
  syncNow(): void {
    fdatasyncSync(this.requireOpen());
  }

  /**
   * Closes the current file and starts the next.
   * @returns the number of the file just closed: every record appended so far is in it or before
   */
  seal(): number {
    const sealed = this.current;
    this.startFile();
    return sealed;
  }

  /**
   * Deletes the files numbered up to `number` (their records are in LevelDB, synced), never the
   * one open for appending.
   */
  release(number: number): void {
    for (const old of this.fileNumbers()) {
      if (old <= number && !(old === this.current && this.fd !== null)) unlinkSync(this.path(old));
    }
  }

  /** Closes the current file (kept: the store releases it once its records are in LevelDB). */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** The number of the file being appended to. */
  get currentFile(): number {
    return this.current;
  }

  private startFile(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.current++;
    this.fd = openSync(this.path(this.current), 'a');
  }

  private requireOpen(): number {
    if (this.fd === null) throw new Error('the journal is not open');
    return this.fd;
  }

  private fileNumbers(): number[] {
    return readdirSync(this.dir)
      .map((name) => FILE_NAME.exec(name)?.[1])
      .filter((digits): digits is string => digits !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  private path(number: number): string {
    return join(this.dir, `${String(number).padStart(12, '0')}.log`);
  }
}

/**
 * The records of `updates` for `room`, in one buffer (from Node's pool when small: an append
 * allocates no memory of its own).
 */
function encodeRecords(room: string, updates: readonly Uint8Array[]): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, room);
  const name = encoding.toUint8Array(encoder);
  // A record's CRC covers its body, the name then the update: zlib's CRC-32 chains.
  const nameCrc = crc32(name);
  let total = 0;
  for (const update of updates) total += HEADER_BYTES + name.length + update.length;
  const buffer = Buffer.allocUnsafe(total);
  let at = 0;
  for (const update of updates) {
    const bodyLength = name.length + update.length;
    buffer.writeUInt32LE(bodyLength, at);
    buffer.writeUInt32LE(crc32(update, nameCrc), at + 4);
    buffer.set(name, at + HEADER_BYTES);
    buffer.set(update, at + HEADER_BYTES + name.length);
    at += HEADER_BYTES + bodyLength;
  }
  return buffer;
}

/**
 * Pushes the whole records of one file onto `into`.
 * @returns the bytes left after the last whole record
 */
function readRecords(file: Buffer, into: JournalRecord[]): number {
  let at = 0;
  while (file.length - at >= HEADER_BYTES) {
    const length = file.readUInt32LE(at);
    const end = at + HEADER_BYTES + length;
    if (end > file.length) break;
    const body = file.subarray(at + HEADER_BYTES, end);
    if (crc32(body) !== file.readUInt32LE(at + 4)) break;
    const decoder = decoding.createDecoder(body);
    let room: string;
    try {
      room = decoding.readVarString(decoder);
    } catch {
      break;
    }
    into.push({ room, update: new Uint8Array(body.subarray(decoder.pos)) });
    at = end;
  }
  return file.length - at;
}
