/**
 * The compartment a module runs in: SES's safe globals, minus the few whose memory or parsing no
 * watchdog bounds, plus CommonJS's `exports` and `module`.
 *
 * A worker's heap limit (Node's resourceLimits) covers the V8 heap only. The backing store of an
 * ArrayBuffer lives outside it, so a module holding typed arrays could grow the whole process
 * until the operating system killed it; and the parser's memory is outside it too, so a huge
 * `eval` source could do the same, in native code that terminating the worker does not
 * interrupt. Game rules are JSON in, JSON out: they need neither binary buffers nor megabytes of
 * code made at run time.
 */
// The globals lockdown, harden and Compartment: the worker entry loads SES before this file.
import type {} from 'ses';
import { MODULE_LIMITS } from '../moduleFiles';

/**
 * Globals removed from a module's compartment. ArrayBuffer and everything that makes one (typed
 * arrays, DataView, TextEncoder; TextDecoder goes with it, useless alone) hold memory outside the
 * heap limit. `Compartment` would make a nested compartment with all of those again, and with an
 * evaluator that {@link limitDynamicCode} does not guard.
 */
export const DENIED_GLOBALS: readonly string[] = Object.freeze([
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float16Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'TextEncoder',
  'TextDecoder',
  'Compartment',
  'ModuleSource',
]);

/**
 * The longest source `eval` or `Function` may compile inside a module, in UTF-16 code units: the
 * entry's own limit in bytes, which every entry that passed `createModuleBundle` is within.
 */
export const MAX_DYNAMIC_SOURCE_LENGTH = MODULE_LIMITS.maxEntryBytes;

/**
 * A compartment transform (SES runs it on every source the compartment evaluates: the entry,
 * `eval` and `Function`) that refuses sources longer than {@link MAX_DYNAMIC_SOURCE_LENGTH}.
 * @throws {RangeError} for a longer source; the module sees it thrown by its `eval` or `Function`
 */
export function limitDynamicCode(source: string): string {
  if (source.length > MAX_DYNAMIC_SOURCE_LENGTH) {
    throw new RangeError(
      `eval and Function take at most ${MAX_DYNAMIC_SOURCE_LENGTH} characters of source; this one has ${source.length}`,
    );
  }
  return source;
}

/**
 * One script of a module, ready to run: call it with `exports`, `module` and `require` to run
 * the script's top-level code.
 */
export type ModuleFactory = (
  exports: unknown,
  module: { exports: unknown },
  require: (specifier: string) => unknown,
) => void;

/**
 * Makes a module's compartment, with {@link DENIED_GLOBALS} taken away and its global object
 * frozen, and returns the function that compiles each of its scripts there as the body of a
 * function of `exports`, `module` and `require`.
 *
 * Frozen before any module code runs, the global object cannot carry state from one call to the
 * next, and SES can treat every global as a constant: a module's reads of `Math` or `Object` then
 * cost what they cost outside a compartment, not a trip through SES's scope proxy (about 100
 * times more, which halves the speed of a rules loop). The function wrapper keeps a script's
 * top-level declarations (`function stats() {}`, `const SPEED = 6`) in its own scope, where a
 * script would have put them on the frozen global object. Source that closes the wrapper early
 * gains nothing: it runs in the same compartment either way.
 *
 * Only compiles: the caller runs the returned functions, under the load budget.
 * @param label `id@version`, the compartment's name in SES's messages
 * @returns `compile(source)`, which throws what SES or the parser throws for the source (an HTML
 *   comment, an import expression, a syntax error)
 */
export function createModuleCompartment(label: string): (source: string) => ModuleFactory {
  let compilingScript = false;
  const compartment = new Compartment({
    name: label,
    // A script is as long as its file allows; its wrapper adds a few characters.
    transforms: [(code: string) => (compilingScript ? code : limitDynamicCode(code))],
    __options__: true,
  } as unknown as ConstructorParameters<typeof Compartment>[0]);
  const globals = compartment.globalThis as Record<string, unknown>;
  for (const name of DENIED_GLOBALS) {
    // Configurable on a fresh compartment's global; a name this engine lacks is simply absent.
    delete globals[name];
  }
  harden(globals);
  return (source) => {
    compilingScript = true;
    try {
      // The newline before the end: a last line that is a `//` comment must not swallow it.
      return compartment.evaluate(
        `(function (exports, module, require) {\n${source}\n})`,
      ) as ModuleFactory;
    } finally {
      compilingScript = false;
    }
  };
}
