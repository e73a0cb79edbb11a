import { describe, expect, it } from 'vitest';
import { checkModuleContent, describeContentProblems } from './moduleContent';

const encoder = new TextEncoder();

const SHEET = {
  format: 1,
  actorType: 'character',
  title: { field: 'name' },
  defaults: { hp: 6, stats: { str: 10, dex: 10 }, gear: [] },
  sections: [
    {
      title: 'Main',
      fields: [
        { label: 'HP', field: 'data.hp', type: 'number', min: 0, editable: 'owner' },
        { label: 'Str', field: 'data.stats.str', type: 'number', min: 1, max: 20 },
        {
          label: 'Gear',
          field: 'data.gear',
          type: 'list',
          newItem: { name: '' },
          fields: [{ label: 'Name', field: 'name', type: 'text' }],
        },
        { label: 'Defense', derived: 'defense' },
      ],
    },
  ],
};

const BESTIARY = {
  format: 1,
  title: 'Bestiary',
  entries: [
    { id: 'goblin', type: 'character', name: 'Goblin', data: { hp: 4, stats: { str: 8 } } },
    { id: 'torch', type: 'item', name: 'Torch', data: { light: 4 }, tags: ['gear'] },
  ],
};

const MANIFEST = {
  sheets: { character: 'sheets/character.json' },
  compendium: { bestiary: 'compendium/bestiary.json' },
  reference: ['reference/rules.md', 'reference/conditions.md'],
};

/** The module's data files, with some replaced (a string as it is, anything else as JSON). */
function files(replace: Record<string, unknown> = {}): Map<string, Uint8Array> {
  const texts: Record<string, unknown> = {
    'sheets/character.json': SHEET,
    'compendium/bestiary.json': BESTIARY,
    'reference/rules.md': '# Rules\n\nRoll high.\n',
    'reference/conditions.md': '# Conditions\n',
    ...replace,
  };
  return new Map(
    Object.entries(texts)
      .filter(([, value]) => value !== undefined)
      .map(([path, value]) => [
        path,
        value instanceof Uint8Array
          ? value
          : encoder.encode(typeof value === 'string' ? value : JSON.stringify(value)),
      ]),
  );
}

/** The one-line message `module check` would print, or "ok". */
function messageOf(manifest: typeof MANIFEST | Record<string, unknown>, map = files()): string {
  const check = checkModuleContent(manifest, map);
  return check.ok ? 'ok' : describeContentProblems(check.problems);
}

describe('checkModuleContent', () => {
  it('parses the sheets, compendium files and reference pages the manifest names', () => {
    const check = checkModuleContent(MANIFEST, files());
    expect(check).toEqual({
      ok: true,
      content: {
        sheets: { character: SHEET },
        compendium: { bestiary: BESTIARY },
        reference: {
          'reference/rules.md': '# Rules\n\nRoll high.\n',
          'reference/conditions.md': '# Conditions\n',
        },
      },
    });
    expect(checkModuleContent({}, new Map())).toEqual({
      ok: true,
      content: { sheets: {}, compendium: {}, reference: {} },
    });
  });

  it('names the manifest field and the file for a file that is missing, not UTF-8 or not JSON', () => {
    expect(messageOf(MANIFEST, files({ 'sheets/character.json': '{ "format": 1, }' }))).toMatch(
      /^module\.json: sheets\.character: "sheets\/character\.json" is not valid JSON: /,
    );
    expect(
      messageOf(MANIFEST, files({ 'reference/conditions.md': new Uint8Array([0xff, 0xfe]) })),
    ).toBe('module.json: reference.1: "reference/conditions.md" is not UTF-8 text');
    expect(messageOf(MANIFEST, files({ 'compendium/bestiary.json': undefined }))).toBe(
      'module.json: compendium.bestiary: "compendium/bestiary.json" is not in the module',
    );
    expect(
      messageOf({ reference: 'reference/rules.md' }, files({ 'reference/rules.md': 'a\0b' })),
    ).toBe(
      'module.json: reference: "reference/rules.md" contains a NUL character: a reference page is markdown text',
    );
  });

  it('refuses a file that nests too deep before parsing it further', () => {
    const deep = `{"a":${'['.repeat(400_000)}${']'.repeat(400_000)}}`;
    expect(messageOf(MANIFEST, files({ 'sheets/character.json': deep }))).toBe(
      'module.json: sheets.character: "sheets/character.json" nests deeper than 64 levels',
    );
  });

  it('caps the size of each file', () => {
    const big = `# Big\n${'x'.repeat(1024 * 1024)}`;
    expect(messageOf(MANIFEST, files({ 'reference/rules.md': big }))).toBe(
      `module.json: reference.0: "reference/rules.md" has ${big.length} bytes; at most 1048576 are allowed`,
    );
  });

  it('names the file and the place in it for a sheet that breaks the format', () => {
    const sheet = structuredClone(SHEET);
    Object.assign(sheet.sections[0]?.fields[0] ?? {}, { editable: 'everyone' });
    expect(messageOf(MANIFEST, files({ 'sheets/character.json': sheet }))).toBe(
      'sheets/character.json: sections.0.fields.0.editable: must be "owner" or "gm"',
    );
    expect(messageOf({ ...MANIFEST, sheets: { npc: 'sheets/character.json' } }, files())).toContain(
      'sheets/character.json: actorType: is "character", but module.json lists this file as sheets.npc',
    );
  });

  it('checks compendium entries: unique ids, known types, actor data that fits the sheet', () => {
    const entries = [
      ...BESTIARY.entries,
      { id: 'goblin', type: 'character', name: 'Goblin twin', data: {} },
      { id: 'dragon', type: 'monster', name: 'Dragon', data: {} },
      { id: 'troll', type: 'character', name: 'Troll', data: { stats: { str: 25 }, gear: 3 } },
    ];
    expect(
      messageOf(MANIFEST, files({ 'compendium/bestiary.json': { ...BESTIARY, entries } })),
    ).toBe(
      'compendium/bestiary.json: entries.2.id: repeats "goblin": ids are unique within a file',
    );
    entries.splice(2, 1);
    expect(
      messageOf(MANIFEST, files({ 'compendium/bestiary.json': { ...BESTIARY, entries } })),
    ).toBe(
      'compendium/bestiary.json: entries.2.type: is "monster"; the module\'s types are "character", "item"; ' +
        'compendium/bestiary.json: entries.3.data.stats.str: must be at most 20 (the number field "Str"); ' +
        'compendium/bestiary.json: entries.3.data.gear: must be a list of rows: the list field "Gear" shows it',
    );
  });

  it('lays an entry over the defaults: an entry states only what differs', () => {
    // The goblin names no dex and no gear; the defaults provide them.
    const check = checkModuleContent(MANIFEST, files());
    expect(check.ok).toBe(true);
  });

  it('refuses a compendium file with unknown keys, a bad format, or too many tags', () => {
    const bad = {
      ...BESTIARY,
      format: 2,
      author: 'me',
      entries: [{ ...BESTIARY.entries[1], tags: Array(21).fill('x') }],
    };
    expect(messageOf(MANIFEST, files({ 'compendium/bestiary.json': bad }))).toBe(
      'compendium/bestiary.json: format: must be 1; ' +
        'compendium/bestiary.json: entries.0.tags: Too big: expected array to have <=20 items; ' +
        'compendium/bestiary.json: unknown field: author',
    );
  });

  it('lists at most 20 problems and counts the rest', () => {
    const entries = Array.from({ length: 25 }, (_, i) => ({
      id: `e${i}`,
      type: 'nope',
      name: 'x',
      data: {},
    }));
    const message = messageOf(
      MANIFEST,
      files({ 'compendium/bestiary.json': { ...BESTIARY, entries } }),
    );
    expect(message.split('; compendium/').length).toBe(20);
    expect(message).toMatch(/; and 5 more$/);
  });
});
