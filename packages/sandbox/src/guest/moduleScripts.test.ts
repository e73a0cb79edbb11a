/**
 * A module of several scripts, in the real worker: the entry requires its own scripts by
 * relative paths, each runs once, cycles see partial exports, and nothing else can be required.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../host/Sandbox';
import { createModuleBundle, moduleFilesFromText } from '../moduleFiles';
import { nodeWorkerLauncher } from '../node/nodeWorkerLauncher';
import { resolveScript } from './moduleScripts';

const MANIFEST = JSON.stringify({
  id: 'split',
  name: 'Split',
  version: '1.0.0',
  api: 1,
  entry: 'src/rules.js',
});

const sandbox = new Sandbox({ launch: nodeWorkerLauncher() });
afterAll(() => sandbox.close());

const load = (scripts: Record<string, string>) =>
  sandbox.load(createModuleBundle(moduleFilesFromText({ 'module.json': MANIFEST, ...scripts })));

describe('a module of several scripts', () => {
  it('requires its own scripts by relative paths, with or without .js, each run once', async () => {
    const module = await load({
      'src/rules.js': `
const { modifier } = require('./lib/abilities');
const tables = require('../data/tables.js');
const again = require('./lib/abilities.js');
exports.derive = (actor) => ({ mod: modifier(actor.data.str), size: tables.SIZES.length, same: again.runs });`,
      'src/lib/abilities.js': `
const tables = require('../../data/tables');
exports.runs = tables.count();
exports.modifier = (score) => Math.floor((score - 10) / 2);`,
      'data/tables.js': `
let runs = 0;
exports.count = () => ++runs;
exports.SIZES = ['tiny', 'small', 'medium'];
runs = 0;`,
    });
    const outcome = await module.call('derive', [{ data: { str: 15 } }]);
    expect(outcome).toMatchObject({ ok: true, value: { mod: 2, size: 3, same: 1 } });
  });

  it('gives a cycle the exports as they stand, as Node does', async () => {
    const module = await load({
      'src/rules.js': `
const other = require('./other.js');
exports.derive = () => ({ atLoad: other.seen, now: typeof other.rules().derive });`,
      'src/other.js': `
const rules = require('./rules.js');
exports.seen = typeof rules.derive;
exports.rules = () => rules;`,
    });
    expect(await module.call('derive', [{}])).toMatchObject({
      ok: true,
      value: { atLoad: 'undefined', now: 'function' },
    });
  });

  it('fails the load, naming the script, when a require names no script of the module', async () => {
    await expect(load({ 'src/rules.js': `require('./missing');` })).rejects.toMatchObject({
      code: 'MODULE_LOAD_ERROR',
      message: expect.stringContaining(
        'require("./missing") in src/rules.js: the module has no script src/missing.js',
      ),
    });
  });

  it('refuses a script that is not UTF-8 before anything runs', () => {
    const files = new Map(moduleFilesFromText({ 'module.json': MANIFEST, 'src/rules.js': '' }));
    files.set('src/bad.js', new Uint8Array([0xff, 0xfe]));
    expect(() => createModuleBundle(files)).toThrow('"src/bad.js" is not UTF-8 text');
  });
});

describe('resolveScript', () => {
  const scripts = { 'a.js': '', 'lib/b.js': '', 'lib/deep/c.js': '' };
  it('resolves relative paths inside the module', () => {
    expect(resolveScript('a.js', './lib/b', scripts)).toBe('lib/b.js');
    expect(resolveScript('lib/deep/c.js', '../b.js', scripts)).toBe('lib/b.js');
    expect(resolveScript('lib/deep/c.js', '../../a', scripts)).toBe('a.js');
    expect(resolveScript('lib/b.js', './deep/./c.js', scripts)).toBe('lib/deep/c.js');
  });

  it('refuses packages, absolute paths, empty parts and paths out of the module', () => {
    expect(() => resolveScript('a.js', 'fs', scripts)).toThrow('by a relative path');
    expect(() => resolveScript('a.js', '/a.js', scripts)).toThrow('by a relative path');
    expect(() => resolveScript('a.js', '../a.js', scripts)).toThrow('outside the module');
    expect(() => resolveScript('a.js', './lib//b.js', scripts)).toThrow('no empty parts');
    expect(() => resolveScript('a.js', 7, scripts)).toThrow('require(number)');
  });
});
