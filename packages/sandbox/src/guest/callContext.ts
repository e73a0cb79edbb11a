/**
 * The `ctx` a hook receives: the only authority a module has. `ctx.dice` draws from the call's
 * seed and records every die; `ctx.log` keeps a few short lines for the author. One hardened
 * context serves every call of a compartment; it reads the current call from a slot that is
 * empty between calls, so a context a module kept aside is useless afterwards.
 */
// The globals lockdown, harden and Compartment: the worker entry loads SES before this file.

import {
  createSeededDice,
  type DiceSource,
  MAX_DIE_SIDES,
  parseSeedHex,
  rollWith,
} from '@meshtable/dice';
import type {} from 'ses';
import type { DieDraw } from '../protocol';
import { copyOutToJson } from './copyOut';
import { describeThrown } from './describeThrown';

/** Limits of what one call may draw and log. */
export const CALL_LIMITS = Object.freeze({
  /** Dice drawn in one call (each die of each roll counts). */
  maxDraws: 10_000,
  /** Dice in one `ctx.dice.pool`. */
  maxPool: 1000,
  /** Notation length for `ctx.dice.roll`. */
  maxNotationLength: 1000,
  /** Lines kept by `ctx.log`; later lines are counted, not kept. */
  maxLogLines: 50,
  /** Characters kept of each log line. */
  maxLogLineLength: 1000,
});

/** What one call recorded, read by the runtime when the call ends. */
export interface CallRecord {
  readonly seed: string | null;
  readonly draws: DieDraw[];
  readonly logs: string[];
  droppedLogs: number;
  dice: DiceSource | null;
}

/** The context and the slot the runtime sets around each call. */
export interface CallContextSlot {
  readonly ctx: object;
  begin(seed: string | null): CallRecord;
  end(): void;
}

/** Makes the hardened `ctx` for one compartment. */
export function makeCallContext(): CallContextSlot {
  let current: CallRecord | null = null;

  const record = (what: string): CallRecord => {
    if (current === null) throw new TypeError(`${what} can only be used during a hook call`);
    return current;
  };

  const source = (call: CallRecord): DiceSource => {
    if (call.dice !== null) return call.dice;
    if (call.seed === null) {
      throw new TypeError(
        'this call has no dice seed, so it cannot roll (pass a seed with the call)',
      );
    }
    const stream = createSeededDice(parseSeedHex(call.seed));
    // The evaluator draws through this recorder too, so every die of every roll is recorded.
    call.dice = { nextInt: (sides) => recordDraw(call, stream, sides) };
    return call.dice;
  };

  const recordDraw = (call: CallRecord, stream: DiceSource, sides: number): number => {
    if (call.draws.length >= CALL_LIMITS.maxDraws) {
      throw new RangeError(`a call may draw at most ${CALL_LIMITS.maxDraws} dice`);
    }
    const value = stream.nextInt(sides);
    call.draws.push({ sides, value });
    return value;
  };

  const checkSides = (sides: unknown, what: string): number => {
    if (
      typeof sides !== 'number' ||
      !Number.isInteger(sides) ||
      sides < 1 ||
      sides > MAX_DIE_SIDES
    ) {
      throw new RangeError(`${what}: sides must be a whole number from 1 to ${MAX_DIE_SIDES}`);
    }
    return sides;
  };

  const dice = {
    /** Rolls a notation (`"4d6kh3"`, `"8d6>=5"`) and returns the full result with every die. */
    roll(notation: unknown) {
      const call = record('ctx.dice.roll');
      if (typeof notation !== 'string' || notation.length > CALL_LIMITS.maxNotationLength) {
        throw new TypeError(
          `ctx.dice.roll takes a notation string of at most ${CALL_LIMITS.maxNotationLength} characters`,
        );
      }
      const dice = source(call); // outside the try: a call without a seed says so plainly
      try {
        return harden(rollWith(notation, dice));
      } catch (error) {
        // A fresh intrinsic error: the dice package's own error classes must not reach the guest.
        throw new RangeError(`ctx.dice.roll("${notation}"): ${describeThrown(error)}`);
      }
    },
    /** One die from 1 to `sides`. */
    die(sides: unknown) {
      const call = record('ctx.dice.die');
      return source(call).nextInt(checkSides(sides, 'ctx.dice.die'));
    },
    /** `count` dice from 1 to `sides`, in the order drawn. */
    pool(count: unknown, sides: unknown) {
      const call = record('ctx.dice.pool');
      if (
        typeof count !== 'number' ||
        !Number.isInteger(count) ||
        count < 0 ||
        count > CALL_LIMITS.maxPool
      ) {
        throw new RangeError(
          `ctx.dice.pool: count must be a whole number from 0 to ${CALL_LIMITS.maxPool}`,
        );
      }
      const checked = checkSides(sides, 'ctx.dice.pool');
      const faces: number[] = [];
      for (let i = 0; i < count; i++) faces.push(source(call).nextInt(checked));
      return harden(faces);
    },
  };

  const ctx = harden({
    dice,
    /** Keeps a line for the author (printed by `meshtable module call`, shown by the harness). */
    log(...values: unknown[]) {
      const call = record('ctx.log');
      if (call.logs.length >= CALL_LIMITS.maxLogLines) {
        call.droppedLogs++;
        return;
      }
      let line = values.map(formatLogValue).join(' ');
      if (line.length > CALL_LIMITS.maxLogLineLength) {
        line = `${line.slice(0, CALL_LIMITS.maxLogLineLength)}…`;
      }
      call.logs.push(line);
    },
  });

  return {
    ctx,
    begin(seed) {
      current = { seed, draws: [], logs: [], droppedLogs: 0, dice: null };
      return current;
    },
    end() {
      current = null;
    },
  };
}

function formatLogValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  try {
    return copyOutToJson(value, CALL_LIMITS.maxLogLineLength, 'a log value');
  } catch {
    return '[not printable]';
  }
}
