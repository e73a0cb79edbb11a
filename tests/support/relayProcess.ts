/**
 * The relay as its own process (`meshtable relay`), for tests that kill it with SIGKILL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../packages/cli/bin/meshtable.js', import.meta.url));

/** A relay process and its URL. */
export interface RelayProcess {
  child: ChildProcess;
  url: string;
  /** Everything it printed on stdout so far. */
  stdout(): string;
  /** SIGKILL: no shutdown, no flush. Resolves when the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** More of the command line and environment for {@link spawnRelay}. */
export interface SpawnOptions {
  /** Arguments after the defaults (a later flag wins over an earlier one). */
  args?: readonly string[];
  /** Leave out the default flags (port, data, web, log level): `args` say everything. */
  bare?: boolean;
  /** Variables on top of this process's environment. */
  env?: Readonly<Record<string, string>>;
  /** Where the relay's stderr (its JSON log) goes; inherited by default. */
  stderr?: 'inherit' | 'pipe';
}

/** Starts `meshtable relay` on a free port with `dataDir`; resolves once it listens. */
export async function spawnRelay(
  dataDir: string,
  port = 0,
  more: SpawnOptions = {},
): Promise<RelayProcess> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'relay',
      ...(more.bare
        ? []
        : ['--port', String(port), '--data', dataDir, '--web', dataDir, '--log-level', 'error']),
      ...(more.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', more.stderr ?? 'inherit'], env: { ...process.env, ...more.env } },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const match = /Meshtable relay on (https?:\/\/[^\s/]+)\//.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`relay exited with ${code} before listening`)));
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return {
    child,
    url,
    stdout: () => out,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
