import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTempRelay, type TempRelay } from '../support/tempRelay';
import { waitFor } from '../support/waitFor';

const PEER_SCRIPT = fileURLToPath(new URL('./fixtures/webrtcPeer.ts', import.meta.url));

interface PeerProcess {
  child: ChildProcess;
  state: { map: Record<string, unknown>; peers: number; decryptFailures: number };
  set(key: string, value: unknown): void;
}

function startPeer(relayUrl: string, room: string, password: string, bare = false): PeerProcess {
  const child = fork(PEER_SCRIPT, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      BARE: bare ? '1' : '0',
      SIGNAL_URL: `${relayUrl.replace('http', 'ws')}/signal`,
      ROOM: room,
      PASSWORD: password,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const peer: PeerProcess = {
    child,
    state: { map: {}, peers: 0, decryptFailures: 0 },
    set: (key, value) => child.send({ type: 'set', key, value }),
  };
  child.on('message', (message: { type: string } & PeerProcess['state']) => {
    if (message.type === 'state') {
      peer.state = {
        map: message.map,
        peers: message.peers,
        decryptFailures: message.decryptFailures,
      };
    }
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
    // Generous: two tsx processes start and the glare watchdog may back off (5, 10, 20 s) on a
    // machine busy with other suites; once in CI, 45 s was not enough under that load.
    await waitFor(
      'a WebRTC data channel on both sides',
      () => alice.state.peers === 1 && bob.state.peers === 1,
      {
        timeoutMs: 90_000,
      },
    );
    alice.set('from-alice', 1);
    bob.set('from-bob', 2);
    // A channel can still be torn down right after it opened (a late glare offer) and be
    // re-established by the watchdog, whose backoff may then wait up to 30 s: the sync that
    // follows the new channel carries both keys, so give it the same room as the first wait.
    await waitFor(
      'both peers have both keys',
      () =>
        [alice, bob].every((p) => p.state.map['from-alice'] === 1 && p.state.map['from-bob'] === 2),
      { timeoutMs: 90_000 },
    );
    const health = (await (await fetch(`${temp.relay.url}/healthz`)).json()) as Record<
      string,
      number
    >;
    expect(health.syncConnections).toBe(0);
    expect(health.signalConnections).toBe(2);
  }, 200_000);

  it('lets an unmodified y-webrtc client connect through /signal', async () => {
    const plain = startPeer(temp.relay.url, 'p2p-plain', 'table-key-2', true);
    peers.push(plain);
    // One after the other, so that the plain client (which has no glare watchdog) never meets
    // a simultaneous announce.
    await waitFor('the plain client subscribed', async () => {
      const health = (await (await fetch(`${temp.relay.url}/healthz`)).json()) as Record<
        string,
        number
      >;
      return health.signalConnections === 1;
    });
    const ours = startPeer(temp.relay.url, 'p2p-plain', 'table-key-2');
    peers.push(ours);
    await waitFor('connected', () => plain.state.peers === 1 && ours.state.peers === 1, {
      timeoutMs: 45_000,
    });
    plain.set('from-plain', true);
    await waitFor('ours gets it', () => ours.state.map['from-plain'] === true);
  });

  it('does not connect peers that hold different table keys', async () => {
    // Mallory listens first, so that the others' announces and offers all reach her.
    const mallory = startPeer(temp.relay.url, 'p2p-keyed', 'wrong-key');
    peers.push(mallory);
    await waitFor('mallory subscribed', async () => {
      const metrics = await (await fetch(`${temp.relay.url}/metrics`)).text();
      return /^meshtable_signal_topics 1$/m.test(metrics);
    });
    const alice = startPeer(temp.relay.url, 'p2p-keyed', 'right-key');
    peers.push(alice);
    // Mallory heard Alice's announce and could not open it: that is the moment she would have
    // connected, had the key not mattered. Bob starts only then, so that his announce and
    // Alice's never cross (glare has tests of its own; this one is about the key).
    await waitFor(
      'mallory failed to decrypt an announce',
      () => mallory.state.decryptFailures > 0,
      { timeoutMs: 30_000 },
    );
    const bob = startPeer(temp.relay.url, 'p2p-keyed', 'right-key');
    peers.push(bob);
    await waitFor('alice and bob connect', () => alice.state.peers === 1 && bob.state.peers === 1, {
      timeoutMs: 45_000,
    });
    alice.set('secret', 'plan');
    await waitFor('bob gets the secret', () => bob.state.map.secret === 'plan', {
      timeoutMs: 30_000,
    });
    expect(mallory.state.peers).toBe(0);
    expect(mallory.state.map).toEqual({});
  });
});
