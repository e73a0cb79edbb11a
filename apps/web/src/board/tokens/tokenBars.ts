/**
 * The bars drawn on a token (hit points and the like), at most two. Where they come from, first
 * found wins:
 * 1. the token's own `bars` (a GM-set marker, or a token that stands for no actor);
 * 2. `bars` in what the module's `derive` returns for the token's actor:
 *    `[{ value, max, color? }]`, the way a game system says what matters on the map;
 * 3. the actor's `data.hp` against `maxHp` (derived, else `data.maxHp`): what most systems call
 *    hit points, so a module that says nothing still gets a health bar.
 */
import type { Actor, Token, TokenBar } from '@meshtable/schema';

/** The most bars a token shows. */
export const MAX_TOKEN_BARS = 2;

/** The colour of a bar that names none, and of the hit-point bar. */
export const DEFAULT_BAR_COLOR = '#d0342c';

const COLOR = /^#[0-9a-fA-F]{6}$/;

/**
 * The bars of a token.
 * @param actor the token's actor, if it has one and it is readable
 * @param derived what `derive` returned for that actor, if the module has run it
 */
export function tokenBars(
  token: Pick<Token, 'bars'>,
  actor: Pick<Actor, 'data'> | undefined,
  derived: unknown,
): TokenBar[] {
  if (token.bars.length > 0) return token.bars.slice(0, MAX_TOKEN_BARS);
  const fromDerive = derivedBars(derived);
  if (fromDerive.length > 0) return fromDerive;
  if (actor === undefined) return [];
  const hp = actor.data.hp;
  const max = numberField(derived, 'maxHp') ?? actor.data.maxHp;
  if (!isFiniteNumber(hp) || !isFiniteNumber(max) || max <= 0) return [];
  return [{ value: hp, max, color: DEFAULT_BAR_COLOR }];
}

/** How full a bar is, from 0 to 1 (a value past its max shows full; a negative one, empty). */
export function barFill(bar: Pick<TokenBar, 'value' | 'max'>): number {
  if (!(bar.max > 0)) return 0;
  return Math.min(1, Math.max(0, bar.value / bar.max));
}

function derivedBars(derived: unknown): TokenBar[] {
  if (!isObject(derived) || !Array.isArray(derived.bars)) return [];
  const bars: TokenBar[] = [];
  for (const item of derived.bars) {
    if (bars.length === MAX_TOKEN_BARS) break;
    if (!isObject(item) || !isFiniteNumber(item.value) || !isFiniteNumber(item.max)) continue;
    const color =
      typeof item.color === 'string' && COLOR.test(item.color) ? item.color : DEFAULT_BAR_COLOR;
    bars.push({ value: item.value, max: item.max, color });
  }
  return bars;
}

function numberField(value: unknown, key: string): number | undefined {
  if (!isObject(value)) return undefined;
  const field = value[key];
  return isFiniteNumber(field) ? field : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
