/**
 * The scale benchmark's two ways of loading a server with N clients in M rooms: an open-loop
 * sender at a fixed total rate (for fan-out latency) and a closed loop that keeps one update in
 * flight in every room (for throughput at saturation). Every update goes to every other client
 * of its room; each receiver times it from the moment its sender handed it to the socket.
 */
import { type LatencySummary, summarizeLatency } from './latency';
import { LoadClient, openClients, type StampListener } from './syncLoad';

/** Clients grouped by room, and the one listener their stamps go to. */
export class RoomLoad {
  /** Clients by room index. */
  readonly rooms: LoadClient[][];
  /** The next sequence number: stamps never repeat within one load. */
  private seq = 0;
  private listener: StampListener = () => {};
  /** Which member of each room sends next: senders take turns. */
  private readonly turn: Uint32Array;

  private constructor(
    readonly clients: LoadClient[],
    roomCount: number,
  ) {
    this.rooms = Array.from({ length: roomCount }, () => []);
    for (const client of clients) this.rooms[client.room]?.push(client);
    this.turn = new Uint32Array(roomCount);
  }

  /**
   * Opens `connections` clients over `roomCount` rooms (client i in room i mod roomCount), a few
   * dozen handshakes at a time, and resolves once every one is synced.
   */
  static async open(
    connections: number,
    roomCount: number,
    url: (room: number) => string,
  ): Promise<RoomLoad> {
    let load: RoomLoad | null = null;
    const dispatch: StampListener = (seq, at, client) => load?.listener(seq, at, client);
    const clients = await openClients(
      connections,
      32,
      (i) => new LoadClient(url(i % roomCount), i + 1, i % roomCount, dispatch),
    );
    load = new RoomLoad(clients, roomCount);
    return load;
  }

  /** Frames no client could read, over all clients (must stay 0). */
  get unknownFrames(): number {
    let total = 0;
    for (const client of this.clients) total += client.unknownFrames;
    return total;
  }

  /** Closes every client and waits for the server's answers. */
  async close(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.close()));
  }

  /** Sends the next update of `room` from the member whose turn it is. */
  private sendTo(room: number): { seq: number; sender: LoadClient } {
    const members = this.rooms[room] as LoadClient[];
    const sender = members[(this.turn[room] as number) % members.length] as LoadClient;
    this.turn[room] = (this.turn[room] as number) + 1;
    const seq = this.seq++;
    sender.sendStamp(seq);
    return { seq, sender };
  }

  /**
   * Open loop: `rate` updates a second in total for `seconds`, on a fixed schedule that does not
   * wait for answers, each to a room in a shuffled order (so consecutive updates hit unrelated
   * rooms). Then waits up to `drainMs` for the last deliveries.
   */
  async openLoop(rate: number, seconds: number, drainMs = 5000): Promise<OpenLoopResult> {
    const total = Math.round(rate * seconds);
    const first = this.seq;
    const sentAt = new Float64Array(total);
    const sentBy = new Uint32Array(total);
    const samples: number[] = [];
    let expected = 0;
    let received = 0;
    this.listener = (seq, at, client) => {
      const index = seq - first;
      // The reference server echoes each update to its sender too: that is no fan-out.
      if (index < 0 || index >= total || sentBy[index] === client.clientId) return;
      samples.push(at - (sentAt[index] as number));
      received++;
    };
    const order = shuffledRooms(this.rooms.length);
    const started = performance.now();
    let sent = 0;
    await new Promise<void>((done) => {
      const tick = () => {
        const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000));
        while (sent < due) {
          const room = order[sent % order.length] as number;
          expected += (this.rooms[room] as LoadClient[]).length - 1;
          sentAt[sent] = performance.now();
          sentBy[sent] = this.sendTo(room).sender.clientId;
          sent++;
        }
        if (sent < total) setTimeout(tick, 1);
        else done();
      };
      tick();
    });
    const sendSeconds = (performance.now() - started) / 1000;
    const drainUntil = performance.now() + drainMs;
    while (received < expected && performance.now() < drainUntil) await sleep(10);
    this.listener = () => {};
    return {
      latency: summarizeLatency(samples),
      sent,
      sendSeconds,
      expected,
      lost: expected - received,
    };
  }

  /**
   * Closed loop: every room keeps one update in flight, sending the next (from its next member)
   * as soon as every other member has the last one. Counts the updates completed, and their
   * deliveries, between `warmupSeconds` and `warmupSeconds + seconds`; then stops sending and
   * waits for what is in flight.
   */
  async closedLoop(seconds: number, warmupSeconds: number): Promise<ClosedLoopResult> {
    const rooms = this.rooms.length;
    const inFlight = new Float64Array(rooms).fill(-1);
    const senders: (LoadClient | null)[] = new Array(rooms).fill(null);
    const waitingFor = new Uint32Array(rooms);
    let running = true;
    let counting = false;
    let completed = 0;
    let deliveries = 0;
    let busy = 0;
    const send = (room: number) => {
      waitingFor[room] = (this.rooms[room] as LoadClient[]).length - 1;
      const { seq, sender } = this.sendTo(room);
      inFlight[room] = seq;
      senders[room] = sender;
      busy++;
    };
    this.listener = (seq, _at, client) => {
      const room = client.room;
      if (inFlight[room] !== seq || senders[room] === client) return;
      waitingFor[room] = (waitingFor[room] as number) - 1;
      if (waitingFor[room] !== 0) return;
      busy--;
      inFlight[room] = -1;
      if (counting) {
        completed++;
        deliveries += (this.rooms[room] as LoadClient[]).length - 1;
      }
      if (running) send(room);
    };
    const began = performance.now();
    for (let room = 0; room < rooms; room++) send(room);
    await sleep(warmupSeconds * 1000);
    counting = true;
    const started = performance.now();
    await sleep(seconds * 1000);
    counting = false;
    const elapsed = (performance.now() - started) / 1000;
    running = false;
    const drainUntil = performance.now() + 10_000;
    while (busy > 0 && performance.now() < drainUntil) await sleep(10);
    this.listener = () => {};
    if (busy > 0) {
      const closed = this.clients.filter((client) => client.isClosed).length;
      throw new Error(
        `closed loop: ${busy} updates never reached their whole room (${closed} clients closed)`,
      );
    }
    return {
      updatesPerSecond: completed / elapsed,
      deliveriesPerSecond: deliveries / elapsed,
      seconds: (performance.now() - began) / 1000,
    };
  }
}

/** What an open-loop phase measured. */
export interface OpenLoopResult {
  latency: LatencySummary;
  /** Updates sent, and the seconds the schedule took (it can fall behind on a busy machine). */
  sent: number;
  sendSeconds: number;
  /** Deliveries due (each update to each other member of its room), and those that never came. */
  expected: number;
  lost: number;
}

/** What a closed-loop phase measured. */
export interface ClosedLoopResult {
  /** Updates that reached every other member of their room, per second. */
  updatesPerSecond: number;
  /** Frames delivered to receivers, per second. */
  deliveriesPerSecond: number;
  /** Seconds from the first update sent until the last was delivered, warm-up included. */
  seconds: number;
}

/** 0..count-1 in a fixed pseudo-random order (a seeded Fisher–Yates). */
function shuffledRooms(count: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  let state = 0x2545f491;
  for (let i = count - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
