import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTempRelay, type TempRelay } from '../support/tempRelay';
import { waitFor } from '../support/waitFor';

const PEER_SCRIPT = fileURLToPath(new URL('./fixtures/webrtcPeer.ts', import.meta.url));

interface PeerProcess {
  child: ChildProcess;
  state: { map: Record<string, unknown>; peers: number };
  set(key: string, value: unknown): void;
}

function startPeer(relayUrl: string, room: string, password: string): PeerProcess {
  const child = fork(PEER_SCRIPT, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      SIGNAL_URL: `${relayUrl.replace('http', 'ws')}/signal`,
      ROOM: room,
      PASSWORD: password,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const peer: PeerProcess = {
    child,
    state: { map: {}, peers: 0 },
    set: (key, value) => child.send({ type: 'set', key, value }),
  };
  child.on('message', (message: { type: string; map: Record<string, unknown>; peers: number }) => {
    if (message.type === 'state') peer.state = { map: message.map, peers: message.peers };
  });
  return peer;
}

async function stopPeer(peer: PeerProcess): Promise<void> {
  if (peer.child.exitCode !== null) return;
  const exited = new Promise((resolve) => peer.child.once('exit', resolve));
  peer.child.send({ type: 'stop' });
  const timer = setTimeout(() => peer.child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

describe('WebRTC between Node peers (@roamhq/wrtc), signalled through the relay', () => {
  let temp: TempRelay;
  const peers: PeerProcess[] = [];
  beforeEach(async () => {
    temp = await startTempRelay();
  });
  afterEach(async () => {
    await Promise.all(peers.splice(0).map(stopPeer));
    await temp.dispose();
  });

  it('connects two peers and syncs a document both ways, with no relay sync at all', async () => {
    const alice = startPeer(temp.relay.url, 'p2p-room', 'table-key-1');
    const bob = startPeer(temp.relay.url, 'p2p-room', 'table-key-1');
    peers.push(alice, bob);
    await waitFor(
      'a WebRTC data channel on both sides',
      () => alice.state.peers === 1 && bob.state.peers === 1,
      {
        timeoutMs: 45_000,
      },
    );
    alice.set('from-alice', 1);
    bob.set('from-bob', 2);
    await waitFor('both peers have both keys', () =>
      [alice, bob].every((p) => p.state.map['from-alice'] === 1 && p.state.map['from-bob'] === 2),
    );
    const health = (await (await fetch(`${temp.relay.url}/healthz`)).json()) as Record<
      string,
      number
    >;
    expect(health.syncConnections).toBe(0);
    expect(health.signalConnections).toBe(2);
  });

  it('does not connect peers that hold different table keys', async () => {
    const alice = startPeer(temp.relay.url, 'p2p-keyed', 'right-key');
    const mallory = startPeer(temp.relay.url, 'p2p-keyed', 'wrong-key');
    const bob = startPeer(temp.relay.url, 'p2p-keyed', 'right-key');
    peers.push(alice, mallory, bob);
    await waitFor('alice and bob connect', () => alice.state.peers === 1 && bob.state.peers === 1, {
      timeoutMs: 45_000,
    });
    alice.set('secret', 'plan');
    await waitFor('bob gets the secret', () => bob.state.map.secret === 'plan');
    // A negative needs a window: give mallory as long again as alice and bob needed.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(mallory.state.peers).toBe(0);
    expect(mallory.state.map).toEqual({});
  });
});
