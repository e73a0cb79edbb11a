/**
 * The entry points: roll a notation with a seed (a pure function of both) or with any dice
 * source. Parsed notations are cached, since tables roll the same few notations all evening.
 */
import { evaluateRoll } from './evaluate/evaluate';
import type { Expr } from './notation/ast';
import { parseNotation } from './notation/parser';
import { createSeededDice } from './random/chachaDice';
import type { DiceSource } from './random/DiceSource';
import type { RollResult } from './types';

const PARSE_CACHE_LIMIT = 512;
const parseCache = new Map<string, Expr>();

/**
 * Parses a notation, from the cache when it was parsed recently. The tree is immutable.
 * @throws {DiceNotationError} when the notation is not valid
 */
export function parse(notation: string): Expr {
  let expr = parseCache.get(notation);
  if (expr === undefined) {
    expr = parseNotation(notation);
    // A plain insertion-ordered map: dropping the oldest entry is enough to bound it.
    if (parseCache.size >= PARSE_CACHE_LIMIT)
      parseCache.delete(parseCache.keys().next().value as string);
    parseCache.set(notation, expr);
  }
  return expr;
}

/**
 * Rolls `notation` with dice drawn from the ChaCha20 stream of `seed`: the same notation and seed
 * always give the same result, on every peer.
 * @throws {DiceNotationError} `DICE_SYNTAX`, `DICE_LIMIT` or `DICE_MATH`, with the position
 * @example roll('4d6kh3', seed).text // "4d6kh3: [6, 5, 3, ~~1~~] = 14"
 */
export function roll(notation: string, seed: Uint8Array): RollResult {
  return evaluateRoll(parse(notation), notation, createSeededDice(seed));
}

/**
 * Rolls `notation` with dice from `source`: for game-system modules (the sandbox hands them a
 * seeded source) and for rolling several notations from one stream.
 */
export function rollWith(notation: string, source: DiceSource): RollResult {
  return evaluateRoll(parse(notation), notation, source);
}
