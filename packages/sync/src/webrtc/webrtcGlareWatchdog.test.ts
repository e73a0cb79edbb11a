import { describe, expect, it } from 'vitest';
import { type WatchedConnection, WebrtcGlareWatchdog } from './webrtcGlareWatchdog';

class FakeConn implements WatchedConnection {
  connected = false;
  closed = false;
  destroyed = 0;
  constructor(readonly remotePeerId: string) {}
  destroy(): void {
    this.destroyed++;
    this.closed = true;
  }
}

function setup(conns: FakeConn[]) {
  let now = 0;
  const stalled: [string, number][] = [];
  const watchdog = new WebrtcGlareWatchdog({
    connections: () => conns.filter((c) => !c.closed),
    baseTimeoutMs: 5000,
    maxTimeoutMs: 30_000,
    jitterMs: 1000,
    now: () => now,
    random: () => 0.5,
    onStalled: (peer, failures) => stalled.push([peer, failures]),
  });
  return {
    watchdog,
    stalled,
    at(t: number) {
      now = t;
      watchdog.check();
    },
  };
}

describe('WebrtcGlareWatchdog', () => {
  it('destroys a connection that has not connected by its deadline', () => {
    const conn = new FakeConn('peer-a');
    const { at, stalled } = setup([conn]);
    at(0); // first seen: deadline 5000 + 0.5 * 1000
    at(5499);
    expect(conn.destroyed).toBe(0);
    at(5500);
    expect(conn.destroyed).toBe(1);
    expect(stalled).toEqual([['peer-a', 1]]);
  });

  it('leaves a connection alone once it connected', () => {
    const conn = new FakeConn('peer-a');
    const { at } = setup([conn]);
    at(0);
    conn.connected = true;
    at(60_000);
    expect(conn.destroyed).toBe(0);
  });

  it('doubles the deadline for each consecutive failure with the same peer, up to the cap', () => {
    const conns: FakeConn[] = [];
    const { at, stalled } = setup(conns);
    let t = 0;
    const deadlines: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const conn = new FakeConn('peer-a');
      conns.push(conn);
      at(t);
      const start = t;
      while (conn.destroyed === 0) at(++t);
      deadlines.push(t - start);
    }
    expect(deadlines).toEqual([5500, 10_500, 20_500, 30_500, 30_500]);
    expect(stalled.map(([, failures]) => failures)).toEqual([1, 2, 3, 4, 5]);
  });

  it('resets the backoff after a successful connection', () => {
    const first = new FakeConn('peer-a');
    const conns = [first];
    const { at } = setup(conns);
    at(0);
    at(5500); // failure 1
    const second = new FakeConn('peer-a');
    conns.push(second);
    at(6000);
    second.connected = true;
    at(7000); // success clears the record
    second.closed = true;
    const third = new FakeConn('peer-a');
    conns.push(third);
    at(8000);
    at(13_499);
    expect(third.destroyed).toBe(0);
    at(13_500);
    expect(third.destroyed).toBe(1);
  });

  it('tracks peers independently', () => {
    const a = new FakeConn('peer-a');
    const b = new FakeConn('peer-b');
    const { at } = setup([a, b]);
    at(0);
    b.connected = true;
    at(6000);
    expect(a.destroyed).toBe(1);
    expect(b.destroyed).toBe(0);
  });
});
