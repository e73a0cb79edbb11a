/**
 * The messages between the host and its worker. Values cross as JSON text, parsed on each side by
 * code of that side: the worker never hands the host an object the guest could have touched.
 */
import type { SandboxErrorCode } from './errors';
import type { HookName } from './hooks';

/** Loads a module into a fresh compartment of the worker. */
export interface LoadRequest {
  readonly type: 'load';
  readonly moduleKey: number;
  /** For messages: `id@version`. */
  readonly label: string;
  /** The entry's path, a key of `scripts`. */
  readonly entry: string;
  /** The module's scripts by path (the entry and what it may `require`). */
  readonly scripts: Readonly<Record<string, string>>;
}

/** Runs one hook of a loaded module. */
export interface CallRequest {
  readonly type: 'call';
  readonly callId: number;
  readonly moduleKey: number;
  readonly hook: HookName;
  /** The arguments as a JSON array (the worker appends `ctx`). */
  readonly args: string;
  /** The dice seed of the call, hex; null when the call has no dice. */
  readonly seed: string | null;
  /** The largest result, in UTF-16 code units of its JSON text. */
  readonly maxResultLength: number;
}

/** Drops a module's compartment. */
export interface UnloadRequest {
  readonly type: 'unload';
  readonly moduleKey: number;
}

/** What the host sends. */
export type HostMessage = LoadRequest | CallRequest | UnloadRequest;

/** A failure as it crosses the port. */
export interface WireError {
  readonly code: SandboxErrorCode;
  readonly message: string;
}

/** The answer to a {@link LoadRequest}. */
export type LoadReply =
  | {
      readonly type: 'loaded';
      readonly moduleKey: number;
      readonly ok: true;
      readonly hooks: readonly HookName[];
      readonly commands: readonly CommandInfo[];
    }
  | {
      readonly type: 'loaded';
      readonly moduleKey: number;
      readonly ok: false;
      readonly error: WireError;
    };

/** A chat command a module exports. */
export interface CommandInfo {
  readonly name: string;
  readonly description: string;
}

/** One die drawn from the call's seeded stream, in order. */
export interface DieDraw {
  readonly sides: number;
  readonly value: number;
}

/** The answer to a {@link CallRequest}. */
export type CallReply =
  | {
      readonly type: 'result';
      readonly callId: number;
      readonly ok: true;
      /** The result as JSON text. */
      readonly value: string;
      readonly draws: readonly DieDraw[];
      readonly logs: readonly string[];
    }
  | {
      readonly type: 'result';
      readonly callId: number;
      readonly ok: false;
      readonly error: WireError;
      readonly draws: readonly DieDraw[];
      readonly logs: readonly string[];
    };

/** Sent once, when lockdown has run and the worker takes requests. */
export interface ReadyMessage {
  readonly type: 'ready';
}

/** What the worker sends. */
export type WorkerMessage = ReadyMessage | LoadReply | CallReply;
