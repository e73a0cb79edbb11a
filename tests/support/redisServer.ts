/**
 * A real redis-server (Debian's package) on 127.0.0.1, on a free port, with its own data folder,
 * for the cluster tests and the bench. It keeps an append-only file synced on every write (by
 * default; the bench may sync it every second, as most deployments do), so a SIGKILL loses nothing
 * and a restart "with its data" finds it all; `restart({ keepData: false })`
 * empties the folder first, as a Redis that lost its disk would be. Only the PIDs started here are
 * ever signalled.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian installs the server (`apt-get install redis-server`). */
export const REDIS_SERVER_BIN = process.env.MESHTABLE_REDIS_SERVER ?? '/usr/bin/redis-server';

/** A running (or stopped) Redis for one test file. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly dataDir: string;
  /** Its PID while it runs. */
  pid(): number | undefined;
  /** SIGKILL, and wait until it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port, with its data (default) or with an empty folder. */
  restart(options?: { keepData?: boolean }): Promise<void>;
  /** Stops it (SIGKILL: nothing to flush that the AOF does not hold) and deletes its data. */
  dispose(): Promise<void>;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts redis-server and resolves once it accepts connections.
 * @throws when redis-server is not installed (with how to install it) or does not start
 */
export async function startRedisServer(
  port?: number,
  { appendFsync = 'always' }: { appendFsync?: 'always' | 'everysec' } = {},
): Promise<RedisServer> {
  if (!existsSync(REDIS_SERVER_BIN)) {
    throw new Error(
      `${REDIS_SERVER_BIN} is missing: install Debian's redis-server (apt-get install redis-server)`,
    );
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'meshtable-redis-'));
  const chosen = port ?? (await freePort());
  let child: ChildProcess | null = await launch(chosen, dataDir, appendFsync);
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const gone = new Promise<void>((done) => running.once('exit', () => done()));
    running.kill('SIGKILL');
    await gone;
  };
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    dataDir,
    pid: () => child?.pid,
    kill: stop,
    async restart({ keepData = true } = {}) {
      await stop();
      if (!keepData) await rm(dataDir, { recursive: true, force: true });
      child = await launch(chosen, dataDir, appendFsync);
    },
    async dispose() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function launch(port: number, dataDir: string, appendFsync: string): Promise<ChildProcess> {
  await mkdir(dataDir, { recursive: true });
  const child = spawn(
    REDIS_SERVER_BIN,
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dataDir,
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      appendFsync,
      '--protected-mode',
      'yes',
      '--daemonize',
      'no',
      '--logfile',
      '',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        // Keep reading, so that a full pipe never blocks the server.
        child.stdout?.resume();
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited with ${code} before it was ready:\n${out}`)),
    );
  });
  return child;
}
