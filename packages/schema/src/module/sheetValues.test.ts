import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyRef, refsInNotation, resolveNotation, valueAtPath } from './paths';
import { parseSheet, type Sheet } from './sheet';
import { derivedPathsOf, refsOf } from './sheetRefs';
import { checkSheetValues } from './sheetValues';

const SHEET = {
  format: 1,
  actorType: 'character',
  title: { derived: 'fullName' },
  defaults: { hp: 5, weapon: '1d8', attacks: [{ bonus: 2 }] },
  sections: [
    {
      title: 'Main',
      fields: [
        {
          label: 'HP',
          field: 'data.hp',
          type: 'number',
          max: '@maxHp',
          suffix: { derived: 'maxHp', format: 'of' },
          warn: { derived: 'status.bloodied', text: 'Bloodied' },
        },
        {
          label: 'Weapon',
          field: 'data.weapon',
          type: 'dice',
          roll: { label: 'Damage', notation: '@data.weapon+@mods.str' },
        },
        {
          label: 'Attacks',
          field: 'data.attacks',
          type: 'list',
          newItem: { bonus: 0 },
          fields: [
            {
              label: 'Bonus',
              field: 'bonus',
              type: 'number',
              roll: { label: 'Attack', notation: '1d20+@item.bonus+@mods.str' },
            },
          ],
        },
      ],
    },
  ],
};

function sheet(): Sheet {
  const result = parseSheet(SHEET);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.sheet;
}

const derived = { fullName: 'Ana', maxHp: 10, status: { bloodied: false }, mods: { str: -1 } };

describe('derivedPathsOf', () => {
  it('lists each path of derive output the sheet names, once, in sheet order', () => {
    expect(derivedPathsOf(sheet())).toEqual(['fullName', 'maxHp', 'status.bloodied', 'mods.str']);
  });

  it('knows where each reference is made', () => {
    expect(refsOf(sheet()).find((use) => use.source === 'item')).toEqual({
      ref: 'item.bonus',
      source: 'item',
      path: 'bonus',
      at: ['sections', 0, 'fields', 2, 'fields', 0, 'roll', 'notation'],
    });
  });
});

describe('checkSheetValues', () => {
  it('resolves every roll, list buttons for each row and for newItem', () => {
    expect(checkSheetValues(sheet(), SHEET.defaults, derived)).toEqual({
      problems: [],
      rolls: [
        { at: ['sections', 0, 'fields', 1], label: 'Damage', notation: '1d8+-1' },
        { at: ['sections', 0, 'fields', 2, 'fields', 0], label: 'Attack', notation: '1d20+2+-1' },
        { at: ['sections', 0, 'fields', 2, 'fields', 0], label: 'Attack', notation: '1d20+0+-1' },
      ],
    });
  });

  it('names each value derive does not give, and each notation that does not resolve', () => {
    const { problems } = checkSheetValues(sheet(), SHEET.defaults, {
      fullName: 'Ana',
      maxHp: 'ten',
      status: {},
      mods: { str: true },
    });
    expect(problems).toEqual([
      {
        path: ['sections', 0, 'fields', 0, 'warn', 'derived'],
        message: `derive's output has no "status.bloodied"`,
      },
      {
        path: ['sections', 0, 'fields', 0, 'max'],
        message: `@maxHp must be a number; derive's output has "ten"`,
      },
      {
        path: ['sections', 0, 'fields', 1, 'roll', 'notation'],
        message: '@mods.str is a boolean: it must be a number or a dice code',
      },
      {
        path: ['sections', 0, 'fields', 2, 'fields', 0, 'roll', 'notation'],
        message: '@mods.str is a boolean: it must be a number or a dice code (for a row)',
      },
      {
        path: ['sections', 0, 'fields', 2, 'fields', 0, 'roll', 'notation'],
        message: '@mods.str is a boolean: it must be a number or a dice code (for newItem)',
      },
    ]);
  });
});

describe('references', () => {
  it('reads data., item. (in a list only) and derive paths', () => {
    expect(classifyRef('data.a.b', false)).toEqual({
      ref: 'data.a.b',
      source: 'data',
      path: 'a.b',
    });
    expect(classifyRef('item.bonus', true)).toMatchObject({ source: 'item', path: 'bonus' });
    expect(classifyRef('item.bonus', false)).toMatchObject({
      source: 'derived',
      path: 'item.bonus',
    });
  });

  it('finds no own property through the prototype', () => {
    expect(valueAtPath({ a: [1, 2] }, 'a.1')).toBe(2);
    expect(valueAtPath({}, 'constructor')).toBeUndefined();
    expect(valueAtPath({ a: 1 }, 'a.b')).toBeUndefined();
  });

  it('replaces every reference of a notation, and only references', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), fc.integer({ min: -99, max: 99 })),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        (pairs) => {
          const values = Object.fromEntries(pairs);
          const notation = `1d20${pairs.map(([key]) => `+@${key}`).join('')}`;
          expect(refsInNotation(notation)).toEqual(pairs.map(([key]) => key));
          const expected = `1d20${pairs.map(([key]) => `+${values[key]}`).join('')}`;
          expect(resolveNotation(notation, { data: {}, derived: values })).toBe(expected);
        },
      ),
      { seed: 20_251_126 },
    );
  });
});
