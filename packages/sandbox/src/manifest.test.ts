import { describe, expect, it } from 'vitest';
import { SandboxError } from './errors';
import { isModulePath, manifestPaths, parseManifest } from './manifest';

const minimal = { id: 'srd5e', name: 'SRD 5e', version: '1.0.0', api: 1, entry: 'rules.js' };

function errorOf(json: unknown): SandboxError {
  try {
    parseManifest(json);
  } catch (error) {
    if (error instanceof SandboxError) return error;
    throw error;
  }
  throw new Error('the manifest was accepted');
}

describe('parseManifest', () => {
  it('accepts the minimal manifest and every optional field', () => {
    expect(parseManifest(minimal)).toEqual(minimal);
    const full = {
      ...minimal,
      description: 'The 5th-edition SRD',
      license: 'CC-BY-4.0',
      authors: ['A. Author'],
      sheets: { character: 'sheets/character.json', npc: 'sheets/npc.json' },
      reference: ['reference/conditions.md', 'reference/combat.md'],
      compendium: { monsters: 'compendium/monsters.json', 'magic-items': 'compendium/items.json' },
      grid: { type: 'square', distance: 5, units: 'ft', diagonals: 'equal' },
      dice: { default: '1d20' },
      budgetMs: 500,
    };
    expect(parseManifest(full)).toEqual(full);
  });

  it('names the field that is wrong', () => {
    expect(errorOf({ ...minimal, version: 'one' }).message).toMatch(
      /^module\.json: version: .*1\.0\.0/,
    );
    expect(errorOf({ ...minimal, api: 2 }).message).toContain('api: must be 1');
    expect(
      errorOf({ ...minimal, grid: { type: 'octagon', distance: 5, units: 'ft' } }).message,
    ).toContain('grid.type');
    expect(errorOf({ ...minimal, sheets: { character: 'sheets/c.txt' } }).message).toContain(
      'sheets.character',
    );
    expect(errorOf({ ...minimal, budgetMs: 60_000 }).message).toContain('budgetMs');
    const missing = errorOf({ id: 'x' });
    expect(missing.code).toBe('MODULE_INVALID_MANIFEST');
    for (const field of ['name', 'version', 'api', 'entry'])
      expect(missing.message).toContain(`${field}:`);
  });

  it('takes the compendium as an object of name and path, as sheets', () => {
    expect(errorOf({ ...minimal, compendium: ['compendium/a.json'] }).message).toContain(
      'compendium: must be an object of name → .json path',
    );
    expect(
      errorOf({ ...minimal, compendium: { Monsters: 'compendium/a.json' } }).message,
    ).toContain('compendium.Monsters: compendium names are 1 to 64 of a-z, 0-9 and -');
    expect(errorOf({ ...minimal, compendium: { monsters: 'compendium/a.md' } }).message).toContain(
      'compendium.monsters: must be a .json file',
    );
    expect(parseManifest({ ...minimal, reference: 'reference/rules.md' }).reference).toBe(
      'reference/rules.md',
    );
  });

  it('keeps "item" for compendium items: no sheet may claim it', () => {
    expect(errorOf({ ...minimal, sheets: { item: 'sheets/item.json' } }).message).toContain(
      'sheets.item: "item" is the type of compendium items',
    );
  });

  it('refuses unknown fields by name, so typos do not pass silently', () => {
    expect(errorOf({ ...minimal, sheet: {} }).message).toContain('unknown field: sheet');
    expect(
      errorOf({ ...minimal, grid: { type: 'hex', distance: 1, units: 'm', size: 3 } }).message,
    ).toContain('unknown field in grid: size');
  });

  it('refuses paths that leave the module', () => {
    for (const entry of [
      '../rules.js',
      '/etc/rules.js',
      'a/../../b.js',
      'a\\b.js',
      './rules.js',
      'a//b.js',
    ]) {
      expect(errorOf({ ...minimal, entry }).message).toContain('entry');
    }
  });

  it('refuses what is not an object', () => {
    expect(errorOf(null).code).toBe('MODULE_INVALID_MANIFEST');
    expect(errorOf([minimal]).code).toBe('MODULE_INVALID_MANIFEST');
  });
});

describe('manifestPaths', () => {
  it('lists every file the manifest names with its field', () => {
    const manifest = parseManifest({
      ...minimal,
      sheets: { character: 'sheets/character.json' },
      reference: 'reference/rules.md',
      compendium: { monsters: 'compendium/a.json', items: 'compendium/b.json' },
    });
    expect(manifestPaths(manifest)).toEqual([
      { field: 'entry', path: 'rules.js' },
      { field: 'sheets.character', path: 'sheets/character.json' },
      { field: 'reference', path: 'reference/rules.md' },
      { field: 'compendium.monsters', path: 'compendium/a.json' },
      { field: 'compendium.items', path: 'compendium/b.json' },
    ]);
  });
});

describe('isModulePath', () => {
  it('accepts normalized relative paths only', () => {
    expect(isModulePath('rules.js')).toBe(true);
    expect(isModulePath('sheets/character.json')).toBe(true);
    for (const path of ['', '/a', 'a/', '..', 'a/./b', 'a\0b', 'C:\\a'])
      expect(isModulePath(path)).toBe(false);
  });
});
