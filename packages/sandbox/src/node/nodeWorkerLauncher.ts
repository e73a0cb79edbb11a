/**
 * Starts sandbox workers as Node worker_threads, with V8 heap limits: a module that allocates
 * past them ends its worker with ERR_WORKER_OUT_OF_MEMORY, which the host reports as
 * `MODULE_OUT_OF_MEMORY`.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerLauncher } from '../host/WorkerLink';
import type { WorkerMessage } from '../protocol';

/** Options of {@link nodeWorkerLauncher}. */
export interface NodeWorkerOptions {
  /** The worker's old-generation heap, in MB (default 256). */
  readonly maxHeapMb?: number;
  /** The worker's stack, in MB (default 4, Node's own). */
  readonly stackSizeMb?: number;
}

const BOOTSTRAP = new URL('./workerBootstrap.mjs', import.meta.url);

/** A {@link WorkerLauncher} for Node. */
export function nodeWorkerLauncher(options: NodeWorkerOptions = {}): WorkerLauncher {
  return (events) => {
    const worker = new Worker(BOOTSTRAP, {
      name: 'meshtable-sandbox',
      resourceLimits: {
        maxOldGenerationSizeMb: options.maxHeapMb ?? 256,
        maxYoungGenerationSizeMb: 32,
        stackSizeMb: options.stackSizeMb ?? 4,
      },
      // Nothing a module or SES prints may reach this process's stdout (the CLI prints JSON there).
      stdout: true,
      stderr: true,
      env: {},
    });
    worker.stdout.resume();
    worker.stderr.resume();
    // An idle sandbox must not keep a process alive; a running call holds the watchdog's timer.
    worker.unref();
    let ended = false;
    worker.on('message', (message: WorkerMessage) => events.message(message));
    worker.on('error', (error: Error & { code?: string }) => {
      if (ended) return;
      ended = true;
      events.exit(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { code: 'MODULE_OUT_OF_MEMORY', message: 'the module ran out of memory' }
          : { code: 'MODULE_CRASHED', message: `the sandbox worker crashed: ${error.message}` },
      );
    });
    worker.on('exit', (exitCode) => {
      if (ended) return;
      ended = true;
      events.exit({
        code: 'MODULE_CRASHED',
        message: `the sandbox worker exited with code ${exitCode}`,
      });
    });
    return {
      post: (message) => worker.postMessage(message),
      terminate: () => {
        ended = true;
        void worker.terminate();
      },
    };
  };
}
