import { describe, expect, it } from 'vitest';
import { plainDie } from '../testing/plainDie';
import type { DiceTermRoll, DieRoll, GroupRoll, RollResult } from '../types';
import { receiptDice } from './receiptDice';

const die = plainDie;

function term(notation: string, dice: DieRoll[]): DiceTermRoll {
  const value = dice.filter((d) => d.kept).reduce((sum, d) => sum + d.value, 0);
  return { kind: 'dice', notation, label: null, dice, successPool: false, value };
}

describe('receiptDice', () => {
  it('lists every die of every term in order, dropped dice included', () => {
    const result: RollResult = {
      notation: '4d6kh3+1d8',
      total: 19,
      rolls: [
        term('4d6kh3', [die(6, 6), die(6, 5), die(6, 3), die(6, 1, false)]),
        term('1d8', [die(8, 5)]),
      ],
      text: '',
    };
    expect(receiptDice(result)).toEqual([6, 5, 3, 1, 5]);
  });

  it('walks into groups entry by entry', () => {
    const group: GroupRoll = {
      kind: 'group',
      notation: '{2d6, 1d20}k1',
      label: null,
      successPool: false,
      value: 17,
      entries: [
        {
          notation: '2d6',
          value: 7,
          kept: false,
          success: false,
          failure: false,
          rolls: [term('2d6', [die(6, 3), die(6, 4)])],
        },
        {
          notation: '1d20',
          value: 17,
          kept: true,
          success: false,
          failure: false,
          rolls: [term('1d20', [die(20, 17)])],
        },
      ],
    };
    const result: RollResult = {
      notation: '1d4+{2d6, 1d20}k1',
      total: 19,
      rolls: [term('1d4', [die(4, 2)]), group],
      text: '',
    };
    expect(receiptDice(result)).toEqual([2, 3, 4, 17]);
  });

  it('is empty for a roll without dice', () => {
    expect(receiptDice({ notation: '5', total: 5, rolls: [], text: '' })).toEqual([]);
  });
});
