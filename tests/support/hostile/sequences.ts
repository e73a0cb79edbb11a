/**
 * Hostile sequences: tampering in one call or module, looked for in a later call or another
 * module of the same sandbox (same worker, same realm).
 */
import type { HostileSequence } from '../hostileModules';

/**
 * `tamper()` tries to change what every module of the worker shares and lists what it changed;
 * `probe()` lists the changes it can see. Both are the start of a module's rules.js.
 */
const TAMPER_AND_PROBE = `
const tamper = () => {
  const changed = [];
  const attempt = (name, change) => {
    try {
      change();
      changed.push(name);
    } catch {}
  };
  attempt('Object.prototype', () => { Object.prototype.polluted = true; });
  attempt('Array.prototype.includes', () => { Array.prototype.includes = () => true; });
  attempt('JSON.stringify', () => { JSON.stringify = () => 'tampered'; });
  attempt('Math', () => { Math.tampered = true; });
  attempt('Function.prototype.call', () => { Function.prototype.call = () => 'tampered'; });
  attempt('Promise.prototype.then', () => { Promise.prototype.then = () => 'tampered'; });
  attempt('harden', () => { harden.tampered = true; });
  return changed;
};
const probe = () => {
  const seen = [];
  if (({}).polluted !== undefined) seen.push('Object.prototype');
  if ([].includes(1)) seen.push('Array.prototype.includes');
  if (JSON.stringify({ a: 1 }) !== '{"a":1}') seen.push('JSON.stringify');
  if (Math.tampered !== undefined) seen.push('Math');
  if (((x) => x).call(null, 1) !== 1) seen.push('Function.prototype.call');
  if (typeof Promise.resolve().then(() => {}) !== 'object') seen.push('Promise.prototype.then');
  if (harden.tampered !== undefined) seen.push('harden');
  return seen;
};
`;

/** See {@link HostileSequence}. */
export const SEQUENCES: readonly HostileSequence[] = [
  {
    name: 'tampering tried in one call is seen by neither a later call nor another module',
    modules: [
      `${TAMPER_AND_PROBE}
const atLoad = tamper();
exports.derive = (actor) => {
  const changed = tamper();
  try {
    Object.getPrototypeOf(actor).polluted = true;
    changed.push('the prototype of its argument');
  } catch {}
  return { atLoad, changed };
};
exports.roll = () => ({ seen: probe() });`,
      `${TAMPER_AND_PROBE}
exports.derive = () => ({ seen: probe() });`,
    ],
    steps: [
      {
        module: 0,
        call: { hook: 'derive', args: [{}] },
        expect: { value: { atLoad: [], changed: [] } },
      },
      { module: 0, call: { hook: 'roll', args: [{}] }, expect: { value: { seen: [] } } },
      { module: 1, call: { hook: 'derive', args: [{}] }, expect: { value: { seen: [] } } },
    ],
  },
  {
    name: 'the globals and top-level bindings a module makes are its own',
    modules: [
      `let refused = false;
try {
  globalThis.secret = 'module 0';
} catch {
  refused = true;
}
var shared = 'module 0';
exports.derive = () => ({ secret: refused ? 'refused' : typeof globalThis.secret, shared: typeof shared });`,
      `exports.derive = () => ({ secret: typeof globalThis.secret, shared: typeof shared });`,
    ],
    steps: [
      {
        module: 0,
        call: { hook: 'derive', args: [{}] },
        expect: { value: { secret: 'refused', shared: 'string' } },
      },
      {
        module: 1,
        call: { hook: 'derive', args: [{}] },
        expect: { value: { secret: 'undefined', shared: 'undefined' } },
      },
    ],
  },
];
