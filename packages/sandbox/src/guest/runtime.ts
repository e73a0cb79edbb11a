/**
 * The guest side of the sandbox: what runs inside the dedicated worker. It locks the worker's
 * realm down (SES `lockdown()`: shared intrinsics frozen, no clock, no Math.random), gives each
 * module its own compartment, runs hook calls and copies their results out as JSON text.
 *
 * The realm this runs in is the worker's, never the page's: the page keeps its own unfrozen
 * intrinsics (React and tldraw need them), and a module that escaped its compartment would still
 * face the worker's boundary and the watchdog.
 */
// The globals lockdown, harden and Compartment: the worker entry loads SES before this file.
import type {} from 'ses';
import { HOOK_ARITY, HOOK_NAMES, type HookName } from '../hooks';
import type {
  CallReply,
  CallRequest,
  CommandInfo,
  HostMessage,
  LoadReply,
  LoadRequest,
  WireError,
  WorkerMessage,
} from '../protocol';
import { type CallContextSlot, makeCallContext } from './callContext';
import { copyOutToJson, isOutputError } from './copyOut';
import { describeThrown } from './describeThrown';
import { freezeJson } from './freezeJson';
import { createModuleCompartment } from './moduleCompartment';
import { runModuleScripts } from './moduleScripts';

/** How the runtime talks to its host: the worker entry (Node or browser) provides both. */
export interface GuestPort {
  post(message: WorkerMessage): void;
  /**
   * Runs `task` in a later macrotask. Replies wait for one, so that microtasks a module queued
   * (a promise loop, say) run first and count against the call that queued them: a module that
   * floods the microtask queue never gets its reply out, and the watchdog ends that call.
   */
  defer(task: () => void): void;
}

type Hook = (...args: unknown[]) => unknown;

interface GuestModule {
  readonly label: string;
  readonly slot: CallContextSlot;
  readonly hooks: ReadonlyMap<HookName, Hook>;
  readonly commands: ReadonlyMap<string, Hook>;
}

const EXPORTABLE = new Set<string>([
  ...HOOK_NAMES.filter((name) => name !== 'command'),
  'commands',
]);
const MAX_COMMAND_DESCRIPTION = 200;
const COMMAND_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * Locks the realm down and returns the handler for the host's messages. Call once per worker,
 * after everything the runtime imports has loaded (lockdown freezes what exists).
 */
export function startGuestRuntime(port: GuestPort): (message: HostMessage) => void {
  lockdown({
    errorTaming: 'safe',
    overrideTaming: 'moderate',
    // The worker entry handles uncaught errors and rejections itself (a module's stray promise
    // must not kill the worker); SES would otherwise install handlers of its own.
    errorTrapping: 'none',
    unhandledRejectionTrapping: 'none',
  });
  const modules = new Map<number, GuestModule>();
  port.post({ type: 'ready' });

  // One request at a time: a request waits here while the previous one's reply is deferred, so
  // a call never starts before the reply of the call ahead of it has left (otherwise a runaway
  // call would hold back an earlier call's reply, and the watchdog would blame the earlier call).
  const inbox: HostMessage[] = [];
  let replying = false;
  const next = (): void => {
    const message = inbox.shift();
    if (message === undefined) return;
    const reply = handle(message);
    if (reply === null) {
      next();
      return;
    }
    replying = true;
    port.defer(() => {
      port.post(reply);
      replying = false;
      next();
    });
  };
  const handle = (message: HostMessage): WorkerMessage | null => {
    switch (message.type) {
      case 'load': {
        const reply = load(message);
        if (reply.ok) modules.set(message.moduleKey, reply.module);
        return reply.message;
      }
      case 'call':
        return call(modules.get(message.moduleKey), message);
      case 'unload':
        modules.delete(message.moduleKey);
        return null;
    }
  };
  return (message) => {
    inbox.push(message);
    if (!replying) next();
  };
}

function load(
  request: LoadRequest,
): { ok: true; module: GuestModule; message: LoadReply } | { ok: false; message: LoadReply } {
  const failed = (message: string) =>
    ({
      ok: false,
      message: {
        type: 'loaded',
        moduleKey: request.moduleKey,
        ok: false,
        error: { code: 'MODULE_LOAD_ERROR', message: `${request.label}: ${message}` },
      },
    }) as const;

  let exported: unknown;
  try {
    exported = runModuleScripts(
      createModuleCompartment(request.label),
      request.entry,
      request.scripts,
    );
  } catch (error) {
    return failed(describeThrown(error));
  }

  const hooks = new Map<HookName, Hook>();
  const commands = new Map<string, Hook>();
  const commandInfo: CommandInfo[] = [];
  try {
    if (typeof exported !== 'object' || exported === null) {
      return failed('module.exports must be an object of hooks');
    }
    for (const key of Reflect.ownKeys(exported)) {
      if (typeof key !== 'string' || !EXPORTABLE.has(key)) {
        return failed(
          `exports.${String(key)} is not a hook; a module exports only ${[...EXPORTABLE].join(', ')}`,
        );
      }
      const value: unknown = (exported as Record<string, unknown>)[key];
      if (key === 'commands') {
        const found = readCommands(value, commands, commandInfo);
        if (found !== null) return failed(found);
      } else if (typeof value === 'function') {
        hooks.set(key as HookName, value as Hook);
      } else if (value !== undefined) {
        return failed(`exports.${key} must be a function`);
      }
    }
    if (commands.size > 0) hooks.set('command', dispatchCommand(commands));
    // The global object was frozen before the module ran (moduleCompartment.ts); its exports are
    // frozen now. Freezing stops at what variables hold, though: a top-level `let` or a Map in a
    // constant still keeps state from call to call (tests/integration/sandboxHostile.test.ts
    // pins it, and the harness's checkDeterminism catches it).
    harden(exported);
  } catch (error) {
    return failed(describeThrown(error));
  }

  const module: GuestModule = { label: request.label, slot: makeCallContext(), hooks, commands };
  return {
    ok: true,
    module,
    message: {
      type: 'loaded',
      moduleKey: request.moduleKey,
      ok: true,
      hooks: [...hooks.keys()],
      commands: commandInfo,
    },
  };
}

/** Reads `exports.commands`; returns an error message, or null when all is well. */
function readCommands(
  value: unknown,
  commands: Map<string, Hook>,
  info: CommandInfo[],
): string | null {
  if (typeof value !== 'object' || value === null) {
    return 'exports.commands must be an object of chat commands';
  }
  for (const name of Reflect.ownKeys(value)) {
    if (typeof name !== 'string' || !COMMAND_NAME.test(name)) {
      return `exports.commands: "${String(name)}" is not a command name (1 to 32 of a-z, 0-9 and -, starting with a letter)`;
    }
    const command: unknown = (value as Record<string, unknown>)[name];
    if (typeof command === 'function') {
      commands.set(name, command as Hook);
      info.push({ name, description: '' });
      continue;
    }
    const run =
      typeof command === 'object' && command !== null
        ? (command as { run?: unknown }).run
        : undefined;
    if (typeof run !== 'function') {
      return `exports.commands.${name} must be a function or { run, description }`;
    }
    const description: unknown = (command as { description?: unknown }).description;
    commands.set(name, run as Hook);
    info.push({
      name,
      description:
        typeof description === 'string' ? description.slice(0, MAX_COMMAND_DESCRIPTION) : '',
    });
  }
  return null;
}

function dispatchCommand(commands: ReadonlyMap<string, Hook>): Hook {
  return (name, input, ctx) => {
    const run = typeof name === 'string' ? commands.get(name) : undefined;
    if (run === undefined) throw noSuchCommand(String(name));
    return Reflect.apply(run, undefined, [input, ctx]);
  };
}

/**
 * The errors {@link dispatchCommand} throws. A brand, not a class to test with `instanceof`: that
 * would read the prototype of whatever the module threw, and a Proxy's getPrototypeOf trap could
 * throw from inside the runtime's own error handling and end the worker.
 */
const noSuchCommandErrors = new WeakSet<object>();

function isNoSuchCommand(value: unknown): value is Error {
  // WeakSet.has on a Proxy compares identity; it runs no trap.
  return typeof value === 'object' && value !== null && noSuchCommandErrors.has(value);
}

function noSuchCommand(name: string): Error {
  const error = new Error(name);
  noSuchCommandErrors.add(error);
  return error;
}

function call(module: GuestModule | undefined, request: CallRequest): CallReply {
  const failure = (
    error: WireError,
    draws: CallReply['draws'] = [],
    logs: string[] = [],
  ): CallReply => ({
    type: 'result',
    callId: request.callId,
    ok: false,
    error,
    draws,
    logs,
  });
  if (module === undefined) {
    return failure({ code: 'MODULE_CRASHED', message: 'the module is not loaded in this worker' });
  }
  const hook = module.hooks.get(request.hook);
  if (hook === undefined) {
    return failure({
      code: 'MODULE_NO_SUCH_HOOK',
      message: `${module.label} does not export ${request.hook}`,
    });
  }
  let args: unknown[];
  try {
    args = JSON.parse(request.args) as unknown[];
    if (!Array.isArray(args) || args.length !== HOOK_ARITY[request.hook]) throw new Error('arity');
  } catch {
    return failure({
      code: 'MODULE_INVALID_ARGS',
      message: `${request.hook} takes ${HOOK_ARITY[request.hook]} arguments as a JSON array`,
    });
  }
  // Copied in (parsed here, in the worker) and frozen: the module cannot change what it was given.
  args = freezeJson(args);

  const record = module.slot.begin(request.seed);
  let result: unknown;
  let thrown: { error: unknown } | null = null;
  try {
    result = Reflect.apply(hook, undefined, [...args, module.slot.ctx]);
  } catch (error) {
    thrown = { error };
  } finally {
    module.slot.end();
  }
  const logs = record.logs;
  if (record.droppedLogs > 0) logs.push(`… ${record.droppedLogs} more log lines were not kept`);
  if (thrown !== null) {
    if (isNoSuchCommand(thrown.error)) {
      return failure(
        {
          code: 'MODULE_NO_SUCH_HOOK',
          message: `${module.label} has no command "${thrown.error.message}"`,
        },
        record.draws,
        logs,
      );
    }
    return failure(
      { code: 'MODULE_ERROR', message: describeThrown(thrown.error) },
      record.draws,
      logs,
    );
  }
  let value: string;
  try {
    value = copyOutToJson(result, request.maxResultLength);
  } catch (error) {
    const message = isOutputError(error) ? error.message : describeThrown(error);
    return failure(
      { code: 'MODULE_INVALID_OUTPUT', message: `${request.hook}: ${message}` },
      record.draws,
      logs,
    );
  }
  return { type: 'result', callId: request.callId, ok: true, value, draws: record.draws, logs };
}
