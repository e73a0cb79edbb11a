import { parseSheet, type Sheet } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import {
  actorPath,
  addRow,
  boundValue,
  checkFieldValue,
  derivedValue,
  editRoute,
  formatValue,
  listRows,
  removeRow,
  resolveBound,
  rollRequestOf,
  setRowValue,
  sourceValue,
  trackBoxes,
  type Viewer,
} from './sheetModel';

const SHEET: Sheet = (() => {
  const parsed = parseSheet({
    format: 1,
    actorType: 'character',
    title: { field: 'name' },
    defaults: {
      abilities: { str: 10 },
      slots: 0,
      size: 'medium',
      notes: '',
      saves: 0,
      attacks: [],
    },
    prompts: {
      mode: {
        key: 'mode',
        label: 'Mode',
        type: 'select',
        options: [
          { value: 'normal', label: 'Normal' },
          { value: 'advantage', label: 'Advantage' },
        ],
      },
    },
    sections: [
      {
        title: 'Main',
        fields: [
          { label: 'Name', field: 'name', type: 'text', editable: 'owner' },
          {
            label: 'Strength',
            field: 'data.abilities.str',
            type: 'number',
            min: 1,
            max: 30,
            editable: 'owner',
            badge: { derived: 'mods.str', format: 'signed' },
            roll: {
              label: 'Strength check',
              notation: '1d20+@mods.str',
              options: { kind: 'check' },
              ask: ['mode'],
            },
          },
          { label: 'Slots used', field: 'data.slots', type: 'number', min: 0, max: '@slots.max' },
          {
            label: 'Size',
            field: 'data.size',
            type: 'select',
            editable: 'gm',
            options: [
              { value: 'small', label: 'Small' },
              { value: 'medium', label: 'Medium' },
            ],
          },
          { label: 'Notes', field: 'data.notes', type: 'textarea', maxLength: 10 },
          { label: 'Saves', field: 'data.saves', type: 'track', max: 3 },
          { label: 'Modifier', derived: 'mods.str', format: 'signed' },
          {
            label: 'Attacks',
            field: 'data.attacks',
            type: 'list',
            editable: 'owner',
            max: 2,
            newItem: { name: '', bonus: 0 },
            fields: [
              { label: 'Name', field: 'name', type: 'text' },
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
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.sheet;
})();

const fields = SHEET.sections[0]?.fields ?? [];
const field = <T>(label: string) => fields.find((f) => f.label === label) as T;
type Value = Parameters<typeof checkFieldValue>[0];

const actor = {
  name: 'Ana',
  data: {
    abilities: { str: 14 },
    slots: 1,
    size: 'medium',
    notes: '',
    saves: 1,
    attacks: [{ name: 'Axe', bonus: 3 }],
  },
};
const values = { actor, derived: { mods: { str: 2 }, slots: { max: 2 } } };

const viewer = (fields: Partial<Viewer>): Viewer => ({
  isGm: false,
  validating: false,
  isOwner: false,
  deviceKnown: true,
  ...fields,
});

describe('field paths and values', () => {
  it('reads the name and data paths of the actor, and derive paths of its output', () => {
    expect(boundValue(actor, 'name')).toBe('Ana');
    expect(boundValue(actor, 'data.abilities.str')).toBe(14);
    expect(boundValue(actor, 'data.abilities.dex')).toBeUndefined();
    expect(actorPath('data.abilities.str')).toEqual(['data', 'abilities', 'str']);
    expect(actorPath('name')).toEqual(['name']);
    expect(derivedValue(field('Modifier'), values)).toBe(2);
    expect(sourceValue({ field: 'data.slots' }, values)).toBe(1);
  });

  it('merges derive’s output into what the sheet shows, and shows nothing of it while it is unknown', () => {
    expect(derivedValue(field('Modifier'), { actor, derived: null })).toBeUndefined();
    expect(formatValue(undefined)).toBe('—');
    expect(formatValue(2, 'signed')).toBe('+2');
    expect(formatValue(-1, 'signed')).toBe('−1');
    expect(formatValue(24, 'of')).toBe('of 24');
    expect(formatValue(15, 'plain', 'lb')).toBe('15 lb');
    expect(formatValue(true)).toBe('yes');
  });

  it('resolves bounds written as @path against data, derive and the row', () => {
    expect(resolveBound('@slots.max', values)).toBe(2);
    expect(resolveBound('@data.slots', values)).toBe(1);
    expect(resolveBound('@item.bonus', values, { bonus: 3 })).toBe(3);
    expect(resolveBound('@missing', values)).toBeUndefined();
    expect(resolveBound(5, values)).toBe(5);
  });
});

describe('editRoute', () => {
  const str = { field: 'data.abilities.str', editable: 'owner' as const };
  const size = { field: 'data.size', editable: 'gm' as const };
  const name = { field: 'name', editable: 'owner' as const };

  it('lets the validating GM write anything, a GM’s other device ask, and send the name', () => {
    expect(editRoute(size, viewer({ isGm: true, validating: true }))).toBe('gm');
    expect(editRoute(name, viewer({ isGm: true, validating: true }))).toBe('gm');
    expect(editRoute(name, viewer({ isGm: true }))).toBe('gm');
    expect(editRoute(size, viewer({ isGm: true }))).toBe('intent');
    expect(editRoute({ field: 'data.hp' }, viewer({ isGm: true }))).toBe('intent');
  });

  it('lets an owner write player-editable fields and ask for the rest', () => {
    expect(editRoute(str, viewer({ isOwner: true }))).toBe('direct');
    expect(editRoute(name, viewer({ isOwner: true }))).toBe('direct');
    expect(editRoute(size, viewer({ isOwner: true }))).toBe('intent');
    expect(editRoute({ field: 'data.hp' }, viewer({ isOwner: true }))).toBe('intent');
  });

  it('sends an owner’s edit as an intent until the audit knows the device, and never the name', () => {
    expect(editRoute(str, viewer({ isOwner: true, deviceKnown: false }))).toBe('intent');
    expect(editRoute(name, viewer({ isOwner: true, deviceKnown: false }))).toBe('none');
  });

  it('gives a player who does not own the actor no way to edit it', () => {
    expect(editRoute(str, viewer({}))).toBe('none');
    expect(editRoute(size, viewer({}))).toBe('none');
  });
});

describe('checkFieldValue', () => {
  it('refuses numbers out of bounds, bounds read from derive included', () => {
    const str = field<Value>('Strength');
    expect(checkFieldValue(str, 18, values)).toBeNull();
    expect(checkFieldValue(str, 31, values)).toBe('Strength must be at most 30');
    expect(checkFieldValue(str, 0, values)).toBe('Strength must be at least 1');
    expect(checkFieldValue(str, Number.NaN, values)).toBe('Strength must be a number');
    expect(checkFieldValue(field<Value>('Slots used'), 3, values)).toBe(
      'Slots used must be at most 2',
    );
  });

  it('refuses a select value outside the options, too long text, an empty name, a track past its boxes', () => {
    expect(checkFieldValue(field<Value>('Size'), 'huge', values)).toBe(
      'Size must be one of its options',
    );
    expect(checkFieldValue(field<Value>('Size'), 'small', values)).toBeNull();
    expect(checkFieldValue(field<Value>('Notes'), 'x'.repeat(11), values)).toBe(
      'Notes must have at most 10 characters',
    );
    expect(checkFieldValue(field<Value>('Name'), '  ', values)).toBe('A name cannot be empty');
    expect(checkFieldValue(field<Value>('Saves'), 4, values)).toBe('Saves has 3 boxes');
    expect(checkFieldValue(field<Value>('Saves'), 1.5, values)).toBe(
      'Saves must be a whole number from 0',
    );
    expect(trackBoxes(field('Saves'), values)).toBe(3);
  });
});

describe('lists', () => {
  const attacks = field<Parameters<typeof addRow>[0]>('Attacks');

  it('adds newItem, removes and edits rows without touching the others', () => {
    const rows = listRows(attacks, actor);
    expect(addRow(attacks, rows)).toEqual([
      { name: 'Axe', bonus: 3 },
      { name: '', bonus: 0 },
    ]);
    expect(removeRow(rows, 0)).toEqual([]);
    const bonus = attacks.fields[1] as Parameters<typeof setRowValue>[2];
    expect(setRowValue(rows, 0, bonus, 5)).toEqual([{ name: 'Axe', bonus: 5 }]);
    expect(rows).toEqual([{ name: 'Axe', bonus: 3 }]);
  });

  it('refuses a row past the list’s max', () => {
    expect(() => addRow(attacks, [{}, {}])).toThrow('Attacks holds at most 2 rows');
  });
});

describe('rollRequestOf', () => {
  it('resolves the notation for the actor and row, with the button’s options and the answers', () => {
    const str = field<{ roll: Parameters<typeof rollRequestOf>[0] }>('Strength');
    expect(rollRequestOf(str.roll, values, { mode: 'advantage' })).toEqual({
      notation: '1d20+2',
      label: 'Strength check',
      options: { kind: 'check', mode: 'advantage' },
    });
    const attack = field<{ fields: { roll: Parameters<typeof rollRequestOf>[0] }[] }>('Attacks');
    const button = attack.fields[1]?.roll as Parameters<typeof rollRequestOf>[0];
    expect(rollRequestOf(button, values, {}, { bonus: 3 }).notation).toBe('1d20+3+2');
    const labelled = { ...button, options: { label: 'Axe attack', kind: 'attack' } };
    expect(rollRequestOf(labelled, values, {}, { bonus: 3 })).toMatchObject({
      label: 'Axe attack',
      options: { kind: 'attack' },
    });
  });

  it('names the reference that is missing while derive’s output is unknown', () => {
    const str = field<{ roll: Parameters<typeof rollRequestOf>[0] }>('Strength');
    expect(() => rollRequestOf(str.roll, { actor, derived: null })).toThrow(
      '@mods.str is nothing: it must be a number or a dice code',
    );
  });
});
