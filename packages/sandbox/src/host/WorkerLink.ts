/**
 * What the host needs of a worker, whatever runs it: Node's worker_threads or the browser's Web
 * Worker. Each runtime's launcher (src/node, src/browser) implements it.
 */
import type { HostMessage, WorkerMessage } from '../protocol';

/** Why a worker ended without being asked to. */
export interface WorkerExit {
  readonly code: 'MODULE_OUT_OF_MEMORY' | 'MODULE_CRASHED';
  readonly message: string;
}

/** What a launched worker reports back. */
export interface WorkerEvents {
  message(message: WorkerMessage): void;
  /** The worker died (out of memory, an uncaught error, an exit). Not called after terminate(). */
  exit(exit: WorkerExit): void;
}

/** A running worker. */
export interface WorkerLink {
  post(message: HostMessage): void;
  /** Ends the worker at once, whatever it is doing. No event follows. */
  terminate(): void;
}

/** Starts a fresh worker that runs the guest runtime. */
export type WorkerLauncher = (events: WorkerEvents) => WorkerLink;
