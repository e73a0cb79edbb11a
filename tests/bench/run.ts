/**
 * `npm run bench`: runs each benchmark several times, interleaving Meshtable and its anchors so
 * that they share the machine's state, and writes medians, spreads and ratios to
 * docs/benchmarks.md. `--quick` runs one short round and writes nothing (for development);
 * `--only=fanout|dice|sandbox` runs one benchmark and writes nothing.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  meshtableCached,
  meshtableStream,
  meshtableStreamUncached,
  meshtableUncached,
  rpgDiceRoller,
} from './dice';
import { rawForwardFanout, referenceFanout, relayFanout } from './fanout';
import type { LatencySummary } from './latency';
import { type HostFigures, type SandboxBenchRun, sandboxRun } from './sandbox';

const quick = process.argv.includes('--quick');
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
if (only !== undefined && !['fanout', 'dice', 'sandbox'].includes(only)) {
  throw new Error(`--only=${only}: expected fanout, dice or sandbox`);
}
const selected = (name: string) => only === undefined || only === name;
const runs = quick ? 1 : 5;
const fanoutRounds = quick ? 200 : 2000;
const diceRounds = quick ? 200 : 3000;
const sandboxRounds = quick ? { validate: 1000, derive: 100 } : { validate: 3000, derive: 300 };

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const spread = (values: number[], digits: number) =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
/** The ratio of medians, and the range of per-run ratios (each run measures both side by side). */
const ratio = (ours: number[], anchor: number[]) => {
  const perRun = ours.map((value, i) => value / (anchor[i] ?? Number.NaN));
  return `${(median(ours) / median(anchor)).toFixed(2)} (${spread(perRun, 2)})`;
};

const fanout = {
  ours: [] as LatencySummary[],
  reference: [] as LatencySummary[],
  floor: [] as LatencySummary[],
};
const dice = {
  anchor: [] as number[],
  cached: [] as number[],
  uncached: [] as number[],
  stream: [] as number[],
  streamUncached: [] as number[],
};

const sandbox: SandboxBenchRun[] = [];

// Warm-up: JIT both dice engines before anything is recorded.
rpgDiceRoller(quick ? 100 : 1000);
meshtableCached(quick ? 100 : 1000);
for (let run = 0; run < runs; run++) {
  if (selected('fanout')) {
    fanout.floor.push(await rawForwardFanout(fanoutRounds));
    fanout.reference.push(await referenceFanout(fanoutRounds));
    fanout.ours.push(await relayFanout(fanoutRounds));
  }
  if (selected('dice')) {
    dice.anchor.push(rpgDiceRoller(diceRounds));
    dice.cached.push(meshtableCached(diceRounds));
    dice.uncached.push(meshtableUncached(diceRounds));
    dice.stream.push(meshtableStream(diceRounds));
    dice.streamUncached.push(meshtableStreamUncached(diceRounds));
  }
  if (selected('sandbox')) sandbox.push(await sandboxRun(sandboxRounds));
}

const rows: string[] = [];
for (const q of selected('fanout') ? (['p50', 'p99'] as const) : []) {
  const ours = fanout.ours.map((s) => s[q]);
  for (const [anchorName, anchor] of [
    ['@y/websocket-server + y-leveldb', fanout.reference],
    ['raw WebSocket forward (floor)', fanout.floor],
  ] as const) {
    const values = anchor.map((s) => s[q]);
    rows.push(
      `| fan-out latency, 2 clients, ${q} (ms, lower is better) | ${median(ours).toFixed(3)} (${spread(ours, 3)}) | ${anchorName}: ${median(values).toFixed(3)} (${spread(values, 3)}) | ${ratio(ours, values)} | — |`,
    );
  }
}
const rolls = (values: number[]) =>
  `${Math.round(median(values)).toLocaleString('en')} (${spread(
    values.map((v) => v / 1000),
    0,
  )}k)`;
const diceRows = [
  ['dice throughput, one stream, parsed every time (rolls/s)', dice.streamUncached, '≥ 5'],
  ['dice throughput, one stream, parse cached (rolls/s)', dice.stream, '≥ 5'],
  ['dice throughput, a fresh seed per roll, parse cached (rolls/s)', dice.cached, 'see above'],
  [
    'dice throughput, a fresh seed per roll, parsed every time (rolls/s)',
    dice.uncached,
    'see above',
  ],
] as const;
for (const [name, values, goal] of selected('dice') ? diceRows : []) {
  rows.push(
    `| ${name} | ${rolls(values)} | @dice-roller/rpg-dice-roller: ${rolls(dice.anchor)} | ${ratio(values, dice.anchor)} | ${goal} |`,
  );
}

const whole = (value: number) => Math.round(value).toLocaleString('en');
const calls = (values: number[]) =>
  `${whole(median(values))} (${whole(Math.min(...values))}–${whole(Math.max(...values))})`;
const micros = (values: number[]) => `${median(values).toFixed(1)} (${spread(values, 1)})`;
/** One row: our figure against one anchor's, and their ratio. */
const row = (
  figure: string,
  format: (values: number[]) => string,
  ours: number[],
  anchorName: string,
  anchor: number[],
  goal: string,
) =>
  `| ${figure} | ${format(ours)} | ${anchorName}: ${format(anchor)} | ${ratio(ours, anchor)} | ${goal} |`;
const sandboxGoals: string[] = [];
if (selected('sandbox')) {
  const figures = (pick: (run: SandboxBenchRun) => HostFigures) => ({
    p50: sandbox.map((run) => pick(run).latency.p50),
    p99: sandbox.map((run) => pick(run).latency.p99),
    rate: sandbox.map((run) => pick(run).perSecond),
  });
  const validate = figures((run) => run.validate.ours);
  const validateQuickJs = figures((run) => run.validate.quickjs);
  const floor = figures((run) => run.floor);
  const derive = figures((run) => run.derive.ours);
  const deriveQuickJs = figures((run) => run.derive.quickjs);
  const quickjs = 'quickjs-emscripten';
  const bare = 'bare worker hop (floor)';
  const small = 'sandbox round trip, a small validate';
  const heavy = 'sandbox round trip, derive over 200 items';
  rows.push(
    row(
      `${small}, p50 (µs, lower is better)`,
      micros,
      validate.p50,
      quickjs,
      validateQuickJs.p50,
      '≤ 100 µs; ratio ≤ 0.033 (30×)',
    ),
    row(`${small}, p50 (µs, lower is better)`, micros, validate.p50, bare, floor.p50, '—'),
    row(
      `${small}, p99 (µs, lower is better)`,
      micros,
      validate.p99,
      quickjs,
      validateQuickJs.p99,
      '—',
    ),
    row(
      'sandbox throughput, a small validate (calls/s)',
      calls,
      validate.rate,
      quickjs,
      validateQuickJs.rate,
      '≥ 10,000; ratio ≥ 30',
    ),
    row(
      'sandbox throughput, a small validate (calls/s)',
      calls,
      validate.rate,
      bare,
      floor.rate,
      '—',
    ),
    row(
      `${heavy}, p50 (µs, lower is better)`,
      micros,
      derive.p50,
      quickjs,
      deriveQuickJs.p50,
      'ratio ≤ 0.033 (30×)',
    ),
    row(`${heavy}, p99 (µs, lower is better)`, micros, derive.p99, quickjs, deriveQuickJs.p99, '—'),
    row(
      'sandbox throughput, derive over 200 items (calls/s)',
      calls,
      derive.rate,
      quickjs,
      deriveQuickJs.rate,
      'ratio ≥ 30',
    ),
  );
  const times = (ours: number[], anchor: number[]) => (median(ours) / median(anchor)).toFixed(2);
  const verdict = (met: boolean) => (met ? 'met' : 'missed');
  sandboxGoals.push(
    `round trip ≤ 100 µs: ${verdict(median(validate.p50) <= 100)} (p50 ${median(validate.p50).toFixed(1)} µs)`,
    `≥ 10,000 validations/s: ${verdict(median(validate.rate) >= 10_000)} (${whole(median(validate.rate))})`,
    ...(
      [
        ['validate', validate, validateQuickJs],
        ['derive', derive, deriveQuickJs],
      ] as const
    ).map(
      ([hook, ours, anchor]) =>
        `≥ 30× QuickJS on ${hook}: ${verdict(median(ours.rate) >= 30 * median(anchor.rate))} (${times(ours.rate, anchor.rate)}× its calls/s, ${times(anchor.p50, ours.p50)}× at p50)`,
    ),
  );
}

const table = `| figure | Meshtable: median (spread) | anchor: median (spread) | ratio (per-run range) | goal |
|---|---|---|---|---|
${rows.join('\n')}`;
console.log(table);
if (sandboxGoals.length > 0) console.log(`Sandbox goals: ${sandboxGoals.join('; ')}.`);

if (!quick && only === undefined) {
  const doc = `# Benchmarks

Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} with Node ${process.version}:
${runs} runs, Meshtable and the anchors interleaved in each run. Absolute figures on these shared
machines are noise: read the ratio against the anchor measured in the same run.

**Fan-out latency** (${fanoutRounds} rounds a run; the first tenth is warm-up and left out):
client A sets a key in a shared map, client B observes it; both are unmodified y-websocket
providers in one process (one clock), so Yjs encoding and applying on both ends is part of every
Yjs figure. Meshtable's relay decodes and applies each update, writes it to LevelDB, and only then
forwards it. The reference server forwards first and stores after, so its figure has no disk
write on the path. The floor is a trivial server forwarding a 40-byte frame untouched.

**Dice throughput** (${diceRounds} rounds a run of 12 notations both engines read alike:
\`1d20+5\`, \`4d6kh3\`, \`2d20kl1+3\`, \`8d6>=5\`, \`10d10>=8f<2\`, \`3d6!\`, \`3d6!!\`, \`2d6!p\`,
\`4d6r<2\`, \`4dF\`, \`{4d6+2d8, 3d20}k1\`, \`2d8+1d6+4\`). rpg-dice-roller parses every notation
and draws from Math.random. Meshtable draws from a ChaCha20 stream (@noble/ciphers): "a fresh seed
per roll" is what each verifiable roll costs (a new stream, so a ChaCha20 key setup, per roll);
"one stream" is many rolls from one seed, as a module or \`meshtable roll --repeat\` does.

The engine's goal (≥ 5× rpg-dice-roller) is read on the like-for-like figures, each engine drawing
from its own running random stream; "parsed every time" does what rpg-dice-roller does, parsing
each notation on each roll. A fresh seed per roll adds a cost rpg-dice-roller never pays:
one \`chacha20\` call of @noble/ciphers has a fixed setup of about 1 µs (half of it noble copying
small arrays), while rpg-dice-roller's whole roll takes about 6 µs here; so even a free evaluator
would stay near 5.5×. We keep noble rather than write ChaCha20 ourselves. In the protocol that
cost sits beside a SHA-256 and an Ed25519 signature check per roll, which dwarf it.

**Sandbox calls** (${sandboxRounds.validate} validate and ${sandboxRounds.derive} derive calls a
run on each host, after a quarter as many to warm up; the first tenth of each latency series is
left out): one module source (tests/bench/sandboxHooks.ts) run through Meshtable's sandbox (a SES
compartment in a worker thread: arguments cross as JSON text and are parsed and hardened in the
worker, the result is copied out as JSON text and checked with zod on the host) and through
quickjs-emscripten in this process (one runtime and context, made once and reused: the arguments
go in as one JSON string that QuickJS parses, the result comes out as a string QuickJS made, and
the host parses it). QuickJS's budget is its interrupt handler checking the call's deadline, with
the worker's heap and stack limits; it costs nothing measurable. "A small validate" checks a move
against the token's owner, the turn, the scene's bounds and walls and the movement left (709
characters of JSON in, \`{"ok":true}\` out); "derive" builds a sheet from an actor with 200 items
(53 KB in, 1.5 KB out). Latency is sequential. Throughput keeps the sandbox's pipeline full; QuickJS
runs on the calling thread, so its calls can only follow one another. The floor is a bare worker
that answers each message after a setImmediate: the thread hop alone.

Where the time goes (profiled when this section was added): most of the worker's time is SES's
\`harden\` on the arguments, about 1.4 µs an object (27 µs of the small call, 1.4 ms of the derive
call): a WeakSet entry and a descriptor walk per object, which a tree fresh from the worker's own
\`JSON.parse\` does not need; an \`Object.freeze\` walk gives it the same guarantee for 1 µs and
45 µs. Next comes the hop, about 8 µs of \`postMessage\` on each side: the floor's round trip moves
between about 15 and 50 µs from run to run on these shared machines. Then JSON: V8 stringifies and
parses the actor in about 140 + 175 µs, where QuickJS's \`JSON.parse\` alone takes 1 ms. Zod (at
most 4 µs), the setImmediate before each reply (1 µs) and the copy-out (0.5 µs; 17 µs for the
sheet) are small. The 30× goal is out of reach of any design that sends the arguments with each
call: on this derive V8 runs the body about 16× faster than QuickJS and parses JSON about 6×
faster, and on the small call QuickJS's whole call costs about what our thread hop alone does.

Sandbox goals in this run: ${sandboxGoals.join('; ')}.

${table}
`;
  await writeFile(fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url)), doc);
  console.log('wrote docs/benchmarks.md');
}
