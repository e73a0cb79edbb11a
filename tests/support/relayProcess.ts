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
  /** SIGKILL: no shutdown, no flush. Resolves when the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `meshtable relay` on a free port with `dataDir`; resolves once it listens. */
export async function spawnRelay(dataDir: string, port = 0): Promise<RelayProcess> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'relay',
      '--port',
      String(port),
      '--data',
      dataDir,
      '--web',
      dataDir,
      '--log-level',
      'error',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const match = /Meshtable relay on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
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
