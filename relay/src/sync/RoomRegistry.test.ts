import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger';
import { DocStore } from '../storage/DocStore';
import type { RoomPeer } from './Room';
import { RoomLimitError, RoomRegistry, type RoomRegistryOptions } from './RoomRegistry';

const log = createLogger('silent');

const OPTIONS: RoomRegistryOptions = {
  roomIdleMs: 0,
  compactAfterUpdates: 500,
  compactAfterBytes: 8 * 1024 * 1024,
  maxRooms: 100,
};

/** Applies a fresh update that sets `key` to `value` in map `m`, as if `peer` sent it. */
function write(
  room: { receiveUpdate(u: Uint8Array, p: RoomPeer): void },
  peer: RoomPeer,
  key: string,
  value: unknown,
) {
  const source = new Y.Doc();
  source.getMap('m').set(key, value);
  room.receiveUpdate(Y.encodeStateAsUpdate(source), peer);
}

/** A peer that records what it is sent and whether it was closed. */
function recordingPeer() {
  const peer = {
    frames: 0,
    closedWith: null as number | null,
    send() {
      peer.frames++;
    },
    close(code: number) {
      peer.closedWith = code;
    },
  };
  return peer satisfies RoomPeer;
}

describe('RoomRegistry (real LevelDB)', () => {
  let dir: string;
  let store: DocStore;
  let rooms: RoomRegistry;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshtable-registry-'));
    store = new DocStore(join(dir, 'db'));
    await store.open();
    rooms = new RoomRegistry(store, OPTIONS, log);
  });
  afterEach(async () => {
    await rooms.closeAll();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a room opened during its unload afresh, after the last writes are stored', async () => {
    const first = await rooms.open('r');
    const peer = recordingPeer();
    first.addPeer(peer);
    const source = new Y.Doc();
    source.getMap('m').set('k', 'v');
    first.receiveUpdate(Y.encodeStateAsUpdate(source), peer);
    first.removePeer(peer);
    rooms.peerLeft(first);
    // Let the idle timer fire: the unload is now waiting for the write to be stored.
    await new Promise((resolve) => setTimeout(resolve, 1));
    const late = recordingPeer();
    const second = await rooms.open('r');
    second.addPeer(late);
    expect(second).not.toBe(first);
    expect(second.doc.getMap('m').get('k')).toBe('v');
    expect(late.closedWith).toBeNull();
  });

  it('turns away a peer that reaches a room after its unload began', async () => {
    const room = await rooms.open('r2');
    rooms.peerLeft(room);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const straggler = recordingPeer();
    room.addPeer(straggler);
    expect(straggler.closedWith).toBe(1001);
  });

  it('makes space at the room limit by unloading an idle room, whose writes are kept', async () => {
    await rooms.closeAll();
    rooms = new RoomRegistry(store, { ...OPTIONS, roomIdleMs: 60_000, maxRooms: 2 }, log);
    const peer = recordingPeer();
    const idle = await rooms.open('idle');
    idle.addPeer(peer);
    write(idle, peer, 'kept', 1);
    idle.removePeer(peer);
    rooms.peerLeft(idle);
    const busy = await rooms.open('busy');
    busy.addPeer(recordingPeer());
    // Both slots are taken; 'idle' waits out a minute-long grace period, so it goes first.
    const third = await rooms.open('third');
    expect(rooms.size).toBe(2);
    third.addPeer(recordingPeer());
    await expect(rooms.open('fourth')).rejects.toBeInstanceOf(RoomLimitError);
    busy.removePeer(recordingPeer());
    const reloaded = await rooms.open('idle').catch((error: unknown) => error);
    expect(reloaded).toBeInstanceOf(RoomLimitError);
    expect((await store.loadRoom('idle')).doc.getMap('m').get('kept')).toBe(1);
  });

  it('compacts a room by size: the log since the snapshot stays under the byte threshold', async () => {
    await rooms.closeAll();
    rooms = new RoomRegistry(
      store,
      { ...OPTIONS, compactAfterUpdates: 1_000_000, compactAfterBytes: 64 * 1024 },
      log,
    );
    const room = await rooms.open('heavy');
    const peer = recordingPeer();
    room.addPeer(peer);
    for (let i = 0; i < 40; i++) {
      write(room, peer, `k${i}`, 'x'.repeat(10_000));
      await room.whenIdle();
    }
    // 40 updates of ~10 kB: compacted every ~7 updates, never more than that many behind.
    expect(store.compactionCount).toBeGreaterThanOrEqual(5);
    expect(await store.storedUpdateCount('heavy')).toBeLessThanOrEqual(8);
    room.removePeer(peer);
    await rooms.closeAll();
    const loaded = await store.loadRoom('heavy');
    expect(loaded.doc.getMap('m').size).toBe(40);
    expect(loaded.bytesSinceSnapshot).toBeLessThan(64 * 1024);
  });

  it('compacts a long log when it loads the room, so the next load replays one snapshot', async () => {
    const room = await rooms.open('long');
    const peer = recordingPeer();
    room.addPeer(peer);
    for (let i = 0; i < 50; i++) write(room, peer, `k${i}`, i);
    await room.whenIdle();
    room.removePeer(peer);
    await rooms.closeAll();
    expect(await store.storedUpdateCount('long')).toBe(50);
    rooms = new RoomRegistry(store, { ...OPTIONS, compactAfterUpdates: 10 }, log);
    const reloaded = await rooms.open('long');
    expect(reloaded.doc.getMap('m').size).toBe(50);
    expect(await store.storedUpdateCount('long')).toBe(1);
  });
});
