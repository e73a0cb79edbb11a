/**
 * A module's scripts, run as CommonJS: the entry runs first, and may `require` the module's other
 * scripts by a relative path (`require('./dice.js')`, `require('../lib/tables')`), so that rules
 * of some thousand lines need not be one file. Only the module's own `.js` files can be required:
 * no package, no built-in, nothing outside the module's folder. A script runs once; a cycle gets
 * the exports as they stand, as in Node.
 *
 * Everything runs in the module's one compartment, under the budget of the load (or of the call
 * that requires lazily).
 */
import type { ModuleFactory } from './moduleCompartment';

/**
 * Runs the entry, and whatever it requires.
 * @param compile compiles a script in the module's compartment (createModuleCompartment)
 * @param entry the entry's path, a key of `scripts`
 * @returns the entry's `module.exports`
 * @throws what a script throws, and an Error for a `require` it cannot satisfy
 */
export function runModuleScripts(
  compile: (source: string) => ModuleFactory,
  entry: string,
  scripts: Readonly<Record<string, string>>,
): unknown {
  const loaded = new Map<string, { exports: unknown }>();
  const load = (path: string): unknown => {
    const cached = loaded.get(path);
    if (cached !== undefined) return cached.exports;
    const moduleObject: { exports: unknown } = { exports: {} };
    loaded.set(path, moduleObject);
    const run = compile(scripts[path] as string);
    const require = harden((specifier: unknown) => load(resolveScript(path, specifier, scripts)));
    Reflect.apply(run, undefined, [moduleObject.exports, moduleObject, require]);
    return moduleObject.exports;
  };
  return load(entry);
}

/**
 * The path of the script `specifier` names, required from the script at `from`.
 * @throws {Error} for a specifier that is not a relative path, leaves the module, or names no
 *   script of the module
 */
export function resolveScript(
  from: string,
  specifier: unknown,
  scripts: Readonly<Record<string, string>>,
): string {
  if (typeof specifier !== 'string' || !/^\.\.?\//.test(specifier)) {
    throw new Error(
      `require(${describe(specifier)}): a module requires only its own scripts, by a relative path such as "./dice.js"`,
    );
  }
  const parts = from.split('/').slice(0, -1);
  for (const segment of specifier.split('/')) {
    if (segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0)
        throw new Error(`require("${specifier}"): that is outside the module`);
      parts.pop();
    } else if (segment === '') {
      throw new Error(`require("${specifier}"): a path has no empty parts`);
    } else {
      parts.push(segment);
    }
  }
  const path = parts.join('/');
  const script = path.endsWith('.js') ? path : `${path}.js`;
  if (!Object.hasOwn(scripts, script)) {
    throw new Error(`require("${specifier}") in ${from}: the module has no script ${script}`);
  }
  return script;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}
