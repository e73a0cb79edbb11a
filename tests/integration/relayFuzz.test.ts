/**
 * Fuzzing the relay process on /sync and /signal with random bytes, valid frames and valid
 * frames mutated (tests/support/relayFuzzFrames.ts), while a well-behaved client writes to a room
 * that the fuzzer hits too and two well-behaved signalling peers share a topic. Every
 * FRAMES_PER_WITNESS frames sent, the witness is checked and retires, and a new one takes over in
 * a fresh room: the valid frames the fuzzer sends there are accepted data (Yjs keeps their
 * history), so one witness room loaded for 10^6 frames would grow with them, slow the fuzzer (a
 * fuzzed sync step 1 is answered with the whole room) and hide a leak in its legitimate growth.
 *
 * Holds: the process never exits; every connection it closes gets a documented close code; the
 * well-behaved clients are never disconnected and a newcomer gets every key each wrote; the
 * signalling peers still reach each other; the relay's resident memory grows by less than
 * RSS_GROWTH_LIMIT; and it shuts down cleanly afterwards.
 *
 * "Frames" are what the relay itself counted as read (its /metrics), not what was sent: frames
 * sent behind one that closed their connection are never read and not counted.
 *
 * 10^4 frames by default; the long mode (docs/reliability.md):
 *   MESHTABLE_FUZZ_FRAMES=1000000 npx vitest run --project integration relayFuzz
 * A run prints its seed; MESHTABLE_FUZZ_SEED=<seed> replays its frames (the interleaving with
 * the relay's own timing may differ).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RelayCloseCode } from '@meshtable/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { seededRandom } from '../support/prng';
import { openRawSocket, type RawSocket } from '../support/rawSocket';
import { SignalFrameMaker, SyncFrameMaker } from '../support/relayFuzzFrames';
import { type RelayProcess, spawnRelay } from '../support/relayProcess';
import { waitFor } from '../support/waitFor';
import { connectYClient, type YClient } from '../support/yClient';

const FRAMES = Number(process.env.MESHTABLE_FUZZ_FRAMES ?? 10_000);
const SEED = Number(process.env.MESHTABLE_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const TOKEN = 'f'.repeat(64);
/**
 * Resident memory the relay may gain between the end of the warm-up and the end of the run. What
 * the fuzzer may legitimately leave behind is small: the rooms it writes to change every
 * FRAMES_PER_ROOM frames (the witness's every FRAMES_PER_WITNESS) and are unloaded when idle,
 * and awareness states go with their connection. 64 MiB covers V8's heap growing into its next steps and LevelDB's caches; a leak
 * of even 100 bytes a frame passes it within 10^6 frames.
 */
const RSS_GROWTH_LIMIT = 64 * 1024 * 1024;
/** Frames sent to one fuzzed room before the fuzzer moves on to a fresh one. */
const FRAMES_PER_ROOM = 10_000;
/** Frames sent while one witness writes, before it retires and a new one in a fresh room takes over. */
const FRAMES_PER_WITNESS = 100_000;
/** Close codes the relay documents (docs/errors.md), and 1005/1006 when a socket just goes. */
const DOCUMENTED_CLOSES = new Set<number>([...Object.values(RelayCloseCode), 1000, 1005, 1006]);
/** Flag values that let the fuzz through the per-connection allowances (relayLimits tests those). */
const GENEROUS = [
  ['--sync-messages-per-second', '1000000'],
  ['--sync-message-burst', '1000000'],
  ['--signal-messages-per-second', '1000000'],
  ['--signal-message-burst', '1000000'],
  ['--signal-bytes-per-second', '1GiB'],
  ['--signal-byte-burst', '1GiB'],
  ['--max-sync-frame-bytes', '64KiB'],
  ['--room-idle-ms', '200'],
  ['--log-level', 'error'],
].flat();

function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kib) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib) * 1024;
}

async function framesRead(relay: RelayProcess): Promise<number> {
  const text = await (await fetch(`${relay.url}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return read('meshtable_sync_frames_in_total') + read('meshtable_signal_messages_total');
}

/** A well-behaved y-websocket client writing one key a round to a room the fuzzer hits too. */
interface Witness {
  room: string;
  client: YClient;
  /** Every key it wrote, with its value. */
  written: Map<string, number>;
}

/** A connection the fuzzer reopens whenever the relay closes it, counting the close codes. */
class FuzzSlot {
  private socket: RawSocket | null = null;
  private opening: Promise<RawSocket | null> | null = null;

  constructor(
    private readonly url: () => string,
    private readonly closes: Map<number, number>,
  ) {}

  /** Sends a frame, opening a connection first if the last one was closed. */
  async send(frame: string | Uint8Array): Promise<void> {
    const socket = await this.open();
    if (!socket) return;
    await new Promise<void>((resolve) => socket.ws.send(frame, () => resolve()));
  }

  close(): void {
    this.socket?.ws.terminate();
  }

  private async open(): Promise<RawSocket | null> {
    if (this.socket?.ws.readyState === WebSocket.OPEN) return this.socket;
    this.opening ??= openRawSocket(this.url())
      .then((socket) => {
        void socket.closed.then((code) => this.closes.set(code, (this.closes.get(code) ?? 0) + 1));
        return socket;
      })
      // A refusal at the upgrade (e.g. at capacity for a moment) is a close without a code.
      .catch(() => null);
    this.socket = await this.opening;
    this.opening = null;
    return this.socket;
  }
}

describe('the relay under fuzzed frames', () => {
  let dataDir: string | undefined;
  let relay: RelayProcess | undefined;
  afterAll(async () => {
    // A failed or timed-out run leaves the process up: it is ours to end.
    if (relay && relay.child.exitCode === null && relay.child.signalCode === null) {
      await relay.kill();
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  // 1 to 5 ms a frame on a loaded two-core machine (most frames close their connection, and
  // each reopening is a handshake); the long mode needs the margin.
  it(`survives ${FRAMES} fuzzed frames on /sync and /signal, losing nothing`, {
    timeout: 60_000 + FRAMES * 10,
  }, async () => {
    const context = `seed ${SEED} (replay: MESHTABLE_FUZZ_SEED=${SEED} MESHTABLE_FUZZ_FRAMES=${FRAMES} npx vitest run --project integration relayFuzz)`;
    console.info(`relayFuzz: ${context}`);
    dataDir = await mkdtemp(join(tmpdir(), 'meshtable-fuzz-'));
    relay = await spawnRelay(dataDir, 0, { args: GENEROUS, stderr: 'pipe' });
    let log = '';
    relay.child.stderr?.on('data', (chunk) => {
      log += chunk;
    });
    const random = seededRandom(SEED);
    const relayUrl = relay.url;
    const ws = relayUrl.replace('http', 'ws');

    // The well-behaved: a client writing to the witness room, and two signalling peers.
    const witnesses: Witness[] = [];
    // A witness is never disconnected, and a newcomer to its room gets every key it wrote; then
    // both leave, and the room unloads.
    const retire = async ({ room, client, written }: Witness) => {
      expect(client.closes, `${room}; ${context}`).toEqual([]);
      const newcomer = connectYClient(relayUrl, room, TOKEN);
      await waitFor(`the newcomer to ${room} has every key its witness wrote; ${context}`, () => {
        const map = newcomer.doc.getMap<number>('m');
        return newcomer.provider.synced && [...written].every(([k, v]) => map.get(k) === v);
      });
      newcomer.destroy();
      client.destroy();
    };
    const addWitness = async () => {
      const room = `witness-${witnesses.length}`;
      const client = connectYClient(relayUrl, room, TOKEN);
      await waitFor(`${room} synced`, () => client.provider.synced);
      witnesses.push({ room, client, written: new Map() });
    };
    await addWitness();
    const peerA = await openRawSocket(`${ws}/signal`);
    const peerB = await openRawSocket(`${ws}/signal`);
    for (const peer of [peerA, peerB]) {
      peer.ws.send(JSON.stringify({ type: 'subscribe', topics: ['witness-peers'] }));
    }

    const closes = new Map<number, number>();
    let sent = 0;
    const current = () => witnesses[witnesses.length - 1] as Witness;
    const syncRoom = () =>
      random() < 0.3 ? current().room : `fuzz-${Math.floor(sent / FRAMES_PER_ROOM)}`;
    const syncSlots = Array.from(
      { length: 4 },
      () => new FuzzSlot(() => `${ws}/sync/${syncRoom()}?token=${TOKEN}`, closes),
    );
    const signalSlots = Array.from({ length: 2 }, () => new FuzzSlot(() => `${ws}/signal`, closes));
    const syncFrames = new SyncFrameMaker(random);
    const signalFrames = new SignalFrameMaker(random);

    let baseline = 0;
    let peak = 0;
    let read = 0;
    let reported = 0;
    try {
      while (read < FRAMES) {
        // A round: a burst on every connection at once, then the witness writes and the
        // relay's counters are read (which paces the fuzzer to the relay's speed).
        const burst: Promise<void>[] = [];
        for (const slot of syncSlots) {
          for (let i = 0; i < 8; i++, sent++) burst.push(slot.send(syncFrames.next()));
        }
        for (const slot of signalSlots) {
          for (let i = 0; i < 4; i++, sent++) burst.push(slot.send(signalFrames.next()));
        }
        await Promise.all(burst);
        const { client, written } = current();
        const key = `w${written.size}`;
        client.doc.getMap<number>('m').set(key, sent);
        written.set(key, sent);
        if (Math.floor(sent / FRAMES_PER_WITNESS) >= witnesses.length) {
          await retire(current());
          await addWitness();
        }
        read = await framesRead(relay);
        expect(relay.child.exitCode, `the relay exited; ${context}\n${log}`).toBeNull();
        const rss = residentBytes(relay.child.pid ?? 0);
        if (baseline === 0 && read >= Math.min(FRAMES / 10, 20_000)) baseline = rss;
        peak = Math.max(peak, rss);
        // The long mode runs for an hour or more: say how far it is.
        if (Math.floor(read / 50_000) > reported) {
          reported = Math.floor(read / 50_000);
          console.info(`relayFuzz: ${read} frames read, RSS ${(rss / 2 ** 20).toFixed(1)} MiB`);
        }
      }
    } finally {
      for (const slot of [...syncSlots, ...signalSlots]) slot.close();
    }
    console.info(
      `relayFuzz: ${read} frames read (${sent} sent), closes ${JSON.stringify([...closes])}, ` +
        `RSS ${(baseline / 2 ** 20).toFixed(1)} MiB after warm-up, peak ${(peak / 2 ** 20).toFixed(1)} MiB`,
    );

    // Every close the relay chose is one it documents.
    const undocumented = [...closes.keys()].filter((code) => !DOCUMENTED_CLOSES.has(code));
    expect(undocumented, context).toEqual([]);
    expect(peak - baseline, `RSS growth; ${context}`).toBeLessThan(RSS_GROWTH_LIMIT);

    await retire(current());

    // The signalling peers still reach each other.
    peerA.ws.send(JSON.stringify({ type: 'publish', topic: 'witness-peers', data: 'still here' }));
    await waitFor(`peer B hears peer A; ${context}`, () =>
      peerB.received.some((m) => m.toString().includes('"still here"')),
    );
    peerA.ws.close();
    peerB.ws.close();

    expect(await relay.stop(), `clean shutdown; ${context}\n${log}`).toBe(0);
    // Nothing the fuzz did was an error of the relay's own (refused frames are logged as warnings, not errors).
    const errors = log.split('\n').filter((line) => line.includes('"level":"error"'));
    expect(errors, context).toEqual([]);
  });
});
