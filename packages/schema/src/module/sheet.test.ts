import { describe, expect, it } from 'vitest';
import { parseSheet, type Sheet } from './sheet';

/** A sheet with one field of each kind: the base every bad input below changes one thing of. */
const SHEET = {
  format: 1,
  actorType: 'character',
  title: { field: 'name' },
  defaults: {
    level: 1,
    notes: '',
    inspired: false,
    class: 'fighter',
    damage: '1d8',
    deathSaves: 0,
    attacks: [{ name: 'sword', bonus: 3, damage: '1d8' }],
  },
  prompts: {
    mode: {
      key: 'mode',
      label: 'Roll',
      type: 'select',
      options: [
        { value: 'normal', label: 'Normal' },
        { value: 'advantage', label: 'Advantage' },
      ],
    },
  },
  sections: [
    {
      title: 'Character',
      columns: 2,
      fields: [
        { label: 'Name', field: 'name', type: 'text', editable: 'owner' },
        { label: 'Level', field: 'data.level', type: 'number', min: 1, max: 20, editable: 'gm' },
        { label: 'Notes', field: 'data.notes', type: 'textarea', rows: 4, editable: 'owner' },
        { label: 'Inspired', field: 'data.inspired', type: 'checkbox', editable: 'gm' },
        {
          label: 'Class',
          field: 'data.class',
          type: 'select',
          options: [
            { value: 'fighter', label: 'Fighter' },
            { value: 'wizard', label: 'Wizard' },
          ],
        },
        {
          label: 'Damage',
          field: 'data.damage',
          type: 'dice',
          roll: { label: 'Damage', notation: '@data.damage+@bonus', options: { kind: 'damage' } },
        },
        { label: 'Death saves', field: 'data.deathSaves', type: 'track', max: 3 },
        {
          label: 'Proficiency',
          derived: 'proficiency',
          format: 'signed',
          badge: { derived: 'bonus', format: 'signed' },
          warn: { derived: 'dying', text: 'Dying' },
          roll: { label: 'Check', notation: '1d20+@proficiency', ask: ['mode'] },
        },
        {
          label: 'Attacks',
          field: 'data.attacks',
          type: 'list',
          editable: 'owner',
          addLabel: 'Add attack',
          newItem: { name: '', bonus: 0, damage: '1d4' },
          fields: [
            { label: 'Name', field: 'name', type: 'text' },
            {
              label: 'Bonus',
              field: 'bonus',
              type: 'number',
              roll: {
                label: 'Attack',
                notation: '1d20+@item.bonus',
                ask: ['mode', { key: 'target', label: 'Target', type: 'number', min: 1, max: 40 }],
              },
            },
            { label: 'Damage', field: 'damage', type: 'dice' },
          ],
        },
      ],
    },
  ],
};

type Json = Record<string, unknown>;

/** The base sheet with `change` applied to a deep copy of it. */
function variant(change: (sheet: Json & typeof SHEET) => void): unknown {
  const copy = structuredClone(SHEET);
  change(copy as Json & typeof SHEET);
  return copy;
}

/** A field of the base sheet's only section, for changing. */
const field = (sheet: typeof SHEET, index: number) =>
  sheet.sections[0]?.fields[index] as unknown as Json;

/** The issues of a sheet as "path: message" lines. */
function issuesOf(json: unknown, actorType?: string): string[] {
  const result = parseSheet(json, actorType);
  if (result.ok) return [];
  return result.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('parseSheet', () => {
  it('accepts a sheet with every field type, and keeps it as written', () => {
    const result = parseSheet(SHEET, 'character');
    expect(result).toEqual({ ok: true, sheet: SHEET });
  });

  it('names an unknown key and the place it is at, so a typo is an error', () => {
    expect(issuesOf(variant((sheet) => Object.assign(field(sheet, 1), { edtable: 'gm' })))).toEqual(
      ['sections.0.fields.1: unknown field: edtable'],
    );
    expect(issuesOf(variant((sheet) => Object.assign(sheet, { colour: 'red' })))).toEqual([
      ': unknown field: colour',
    ]);
    const roll = variant((sheet) =>
      Object.assign((field(sheet, 5) as { roll: Json }).roll, { askMode: true }),
    );
    expect(issuesOf(roll)).toEqual(['sections.0.fields.5.roll: unknown field: askMode']);
  });

  it.each([
    [
      'an unknown type',
      (f: Json) => Object.assign(f, { type: 'numbr' }),
      'type: must be one of number, text, textarea, checkbox, select, dice, track, list',
    ],
    [
      'a bound field without a type',
      (f: Json) => delete f.type,
      'type: required: one of number, text, textarea, checkbox, select, dice, track, list',
    ],
    [
      'an editable that is neither owner nor gm',
      (f: Json) => Object.assign(f, { editable: 'all' }),
      'editable: must be "owner" or "gm"',
    ],
    ['a min above the max', (f: Json) => Object.assign(f, { min: 30 }), 'max: is below min (30)'],
    [
      'a path with a dash',
      (f: Json) => Object.assign(f, { field: 'data.sleight-of-hand' }),
      'field: must be "name" or "data." followed by keys of A-Z, a-z, 0-9 and _, joined by "." (at most 16 keys)',
    ],
    [
      'a path outside data',
      (f: Json) => Object.assign(f, { field: 'owners' }),
      'field: must be "name" or "data." followed by keys of A-Z, a-z, 0-9 and _, joined by "." (at most 16 keys)',
    ],
    [
      'a label over 100 characters',
      (f: Json) => Object.assign(f, { label: 'x'.repeat(101) }),
      'label: Too big: expected string to have <=100 characters',
    ],
  ])('refuses %s on the level field', (_what, change, issue) => {
    expect(issuesOf(variant((sheet) => change(field(sheet, 1))))).toEqual([
      `sections.0.fields.1.${issue}`,
    ]);
  });

  it('refuses a field with neither "field" nor "derived"', () => {
    expect(issuesOf(variant((sheet) => delete field(sheet, 1).field))).toEqual([
      'sections.0.fields.1: needs "field" (a value of the actor) or "derived" (a value derive computes)',
    ]);
  });

  it('refuses a derived field that is also editable, or also bound', () => {
    expect(
      issuesOf(variant((sheet) => Object.assign(field(sheet, 7), { editable: 'owner' }))),
    ).toEqual(['sections.0.fields.7.editable: a derived value is read-only: derive computes it']);
    expect(
      issuesOf(variant((sheet) => Object.assign(field(sheet, 7), { field: 'data.level' }))),
    ).toEqual(['sections.0.fields.7.derived: a field has "field" or "derived", not both']);
  });

  it('refuses a select without options, with repeated values, or with a default out of them', () => {
    expect(issuesOf(variant((sheet) => delete field(sheet, 4).options))).toEqual([
      'sections.0.fields.4.options: required (array)',
    ]);
    expect(issuesOf(variant((sheet) => Object.assign(field(sheet, 4), { options: [] })))).toEqual([
      'sections.0.fields.4.options: must list at least one option',
    ]);
    const twice = { value: 'fighter', label: 'Again' };
    expect(
      issuesOf(variant((sheet) => (field(sheet, 4).options as unknown[]).push(twice))),
    ).toEqual(['sections.0.fields.4.options.2.value: repeats "fighter"']);
    expect(issuesOf(variant((sheet) => Object.assign(sheet.defaults, { class: 'bard' })))).toEqual([
      'defaults.class: must be one of "fighter", "wizard" (the select field "Class")',
    ]);
  });

  it('refuses a list without fields, a list in a list, and a row field with its own editable', () => {
    expect(issuesOf(variant((sheet) => Object.assign(field(sheet, 8), { fields: [] })))).toEqual([
      'sections.0.fields.8.fields: a list needs at least one field',
    ]);
    const nested = { label: 'Sub', field: 'sub', type: 'list', fields: [], newItem: {} };
    expect(
      issuesOf(variant((sheet) => (field(sheet, 8).fields as unknown[]).push(nested))),
    ).toEqual(['sections.0.fields.8.fields.3.type: a list cannot hold another list']);
    expect(
      issuesOf(
        variant((sheet) =>
          Object.assign((field(sheet, 8).fields as Json[])[0] as Json, { editable: 'gm' }),
        ),
      ),
    ).toEqual(["sections.0.fields.8.fields.0.editable: a row's fields follow the list's editable"]);
    expect(issuesOf(variant((sheet) => delete field(sheet, 8).newItem))).toEqual([
      'sections.0.fields.8.newItem: required (record)',
    ]);
  });

  it('checks a list newItem and rows against the row fields, and @item against them too', () => {
    expect(
      issuesOf(
        variant((sheet) => Object.assign(field(sheet, 8), { newItem: { name: '', bonus: '+1' } })),
      ),
    ).toEqual([
      'sections.0.fields.8.newItem.bonus: must be a number (the number field "Bonus")',
      'sections.0.fields.8.newItem.damage: is missing: the dice field "Damage" shows it',
    ]);
    expect(
      issuesOf(
        variant((sheet) => Object.assign(sheet.defaults, { attacks: [{ name: 'x', bonus: 1 }] })),
      ),
    ).toEqual(['defaults.attacks.0.damage: is missing: the dice field "Damage" shows it']);
    const roll = variant((sheet) => {
      const bonus = (field(sheet, 8).fields as Json[])[1] as { roll: Json };
      bonus.roll.notation = '1d20+@item.bonsu';
    });
    expect(issuesOf(roll)).toEqual([
      'sections.0.fields.8.fields.1.roll.notation: @item.bonsu: the list "Attacks" has no field "bonsu"',
    ]);
  });

  it('requires a track to have boxes, and no more labels than boxes', () => {
    expect(issuesOf(variant((sheet) => delete field(sheet, 6).max))).toEqual([
      'sections.0.fields.6.max: must be a whole number from 1 to 100 or "@path"',
    ]);
    expect(issuesOf(variant((sheet) => Object.assign(field(sheet, 6), { max: 101 })))).toEqual([
      'sections.0.fields.6.max: Too big: expected number to be <=100',
    ]);
    expect(
      issuesOf(
        variant((sheet) => Object.assign(field(sheet, 6), { labels: ['a', 'b', 'c', 'd'] })),
      ),
    ).toEqual(['sections.0.fields.6.labels: has more labels than boxes (3)']);
    expect(issuesOf(variant((sheet) => Object.assign(sheet.defaults, { deathSaves: 4 })))).toEqual([
      'defaults.deathSaves: must be at most 3 (the track\'s boxes) (the track field "Death saves")',
    ]);
  });

  it('requires defaults to hold every bound value, so a misspelt path is an error', () => {
    expect(
      issuesOf(variant((sheet) => Object.assign(field(sheet, 1), { field: 'data.levle' }))),
    ).toEqual(['defaults.levle: is missing: the number field "Level" shows it']);
    expect(issuesOf(variant((sheet) => Object.assign(sheet.defaults, { level: 0 })))).toEqual([
      'defaults.level: must be at least 1 (the number field "Level")',
    ]);
    expect(issuesOf(variant((sheet) => Object.assign(sheet.defaults, { inspired: 'no' })))).toEqual(
      ['defaults.inspired: must be true or false (the checkbox field "Inspired")'],
    );
  });

  it('checks roll buttons: named prompts exist, request keys are set once, never "notation"', () => {
    const roll = (sheet: typeof SHEET) => (field(sheet, 7) as { roll: Json }).roll;
    expect(issuesOf(variant((sheet) => Object.assign(roll(sheet), { ask: ['mood'] })))).toEqual([
      'sections.0.fields.7.roll.ask.0: names the prompt "mood", which the sheet\'s prompts do not define',
    ]);
    expect(
      issuesOf(variant((sheet) => Object.assign(roll(sheet), { options: { mode: 'advantage' } }))),
    ).toEqual([
      'sections.0.fields.7.roll.ask.0: sets "mode" of the request, which an option or another question sets too',
    ]);
    expect(
      issuesOf(variant((sheet) => Object.assign(roll(sheet), { options: { notation: '1d6' } }))),
    ).toEqual([
      'sections.0.fields.7.roll.options.notation: "notation" is the roll itself and cannot be an option',
    ]);
    expect(
      issuesOf(
        variant((sheet) =>
          Object.assign(roll(sheet), { ask: [{ key: 'x', label: 'X', type: 'slider' }] }),
        ),
      ),
    ).toEqual(['sections.0.fields.7.roll.ask.0.type: must be one of select, number, checkbox']);
    expect(
      issuesOf(variant((sheet) => Object.assign(roll(sheet), { ask: Array(9).fill('mode') }))),
    ).toContain('sections.0.fields.7.roll.ask: Too big: expected array to have <=8 items');
  });

  it('requires a question default among its options, or between its bounds', () => {
    const mode = (sheet: typeof SHEET) => sheet.prompts.mode as Json;
    expect(issuesOf(variant((sheet) => Object.assign(mode(sheet), { default: 'elven' })))).toEqual([
      'prompts.mode.default: must be the value of one of the options',
    ]);
    const target = { key: 'target', label: 'Target', type: 'number', min: 2, max: 12, default: 20 };
    expect(issuesOf(variant((sheet) => Object.assign(sheet.prompts, { target })))).toEqual([
      'prompts.target.default: must be from min to max',
    ]);
  });

  it('requires decorations to name exactly one source', () => {
    expect(
      issuesOf(variant((sheet) => Object.assign(field(sheet, 7), { badge: { format: 'signed' } }))),
    ).toEqual([
      'sections.0.fields.7.badge: needs exactly one of "field" (a value of the actor) and "derived" (a value derive computes)',
    ]);
  });

  it('checks the top level: format, actor type, title, sections', () => {
    expect(issuesOf(variant((sheet) => Object.assign(sheet, { format: 2 })))).toEqual([
      'format: must be 1',
    ]);
    expect(issuesOf(SHEET, 'npc')).toEqual([
      'actorType: is "character", but module.json lists this file as sheets.npc',
    ]);
    expect(issuesOf(variant((sheet) => Object.assign(sheet, { title: {} })))).toEqual([
      'title: needs exactly one of "field" and "derived"',
    ]);
    expect(issuesOf(variant((sheet) => Object.assign(sheet, { sections: [] })))).toEqual([
      'sections: a sheet needs at least one section',
    ]);
    expect(issuesOf(variant((sheet) => delete (sheet as Json).defaults))).toEqual([
      'defaults: required (record)',
    ]);
    expect(issuesOf([])).toEqual([': Invalid input: expected object, received array']);
  });

  it('caps the size of defaults and the number of sections and fields', () => {
    const big = variant((sheet) => Object.assign(sheet.defaults, { blob: 'x'.repeat(70_000) }));
    expect(issuesOf(big)[0]).toMatch(
      /^defaults: has \d+ characters of JSON; at most 65536 are allowed$/,
    );
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { deep };
    expect(issuesOf(variant((sheet) => Object.assign(sheet.defaults, { deep })))).toEqual([
      'defaults: nests deeper than 32 levels',
    ]);
    const many = variant((sheet) => {
      sheet.sections = Array(51).fill(sheet.sections[0]);
    });
    expect(issuesOf(many)).toEqual(['sections: Too big: expected array to have <=50 items']);
  });

  it('types the parsed sheet', () => {
    const result = parseSheet(SHEET);
    if (!result.ok) throw new Error('the sheet was refused');
    const sheet: Sheet = result.sheet;
    expect(sheet.sections[0]?.fields.map((f) => ('type' in f ? f.type : 'derived'))).toEqual([
      'text',
      'number',
      'textarea',
      'checkbox',
      'select',
      'dice',
      'track',
      'derived',
      'list',
    ]);
  });
});
