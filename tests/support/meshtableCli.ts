/**
 * Runs the real `meshtable` binary in a child process, as a user would, and collects what it
 * printed. A process that has not exited on its own by the deadline is killed and the run fails:
 * every command must end by itself, whatever a module or a relay does.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI's entry, run with this Node. */
export const MESHTABLE_BIN = fileURLToPath(
  new URL('../../packages/cli/bin/meshtable.js', import.meta.url),
);

/** What a run printed, and how it exited. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runMeshtable}. */
export interface CliRunOptions {
  /** Variables set (or, as '', cleared) on top of this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long the process may take before it counts as stuck. */
  readonly deadlineMs: number;
}

/** Runs `meshtable <args…>` and resolves once the process has exited on its own. */
export function runMeshtable(args: readonly string[], options: CliRunOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MESHTABLE_BIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`meshtable ${args.slice(0, 2).join(' ')} did not exit on its own`));
    }, options.deadlineMs);
    child.on('close', (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr });
    });
  });
}
