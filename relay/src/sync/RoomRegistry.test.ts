import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger';
import { DocStore } from '../storage/DocStore';
import type { RoomPeer } from './Room';
import { RoomRegistry } from './RoomRegistry';

const log = createLogger('silent');

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
    rooms = new RoomRegistry(store, { roomIdleMs: 0, compactAfterUpdates: 500 }, log);
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
});
