/**
 * The servers of the scale benchmark, each in a child process of its own, so that their memory
 * and CPU time are theirs alone: Meshtable's relay started as users start it (`meshtable relay`,
 * TypeScript run through tsx), the reference y-websocket server started as its README says (its
 * own `src/server.js` with `YPERSISTENCE`, so with the ws and y-leveldb versions npm installs for
 * it), the fan-out's floor (forwardServer.mjs), and the floors of idle memory: a bare Node
 * process and one holding the relay's third-party packages. Each is preloaded with
 * serverProbe.mjs, which reports memory (after a full GC when asked) and CPU time over IPC.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROBE = fileURLToPath(new URL('./serverProbe.mjs', import.meta.url));
const MESHTABLE_BIN = fileURLToPath(
  new URL('../../packages/cli/bin/meshtable.js', import.meta.url),
);
const REFERENCE_SERVER = fileURLToPath(
  new URL('../../node_modules/@y/websocket-server/src/server.js', import.meta.url),
);
const FORWARD_SERVER = fileURLToPath(new URL('./forwardServer.mjs', import.meta.url));

/** What a probed process reports about itself. */
export interface ProcessSample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** User and system CPU time since the process started, every thread included. */
  cpuMicros: number;
}

/** A child process preloaded with serverProbe.mjs. */
export interface ProbedProcess {
  readonly child: ChildProcess;
  /** Its memory and CPU time now; after two full collections when `gc` is set. */
  measure(gc: boolean): Promise<ProcessSample>;
  /** Asks it to exit (so that a CPU profile is written) and waits; SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/** A server under test. */
export interface ServerProcess extends ProbedProcess {
  /** `relay` or `reference`. */
  readonly kind: ServerKind;
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
  /** The y-websocket URL of a room, with its token where the server wants one. */
  syncUrl(room: string, token: string): string;
  /** Milliseconds from spawn until its HTTP server first answered. */
  readonly startMs: number;
  /** GET a path of the server, its body as text. */
  fetchText(path: string): Promise<string>;
}

/**
 * The servers the scale benchmark measures: Meshtable's relay, the reference it is compared with,
 * and the floor of its fan-out (tests/bench/forwardServer.mjs: forwards, holds and stores nothing).
 */
export type ServerKind = 'relay' | 'reference' | 'forward';

/**
 * Extra node flags for every spawned server, for experiments: `--cpu-prof` into the folder
 * MESHTABLE_BENCH_CPU_PROF names, and any flags in MESHTABLE_BENCH_NODE_FLAGS (space-separated,
 * e.g. `--trace-gc-nvp`, whose output the servers print when MESHTABLE_BENCH_SERVER_STDOUT is
 * set). The harness sets none of them.
 */
function profileFlags(): string[] {
  const dir = process.env.MESHTABLE_BENCH_CPU_PROF;
  const extra = process.env.MESHTABLE_BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  return [...(dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []), ...extra];
}

function spawnProbed(
  args: readonly string[],
  env: Record<string, string> = {},
  stdout: 'ignore' | 'pipe' = 'ignore',
): ProbedProcess {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', PROBE, ...profileFlags(), ...args],
    {
      stdio: [
        'ignore',
        process.env.MESHTABLE_BENCH_SERVER_STDOUT ? 'inherit' : stdout,
        'inherit',
        'ipc',
      ],
      env: { ...process.env, ...env },
    },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let nextId = 0;
  const waiting = new Map<number, (sample: ProcessSample) => void>();
  child.on('message', (message: { type: string; id: number } & ProcessSample) => {
    if (message.type !== 'measured') return;
    waiting.get(message.id)?.(message);
    waiting.delete(message.id);
  });
  return {
    child,
    measure(gc) {
      const id = nextId++;
      return new Promise<ProcessSample>((done, fail) => {
        waiting.set(id, done);
        child.send({ type: 'measure', id, gc }, (error) => {
          if (error) fail(error);
        });
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.send({ type: 'exit' }, () => {});
      await exited;
      clearTimeout(killer);
    },
  };
}

/** A port free right now on 127.0.0.1 (the reference server cannot report a port 0 it bound). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const request = get(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    request.on('error', fail);
  });
}

/** Polls `url` every 2 ms until it answers 200; resolves with the time it answered. */
async function waitForHttp(url: string, child: ChildProcess, deadlineMs: number): Promise<number> {
  const deadline = performance.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited (${child.exitCode})`);
    try {
      const { status } = await httpGet(url);
      if (status === 200) return performance.now();
    } catch {
      // Not listening yet.
    }
    if (performance.now() > deadline) throw new Error(`${url} did not answer in ${deadlineMs} ms`);
    await new Promise((done) => setTimeout(done, 2));
  }
}

/** Settings the benchmark gives the relay. */
export interface RelaySpawnOptions {
  /** `--room-idle-ms`: the grace period before an idle room is unloaded. */
  roomIdleMs: number;
}

/**
 * Starts a server on a free port with a fresh data directory (removed when it stops); resolves
 * once its HTTP server answers.
 */
export async function startServer(
  kind: ServerKind,
  relay: RelaySpawnOptions,
): Promise<ServerProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), `meshtable-scale-${kind}-`));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const probed =
    kind === 'relay'
      ? spawnProbed([
          MESHTABLE_BIN,
          'relay',
          ...['--port', String(port), '--data', dataDir, '--web', dataDir],
          ...['--log-level', 'error', '--room-idle-ms', String(relay.roomIdleMs)],
          // For experiments only, e.g. "--sync-ms always"; the harness never sets it.
          ...(process.env.MESHTABLE_BENCH_RELAY_ARGS?.split(' ').filter(Boolean) ?? []),
        ])
      : kind === 'reference'
        ? spawnProbed([REFERENCE_SERVER], {
            HOST: '127.0.0.1',
            PORT: String(port),
            YPERSISTENCE: dataDir,
          })
        : spawnProbed([FORWARD_SERVER, String(port)]);
  let answered: number;
  try {
    // The relay has /healthz; the reference and the floor answer 200 "okay" to any path.
    answered = await waitForHttp(`${baseUrl}/healthz`, probed.child, 30_000);
  } catch (error) {
    await probed.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...probed,
    kind,
    baseUrl,
    startMs: answered - started,
    syncUrl: (room, token) =>
      kind === 'relay'
        ? `ws://127.0.0.1:${port}/sync/${room}?token=${token}`
        : `ws://127.0.0.1:${port}/${room}`,
    async fetchText(path) {
      const { status, body } = await httpGet(`${baseUrl}${path}`);
      if (status !== 200) throw new Error(`GET ${path}: ${status}`);
      return body;
    },
    async stop() {
      await probed.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The floors of idle memory: `node`, a Node process that loads nothing; `dependencies`, one that
 * holds what the relay holds but Meshtable's own code (tests/bench/relayDependencies.mjs: the
 * relay's third-party packages, an open LevelDB and an HTTP server).
 */
export type FloorKind = 'node' | 'dependencies';

const RELAY_DEPENDENCIES = fileURLToPath(new URL('./relayDependencies.mjs', import.meta.url));

/** Starts a floor process; resolves once it is ready (its data, if any, is removed on stop). */
export async function startFloorProcess(kind: FloorKind): Promise<ProbedProcess> {
  if (kind === 'dependencies') {
    const dataDir = await mkdtemp(join(tmpdir(), 'meshtable-scale-deps-'));
    const probed = spawnProbed([RELAY_DEPENDENCIES, dataDir]);
    await new Promise<void>((ready, fail) => {
      probed.child.on('message', (message: { type?: string }) => {
        if (message.type === 'ready') ready();
      });
      probed.child.once('exit', (code) => fail(new Error(`relayDependencies exited with ${code}`)));
    });
    return {
      ...probed,
      async stop() {
        await probed.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const probed = spawnProbed(['--eval', '']);
  // The first answer proves the preload is in place.
  await probed.measure(false);
  return probed;
}
