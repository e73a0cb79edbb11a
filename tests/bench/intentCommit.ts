/**
 * Intent to commit (issue 5's Speed goal): a player asks to move a token, and the time runs until
 * the GM's receipt and the moved token are in the table doc of all 8 peers. One GM peer runs
 * GmValidator (the core rules, or a small module in the real sandbox), 7 players each hold an
 * IntentClient on their own Y.Doc, and the 8 docs form an in-process full mesh with loopback
 * delays (meshNetwork.ts). Real timers: the event loop is part of every figure.
 *
 * Two floors, on the same mesh with the same delays and plain Yjs docs: a map set on one player's
 * doc until every doc has it (one hop, what any change costs), and the same set answered by the
 * GM's peer with a set of its own, until every doc has the answer (two hops: the intent's path
 * with nothing checked and no rules).
 *
 * Latency is one request at a time, by a random player. Throughput has every player ask again as
 * soon as their last request is seen everywhere; that load also gives a latency, and how evenly
 * the players were served.
 */
import {
  createCampaign,
  createIdentity,
  GmValidator,
  type Identity,
  IntentClient,
  type RulesHost,
} from '@meshtable/campaign';
import { Sandbox } from '@meshtable/sandbox';
import { nodeWorkerLauncher } from '@meshtable/sandbox/node';
import { TABLE_MAPS } from '@meshtable/schema';
import * as Y from 'yjs';
import { BENCH_SCENE, loadMoveRules, writeBenchTable } from './intentCommitTable';
import { type LatencySummary, summarizeLatency } from './latency';
import { type DelayModel, LOOPBACK_DELAYS, MeshNetwork, seededRandom } from './meshNetwork';

/** Players besides the GM: 8 peers in all. */
export const PLAYERS = 7;

/** The series of one run: the two floors, and the intent path with each kind of rules. */
export const COMMIT_SERIES = ['oneHop', 'viaGm', 'core', 'module'] as const;

/** One of {@link COMMIT_SERIES}. */
export type CommitSeries = (typeof COMMIT_SERIES)[number];

/** One series of one run. */
export interface CommitFigures {
  /** One request at a time, in milliseconds. */
  latency: LatencySummary;
  /** With every player asking back to back, in milliseconds. */
  loaded: LatencySummary;
  /** Requests seen on all 8 peers per second, under that load. */
  perSecond: number;
  /** Under that load, the requests of the least and the most served player. */
  served: { fewest: number; most: number };
}

/** One run: each series on a fresh table and mesh. */
export type IntentCommitRun = Record<CommitSeries, CommitFigures>;

/** Requests per series: one at a time, then under load. */
export interface IntentCommitRounds {
  latency: number;
  throughput: number;
}

/** A request on its own that is not everywhere after this long fails the run. */
const DEADLINE_MS = 10_000;
/** Under load, a player may wait for the others (GmValidator serves the logs in name order). */
const LOADED_DEADLINE_MS = 300_000;

/** Waits for conditions to hold on every peer's doc, checked after each of its transactions. */
class Visibility {
  readonly #docs: readonly Y.Doc[];
  readonly #waits = new Set<{
    readonly holds: (doc: Y.Doc) => boolean;
    readonly missing: Set<number>;
    readonly seen: (at: number) => void;
  }>();
  readonly #listeners: Array<() => void> = [];

  constructor(docs: readonly Y.Doc[]) {
    this.#docs = docs;
    docs.forEach((doc, index) => {
      const check = () => this.#check(index);
      doc.on('update', check);
      this.#listeners.push(() => doc.off('update', check));
    });
  }

  /** Resolves with performance.now() at the first moment `holds` is true of every doc. */
  everywhere(holds: (doc: Y.Doc) => boolean, what: string, deadlineMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const missing = new Set(this.#docs.keys());
      const deadline = setTimeout(() => {
        this.#waits.delete(wait);
        reject(
          new Error(`${what}: not on peers ${[...missing].join(', ')} after ${deadlineMs} ms`),
        );
      }, deadlineMs);
      const wait = {
        holds,
        missing,
        seen: (at: number) => {
          clearTimeout(deadline);
          this.#waits.delete(wait);
          resolve(at);
        },
      };
      this.#waits.add(wait);
      for (const index of this.#docs.keys()) this.#check(index);
    });
  }

  close(): void {
    for (const stop of this.#listeners) stop();
  }

  #check(index: number): void {
    const doc = this.#docs[index] as Y.Doc;
    for (const wait of this.#waits) {
      if (!wait.missing.has(index) || !wait.holds(doc)) continue;
      wait.missing.delete(index);
      if (wait.missing.size === 0) wait.seen(performance.now());
    }
  }
}

/** Starts one request by a player; resolves with the time all 8 peers have it. */
type Request = (player: number, deadlineMs: number) => Promise<number>;

/** A table of 8 peers ready to take requests. */
interface BenchTable {
  readonly request: Request;
  close(): void;
}

/** The floors: plain docs, no campaign. `viaGm` has peer 0 answer each ask. */
function openFloor(viaGm: boolean, seed: number, delays: DelayModel): BenchTable {
  const docs = Array.from({ length: PLAYERS + 1 }, () => new Y.Doc());
  const mesh = new MeshNetwork({ seed, delays });
  for (const doc of docs) mesh.join(doc);
  const visibility = new Visibility(docs);
  const gm = docs[0] as Y.Doc;
  const asks = gm.getMap<number>('asks');
  const answers = gm.getMap<number>('answers');
  // The GM's peer answers after the update that brought the ask, as the validator does.
  const answer = () =>
    gm.transact(() => {
      for (const [key, value] of asks) if (answers.get(key) !== value) answers.set(key, value);
    });
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === mesh) queueMicrotask(answer);
  };
  if (viaGm) gm.on('update', onUpdate);
  let counter = 0;
  return {
    request: (player, deadlineMs) => {
      const key = `p${player}`;
      const value = ++counter;
      const doc = docs[player + 1] as Y.Doc;
      doc.getMap<number>(viaGm ? 'asks' : 'answers').set(key, value);
      const arrived = (peer: Y.Doc) => peer.getMap('answers').get(key) === value;
      return visibility.everywhere(arrived, `${key}=${value}`, deadlineMs);
    },
    close: () => {
      gm.off('update', onUpdate);
      visibility.close();
      mesh.close();
    },
  };
}

/**
 * A campaign made by createCampaign, its GM's peer validating; 7 players who join through the
 * mesh (admitted automatically), then the GM's scene, tokens and sheets. Each player moves a
 * token of their own along a row of its own, one square left or right at a time.
 */
async function openCampaign(
  rules: RulesHost | null,
  seed: number,
  delays: DelayModel,
): Promise<BenchTable> {
  const gmIdentity = createIdentity('Gemma', '#aa3300');
  const created = createCampaign({
    gm: gmIdentity,
    name: 'Benchmark',
    system: { id: 'bench', version: '1.0.0', sha256: 'ab'.repeat(32) },
    settings: { autoAdmit: true },
  });
  const problems: string[] = [];
  const validator = new GmValidator({
    table: created.table,
    gm: created.gm,
    identity: gmIdentity,
    rules,
    onProblem: (problem) => problems.push(problem),
  });
  validator.start();
  const players: Identity[] = Array.from({ length: PLAYERS }, (_, i) =>
    createIdentity(`Player ${i + 1}`, '#336699'),
  );
  const docs = [created.table, ...players.map(() => new Y.Doc())];
  const mesh = new MeshNetwork({ seed, delays });
  for (const doc of docs) mesh.join(doc);
  const visibility = new Visibility(docs);
  const clients = players.map(
    (identity, i) =>
      new IntentClient({ doc: docs[i + 1] as Y.Doc, identity, campaignId: created.campaignId }),
  );
  const joined = await Promise.all(
    clients.map((client, i) => client.requestJoin(`Player ${i + 1}`, '#336699').receipt),
  );
  if (joined.some((receipt) => receipt.status !== 'applied'))
    throw new Error(`a join was refused: ${JSON.stringify(joined)}`);

  const tokenCount = writeBenchTable(
    created.table,
    players.map((player) => player.userId),
  );
  const everyToken = (doc: Y.Doc) => doc.getMap(TABLE_MAPS.tokens).size === tokenCount;
  await visibility.everywhere(everyToken, 'the table', DEADLINE_MS);

  const random = seededRandom(seed ^ 0x5bd1e995);
  const lastColumn = BENCH_SCENE.width / BENCH_SCENE.grid.size - 1;
  const columns = players.map(() => 0);
  return {
    request: async (player, deadlineMs) => {
      const tokenId = `pc-${player}`;
      const from = columns[player] as number;
      const to = from === 0 ? 1 : from === lastColumn ? from - 1 : from + (random() < 0.5 ? -1 : 1);
      columns[player] = to;
      const x = to * BENCH_SCENE.grid.size;
      const y = player * BENCH_SCENE.grid.size;
      const ticket = (clients[player] as IntentClient).requestMoveToken(tokenId, x, y);
      const refused = ticket.receipt.then((receipt) => {
        if (receipt.status === 'applied') return new Promise<never>(() => {});
        throw new Error(`move ${ticket.id} was refused: ${receipt.reason}`);
      });
      const committed = (doc: Y.Doc) => {
        if (!doc.getMap(TABLE_MAPS.receipts).has(ticket.id)) return false;
        const token = doc.getMap(TABLE_MAPS.tokens).get(tokenId) as Y.Map<unknown>;
        return token.get('x') === x && token.get('y') === y;
      };
      return await Promise.race([visibility.everywhere(committed, ticket.id, deadlineMs), refused]);
    },
    close: () => {
      for (const client of clients) client.close();
      validator.stop();
      visibility.close();
      mesh.close();
      if (problems.length > 0) throw new Error(`the validator reported: ${problems.join('; ')}`);
    },
  };
}

/** One request at a time, each by a random player. */
async function sequential(table: BenchTable, rounds: number, seed: number) {
  const random = seededRandom(seed);
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const player = Math.floor(random() * PLAYERS);
    const started = performance.now();
    const seen = await table.request(player, DEADLINE_MS);
    samples.push(seen - started);
  }
  return summarizeLatency(samples);
}

/**
 * Every player asks again as soon as their last request is everywhere, until `rounds` are
 * issued. The rate counts the requests completed after the first tenth (the warm-up) over their
 * time.
 */
async function loaded(table: BenchTable, rounds: number) {
  let issued = 0;
  const samples: number[] = [];
  const done: number[] = [];
  const served = Array.from({ length: PLAYERS }, () => 0);
  const player = async (index: number) => {
    while (issued < rounds) {
      issued++;
      const started = performance.now();
      const seen = await table.request(index, LOADED_DEADLINE_MS);
      samples.push(seen - started);
      done.push(seen);
      served[index] = (served[index] as number) + 1;
    }
  };
  await Promise.all(served.map((_, index) => player(index)));
  done.sort((a, b) => a - b);
  const warm = Math.floor(done.length / 10);
  const span = ((done.at(-1) as number) - (done[warm] as number)) / 1000;
  return {
    latency: summarizeLatency(samples),
    perSecond: (done.length - 1 - warm) / span,
    served: { fewest: Math.min(...served), most: Math.max(...served) },
  };
}

/**
 * One run: each series on a fresh table and mesh, the floors first, one sandbox for the module
 * series. `seed` fixes the delays, the players and the moves.
 */
export async function intentCommitRun(
  rounds: IntentCommitRounds,
  seed: number,
  delays: DelayModel = LOOPBACK_DELAYS,
): Promise<IntentCommitRun> {
  const sandbox = new Sandbox({ launch: nodeWorkerLauncher() });
  try {
    const rules = await loadMoveRules(sandbox);
    const open: Record<CommitSeries, (seed: number) => Promise<BenchTable> | BenchTable> = {
      oneHop: (s) => openFloor(false, s, delays),
      viaGm: (s) => openFloor(true, s, delays),
      core: (s) => openCampaign(null, s, delays),
      module: (s) => openCampaign(rules, s, delays),
    };
    const run = {} as IntentCommitRun;
    for (const [index, series] of COMMIT_SERIES.entries()) {
      const seriesSeed = seed * COMMIT_SERIES.length + index;
      const table = await open[series](seriesSeed);
      try {
        const latency = await sequential(table, rounds.latency, seriesSeed);
        const underLoad = await loaded(table, rounds.throughput);
        run[series] = { ...underLoad, latency, loaded: underLoad.latency };
      } finally {
        table.close();
      }
    }
    return run;
  } finally {
    sandbox.close();
  }
}
