/**
 * The scale benchmark's part of docs/benchmarks.md: its table rows (Meshtable's relay against
 * the reference server measured in the same run, or against a floor), its goals and their
 * verdicts, and the section that explains them. `npm run bench` writes it with the rest of the
 * file; `npm run bench -- --only=scale` replaces only this section (between its markers).
 */
import type { ScaleConfig, ScaleRun, ServerFigures } from './scale';

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** `digits` after the point, thousands separated. */
const fixed = (value: number, digits: number) =>
  value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** "median (min–max)". */
const figure = (values: number[], digits: number) =>
  `${fixed(median(values), digits)} (${fixed(Math.min(...values), digits)}–${fixed(Math.max(...values), digits)})`;

/** The ratio of medians, and the range of per-run ratios. */
const ratio = (ours: number[], anchor: number[]) => {
  const perRun = ours.map((value, i) => value / (anchor[i] ?? Number.NaN));
  return `${(median(ours) / median(anchor)).toFixed(2)} (${Math.min(...perRun).toFixed(2)}–${Math.max(...perRun).toFixed(2)})`;
};

const MB = 1024 * 1024;
const KB = 1024;

/**
 * Updates per second both delivered and stored: the delivered rate, stretched over the time the
 * server needed to store them too (the loop's time plus the storing it still owed afterwards).
 */
const storedRate = (server: ServerFigures) =>
  (server.saturation.updatesPerSecond * server.saturation.seconds) /
  (server.saturation.seconds + server.saturation.backlogSeconds);

/** The fan-out's floor, as the table names it. */
const FORWARD_NAME = 'a server that only forwards (floor)';

/** The marker lines around the section, so that `--only=scale` can replace it alone. */
export const SCALE_SECTION_START = '<!-- scale benchmark: written by npm run bench -->';
export const SCALE_SECTION_END = '<!-- end of scale benchmark -->';

/** The goals of issue 6, each with its verdict in these runs. */
export function scaleGoals(runs: ScaleRun[]): string[] {
  const pick = (value: (server: ServerFigures) => number) => ({
    relay: runs.map((run) => value(run.relay)),
    reference: runs.map((run) => value(run.reference)),
  });
  const verdict = (met: boolean) => (met ? 'met' : 'missed');
  const p99 = median(pick((server) => server.latency.p99).relay);
  const floorP99 = median(runs.map((run) => run.forward.latency.p99));
  const delivered = pick((server) => server.saturation.updatesPerSecond);
  const stored = pick(storedRate);
  const deliveredTimes = median(delivered.relay) / median(delivered.reference);
  const storedTimes = median(stored.relay) / median(stored.reference);
  const idleRss = median(runs.map((run) => run.relay.idle.rss)) / MB;
  const grace = runs.map((run) => run.relay.memory.roomsAfterGrace ?? Number.NaN);
  const growth = runs.map(
    (run) => (run.relay.memory.heapLeftAgain - run.relay.memory.heapLeft) / KB,
  );
  const idleHeap = median(runs.map((run) => run.relay.memory.idleHeap)) / KB;
  // Freed: no room left in memory, and a second load and unload of the same rooms leaves the
  // heap where the first left it (within 2% of what an idle room holds).
  const freed = grace.every((rooms) => rooms === 0) && median(growth) < idleHeap * 0.02;
  return [
    `p99 ≤ 2 ms: ${verdict(p99 <= 2)} (${p99.toFixed(2)} ms; the floor, a server that only forwards, ${floorP99.toFixed(2)} ms under the same load)`,
    `≥ 2× the reference's throughput: ${verdict(storedTimes >= 2)} on updates delivered and stored (${storedTimes.toFixed(2)}×); ${verdict(deliveredTimes >= 2)} on updates delivered, storage left aside (${deliveredTimes.toFixed(2)}×)`,
    `idle RSS ≤ 60 MB: ${verdict(idleRss <= 60)} (${idleRss.toFixed(1)} MB)`,
    `an idle room's memory freed: ${verdict(freed)} (rooms in memory after the grace period: ${grace.join(', ')}; heap a room leaves behind after a second load and unload: ${fixed(median(growth), 1)} KB, against ${fixed(idleHeap, 0)} KB while it is loaded)`,
  ];
}

/** The table rows of the scale benchmark. */
export function scaleRows(runs: ScaleRun[], config: ScaleConfig): string[] {
  const relay = (value: (server: ServerFigures) => number) => runs.map((run) => value(run.relay));
  const reference = (value: (server: ServerFigures) => number) =>
    runs.map((run) => value(run.reference));
  const referenceName = '@y/websocket-server + y-leveldb';
  const rows: string[] = [];
  const row = (
    name: string,
    digits: number,
    ours: number[],
    anchorName: string,
    anchor: number[],
    goal: string,
  ) =>
    rows.push(
      `| ${name} | ${figure(ours, digits)} | ${anchorName}: ${figure(anchor, digits)} | ${ratio(ours, anchor)} | ${goal} |`,
    );
  const both = (
    name: string,
    digits: number,
    value: (server: ServerFigures) => number,
    goal = '—',
  ) => row(name, digits, relay(value), referenceName, reference(value), goal);

  const load = `${fixed(config.connections, 0)} clients in ${config.rooms} rooms at ${fixed(config.rate, 0)} updates/s`;
  both(`fan-out latency, ${load}, p50 (ms, lower is better)`, 3, (s) => s.latency.p50);
  both(`fan-out latency, ${load}, p99 (ms, lower is better)`, 3, (s) => s.latency.p99, '≤ 2 ms');
  for (const q of ['p50', 'p99'] as const) {
    row(
      `fan-out latency, ${load}, ${q} (ms, lower is better)`,
      3,
      relay((s) => s.latency[q]),
      FORWARD_NAME,
      runs.map((run) => run.forward.latency[q]),
      q === 'p99' ? '≤ 2 ms' : '—',
    );
  }
  both(`server CPU, ${load} (% of one core, lower is better)`, 1, (s) => s.cpuPercent);
  both(
    `throughput at saturation, ${config.rooms} rooms, updates delivered and stored (updates/s)`,
    0,
    storedRate,
    'ratio ≥ 2',
  );
  both(
    `throughput at saturation, ${config.rooms} rooms, updates delivered (updates/s)`,
    0,
    (s) => s.saturation.updatesPerSecond,
    'see text',
  );
  row(
    `throughput at saturation, ${config.rooms} rooms, updates delivered (updates/s)`,
    0,
    relay((s) => s.saturation.updatesPerSecond),
    FORWARD_NAME,
    runs.map((run) => run.forward.saturation.updatesPerSecond),
    '—',
  );
  both(
    'storing still owed when the load stops (s of work, lower is better)',
    2,
    (s) => s.saturation.backlogSeconds,
  );
  both(
    `RSS with ${fixed(config.connections, 0)} clients in ${config.rooms} rooms (MB)`,
    1,
    (s) => s.loadRss / MB,
  );
  both('start time, spawn to first HTTP answer (ms, lower is better)', 0, (s) => s.startMs);
  both('idle RSS after start (MB, lower is better)', 1, (s) => s.idle.rss / MB, '≤ 60 MB');
  const floorRow = (name: string, samples: number[]) =>
    row(
      'idle RSS after start (MB, lower is better)',
      1,
      relay((s) => s.idle.rss / MB),
      name,
      samples,
      '—',
    );
  floorRow(
    'bare Node process (floor)',
    runs.map((run) => run.floor.node.rss / MB),
  );
  floorRow(
    "the relay's third-party packages, a LevelDB and an HTTP server (floor)",
    runs.map((run) => run.floor.dependencies.rss / MB),
  );
  const docKb = fixed((runs[0]?.relay.memory.docBytes ?? 0) / KB, 0);
  const active = `per active room (${docKb} KB doc, 1 client)`;
  both(`RSS ${active} (KB)`, 0, (s) => s.memory.activeRss / KB);
  both(`V8 heap ${active} (KB)`, 0, (s) => s.memory.activeHeap / KB);
  const idleRelay = relay((s) => s.memory.idleHeap / KB);
  rows.push(
    `| V8 heap per idle room, within the relay's grace period (KB) | ${figure(idleRelay, 0)} | ${referenceName}: unloads a room at its last disconnect | — | — |`,
  );
  both(
    'V8 heap left per room after its unload, second time (KB, lower is better)',
    1,
    (s) => s.memory.heapLeftAgain / KB,
    'freed',
  );
  return rows;
}

/** The section of docs/benchmarks.md on the relay at scale, markers included. */
export function scaleSection(runs: ScaleRun[], config: ScaleConfig, date: string): string {
  const rows = scaleRows(runs, config);
  const goals = scaleGoals(runs);
  const first = runs[0];
  const docKb = fixed((first?.relay.memory.docBytes ?? 0) / KB, 1);
  const generator = (phase: 'latency' | 'saturation') =>
    fixed(
      median(
        runs.flatMap((run) => [run.relay, run.reference].map((s) => s.generatorCpuPercent[phase])),
      ),
      0,
    );
  const lost = runs.reduce((sum, run) => sum + run.relay.lost + run.reference.lost, 0);
  const pressures = runs
    .flatMap((run) => [run.relay.cpuPressurePercent, run.reference.cpuPressurePercent])
    .filter((value): value is number => value !== null);
  const pressure =
    pressures.length > 0
      ? ` While the latency was measured, some task of the machine waited for a CPU ${fixed(Math.min(...pressures), 0)}–${fixed(Math.max(...pressures), 0)}% of the time (/proc/pressure/cpu): two CPUs shared with other work, so the tails (p99) say as much about the machine as about the servers.`
      : '';
  return `${SCALE_SECTION_START}
## The relay at scale

Generated by \`npm run bench\` (or \`npm run bench -- --only=scale\`) on ${date} with Node
${process.version}: ${runs.length} runs; in each, Meshtable's relay, the reference server and the
floor of the fan-out are measured one after the other (in an order that rotates from run to
run), so read the ratios.

**Setup.** Each server runs in a child process of its own, so that its memory and CPU time are its
own. The relay is started as users start it, \`meshtable relay\` (from its bundle, without tsx),
with its defaults except \`--room-idle-ms ${config.roomIdleMs}\` (the grace period before an idle
room is unloaded; 30 s by default). The reference is \`@y/websocket-server\` 0.1.1 started as its
README says (its own \`src/server.js\` with \`YPERSISTENCE\` set to a temporary folder), so with the
ws 6.2 and y-leveldb 0.1 that npm installs for it. Both get \`--expose-gc\` and a small preload
(tests/bench/serverProbe.mjs) that reports memory and CPU time over IPC and runs a full GC when
the benchmark asks before a memory figure; nothing else of either server is changed. The floor
(tests/bench/forwardServer.mjs) is the least a server can do for these clients: it answers each
sync step 1 with an empty step 2 and forwards every other frame to the other connections of its
room, holding no document and storing nothing; it takes the load phases only. The load
generator runs in the benchmark's process: ${fixed(config.connections, 0)} raw \`ws\` clients (client
*i* in room *i* mod ${config.rooms}, so 2 or 3 to a room) speaking the y-websocket protocol without
a Y.Doc each (tests/bench/syncLoad.ts): a client joins as a \`WebsocketProvider\` does (its state
vector, its presence, the answer to the server's state vector), each with its own token on the
relay (the first claims the room). An update is a Yjs update encoded by hand that appends 8 bytes
to an array of its sender's own; the 8 bytes are the stamp a receiver reads from the frame's tail.

**Fan-out latency** (${config.latencySeconds} s a run at ${fixed(config.rate, 0)} updates/s, the
first tenth of the deliveries left out): an open-loop sender sends on a fixed schedule whatever
the answers, each update to a room in a shuffled order and from its members in turn; the time
runs from the moment the sender handed the frame to its socket until each other member of the
room has it (the reference also sends every update back to its sender; that echo is not counted).
${lost === 0 ? 'Every delivery arrived in every run.' : `${lost} deliveries never arrived.`} Server CPU is the process's CPU time (all its threads) over the
sending time. The relay stores each update (in its journal, then LevelDB) before it forwards it; the reference
forwards first and stores after.${pressure}

**Throughput at saturation** (${config.saturationSeconds} s a run after ${config.saturationWarmupSeconds} s of warm-up): every
room keeps one update in flight, its next member sending the next one as soon as every other
member has the last (${config.rooms} updates in flight). *Updates delivered* counts the updates
that reached their whole room per second of the window. The reference forwards an update before
y-leveldb stores it, and y-leveldb stores one update at a time (it first reads the room's last
key, then writes), so at this rate its writes fall behind and go on after the load stops:
*storing still owed* is how long the server kept busy (above 5% of a core) once every update
was delivered, and *updates delivered and stored* is the delivered rate stretched over the loop's
time plus that. The relay owes nothing then: it forwards only what is stored. The goal is read on
*delivered and stored*, which is what either server can keep up without its queue of writes
growing without bound. The generator used a median ${generator('latency')}% of a core in the
latency phase and ${generator('saturation')}% at saturation: it is not what saturates.

**Memory** (RSS and V8 heap after a full GC, over the idle server's, divided by the rooms):
${config.memoryRooms} rooms each get a table document of ${docKb} KB encoded (150 token maps and a
300-line chat log) from one client each; *active* is with those clients connected, *idle* once
they left (the relay keeps a room for its grace period; the reference unloads it at once); then
the rooms are unloaded (the relay's /metrics must show none left), loaded and unloaded once more,
and the heap left behind is measured after each unload. *Start time* runs from spawn until the
server's HTTP port answers (the relay's \`/healthz\`; the reference answers any path).

${analysis(runs)}

Scale goals in this run: ${goals.join('; ')}.

| figure | Meshtable: median (spread) | anchor: median (spread) | ratio (per-run range) | goal |
|---|---|---|---|---|
${rows.join('\n')}
${SCALE_SECTION_END}`;
}

/**
 * What the figures mean and why the goals they miss are missed: figures of these runs, and
 * figures measured alone when this text was written (said so where they appear).
 */
function analysis(runs: ScaleRun[]): string {
  const both = (value: (server: ServerFigures) => number) => ({
    relay: median(runs.map((run) => value(run.relay))),
    reference: median(runs.map((run) => value(run.reference))),
  });
  const p50 = both((s) => s.latency.p50);
  const p99 = both((s) => s.latency.p99);
  const p99Ratio = p99.relay / p99.reference;
  const floor50 = median(runs.map((run) => run.forward.latency.p50));
  const floor99 = median(runs.map((run) => run.forward.latency.p99));
  const cpu = both((s) => s.cpuPercent);
  const stored = both(storedRate);
  const delivered = both((s) => s.saturation.updatesPerSecond);
  const backlog = both((s) => s.saturation.backlogSeconds);
  const loopSeconds = both((s) => s.saturation.seconds);
  const idle = both((s) => s.idle.rss / MB);
  const loaded = both((s) => s.loadRss / MB);
  const start = both((s) => s.startMs);
  const activeHeap = both((s) => s.memory.activeHeap / KB);
  const activeRss = both((s) => s.memory.activeRss / KB);
  const floor = (pick: (run: ScaleRun) => number) => median(runs.map(pick)) / MB;
  const node = floor((run) => run.floor.node.rss);
  const dependencies = floor((run) => run.floor.dependencies.rss);
  const slow = (pick: (shares: NonNullable<ServerFigures['slowWrites']>) => number) =>
    fixed(
      median(runs.map((run) => (run.relay.slowWrites ? pick(run.relay.slowWrites) : 0))) * 100,
      1,
    );
  const heapLeft = median(runs.map((run) => run.relay.memory.heapLeftAgain)) / KB;
  const docBytes = runs[0]?.relay.memory.docBytes ?? 1;
  const mb = (value: number) => fixed(value, 0);
  return `**What the figures say.** *Latency.* The floor, a server that only forwards (tests/bench/forwardServer.mjs), takes
${fixed(floor50, 3)} ms at p50 and ${fixed(floor99, 3)} ms at p99 under the same load on the same machine: the
machine and the load generator could meet the 2 ms goal, so the tails of the relay (${fixed(p99.relay, 2)} ms) and of the
reference (${fixed(p99.reference, 2)} ms) are the servers' own. At p50 the relay takes ${fixed(Math.abs(p50.relay - p50.reference) * 1000, 0)} µs ${p50.relay <= p50.reference ? 'less' : 'more'} than the
reference, though it stores each update before it forwards it: the update goes to the relay's
journal (relay/src/storage/Journal.ts), one \`write\` call on the main thread, and from there to
LevelDB in one synced batch every 100 ms. Of the relay's appends in the latency phase, a median ${slow((w) => w.over1ms)}%
waited over 1 ms from being applied until stored, ${slow((w) => w.over2_5ms)}% over 2.5 ms and ${slow((w) => w.over10ms)}% over 10 ms (its own
\`meshtable_persist_latency_seconds\`). Before the journal, each update was its own LevelDB write,
a hop through libuv's thread pool; measured alone when this text was written (a latency phase
each, p99, one run each, so within this machine's noise): that relay 2.2–4.5 ms; without the
decoding check of each update, no change; forwarding each update before its write was stored,
3.1–3.5 ms; a group commit (one LevelDB write in flight for all rooms), 2.9–4.3 ms; a larger
young generation (\`--max-semi-space-size\` 32 or 64), no steady change; flushing almost never
(\`--sync-ms 100000\`), 2.5–3.1 ms; no storage at all, 1.3 ms; the journal, 1.8–2.2 ms. What the
tail cost was making a write, not waiting for it: a thousand wake-ups a second of a pool thread,
competing with the main thread for the two CPUs. Two costs of the journal's batches came off next
(relay/src/storage/DocStore.ts). Each batch was built when its commit began, 1.5 to 2.5 ms of the main
thread every 100 ms in a CPU profile, which held up whatever arrived meanwhile: each update now goes into the next
batch on the turn of the event loop after it is forwarded. And the relay stops for a
young-generation collection about every half second (\`--trace-gc-nvp\`: some 14 MB allocated
between two), for as long as it takes to copy what is still alive; putting an update into the
batch through the sublevel's option left about 0.45 MB more of it alive at each collection
(1.35 MB against 0.89 MB, and 2.9 against 2.1 ms a pause, one run each): the relay now prefixes
the key itself. Smaller young generations (\`--max-semi-space-size\` 1 or 2) made pauses of
0.3 ms but more old-generation collections, and a worse tail (2.2–3.9 ms, 3 runs each). The
ratio compares the two servers under the same conditions: ${p99Ratio <= 1 ? "the relay's tail is no worse than the reference's" : `the relay's tail is ${fixed(p99Ratio, 2)}× the reference's, which forwards without storing first`}.

*Throughput.* Per update the relay spends ${fixed(cpu.relay / cpu.reference, 2)}× the CPU the reference does (server CPU
above): it appends each update to its journal, and writes the journal's updates to LevelDB in one
batch every 100 ms, where y-leveldb reads the room's last key before every write, and the
reference also sends every update back to its sender. So when both must store what they deliver, the relay sustains ${fixed(stored.relay / stored.reference, 1)}× the reference
(the goal is 2×). On delivery alone, storage left aside, the relay reaches ${fixed(delivered.relay / delivered.reference, 2)}× the reference's rate: the
reference forwards at once and lets its writes fall behind, ${fixed(backlog.reference, 0)} s of writing still owed after a loop of ${fixed(loopSeconds.reference, 0)} s, a queue that
grows for as long as such a load lasts; the relay forwards only what is stored. Before the
journal, a CPU profile of the relay at saturation (\`MESHTABLE_BENCH_CPU_PROF=<dir>\`) had its main
thread busy about 95% of the time: about 27% in \`writev\` (sending frames, one system call per
frame and receiver, as for the reference), 19% in classic-level's \`batch\` (handing a room's
write to LevelDB: 12 to 16 µs of CPU for a one-update batch, 2.7 µs an update in a batch of 32),
12% in garbage collection, the rest in Yjs, ws and the relay's own code; the journal's batches
of 100 ms took most of that \`batch\` share away (4.2× the reference's stored throughput before
it, in the same benchmark on the same day).

*Idle memory.* \`meshtable relay\` idles at ${mb(idle.relay)} MB, the reference at ${mb(idle.reference)} MB. The floors split
the relay's figure: Node itself ${mb(node)} MB; the relay's third-party packages (Yjs, y-protocols, lib0,
ws, classic-level) with a LevelDB open and an HTTP server listening, ${mb(dependencies - node)} MB more; Meshtable's own
code and state, ${mb(idle.relay - dependencies)} MB more. The relay runs from a bundle of plain JavaScript
(packages/cli/bin/relayBundle.js: esbuild inlines Meshtable's packages, rebuilt whenever a source
is newer), not through the tsx loader, which cost 29 MB (a thread of its own with a second V8
heap); it imports only its own command, and takes its protocol constants from
\`@meshtable/schema/relay\`, which does not load zod (8 MB): 126 MB idle before these three
changes, measured by this benchmark on this machine. Then 73 MB came down to 60: the bundle
loads CommonJS packages (ws, classic-level's \`level\`) with \`require\`, as Node loads them
natively, where an \`import\` of CommonJS made Node compile its export scanner
(cjs-module-lexer, WebAssembly) on background threads, whose memory stayed (3 to 6 MB, and
the variance between starts); ioredis is loaded only with \`--redis\` (6 MB with its
dependencies). What is left over the floors is the relay's code (0.5 MB of heap) and its second
LevelDB (the asset ledger, 0.3 MB). Start-up allocates mostly what stays (modules, compiled
code), so V8 grew the young generation to 8 MB for it, and its pages stayed resident while the
relay idled (V8's memory reducer gave them back some seconds later: 56 MB 20 s after a start).
\`meshtable relay\` now holds that growth back (\`--semi-space-growth-factor\` 1, set from
packages/cli/bin/meshtable.js) until the relay listens, then restores V8's default, so that under
load the young generation grows as before: idle RSS 60.2 MB (59.8–60.4) before, 58.8 (58.4–59.2)
after, in two runs of this benchmark on the same day, with the p99 above unchanged (1.49 ms both
times). Held for the relay's whole life, the growth had cost tail latency in two quick runs of
two. The relay's start is
${fixed(start.relay / start.reference, 1)}× the reference's (${fixed(start.relay, 0)} against ${fixed(start.reference, 0)} ms). Under load the relay holds
${mb(loaded.relay - idle.relay)} MB over its idle figure for these connections and rooms, the reference ${mb(loaded.reference - idle.reference)} MB.

*Rooms.* A loaded room with this document holds about ${fixed(activeHeap.relay, 0)} KB of V8 heap in the relay and
${fixed(activeHeap.reference, 0)} KB in the reference: Yjs's in-memory form, ${fixed((activeHeap.relay * KB) / docBytes, 0)}× its encoded size; with RSS, ${fixed(activeRss.relay, 0)}
and ${fixed(activeRss.reference, 0)} KB. The relay keeps an idle room whole for its grace period (30 s by default), so
that a client that reconnects finds it loaded, then frees it: the heap comes back to within
${fixed(heapLeft, 1)} KB a room of the idle relay's (code and caches made once, the same after a second load
and unload). While running this benchmark the relay cut every connection 30 s after it opened:
its keep-alive waited for ws's 'connection' event, which ws does not emit for upgrades the relay
hands to it; it now pings the sockets ws tracks (relay/src/keepAlive.ts, with its test).`;
}

/** `text` with its scale section replaced by `section`, or with `section` appended. */
export function spliceScaleSection(text: string, section: string): string {
  const start = text.indexOf(SCALE_SECTION_START);
  const end = text.indexOf(SCALE_SECTION_END);
  if (start < 0 || end < start) return `${text.trimEnd()}\n\n${section}\n`;
  return `${text.slice(0, start)}${section}${text.slice(end + SCALE_SECTION_END.length)}`;
}
