/**
 * Paths and references of a module's sheets: where a sheet field reads and writes the actor
 * (`data.abilities.might`), where a derived value sits in derive's output (`modifiers.might`),
 * and the `@path` references a roll notation or a bound (`"max": "@maxHp"`) carries.
 *
 * Keys are letters, digits and `_` only. A `-` is refused on purpose: in a notation,
 * `@sleight-of-hand` would read as `@sleight` minus `of` minus `hand`.
 */
import '../zodWithoutEval';
import { z } from 'zod';

/** One key of a path: 1 to 64 of `A–Z a–z 0–9 _`. */
const KEY = '[A-Za-z0-9_]{1,64}';
/** At most this many keys in a path (`data.a.b.c…`). */
export const MAX_PATH_KEYS = 16;

const PATH_PATTERN = new RegExp(`^${KEY}(?:\\.${KEY}){0,${MAX_PATH_KEYS - 1}}$`);
/** `@` and a path, as it appears inside a notation; the longest match is taken. */
const REF_PATTERN = /@([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)/g;

const PATH_RULE = `keys of A-Z, a-z, 0-9 and _, joined by "." (at most ${MAX_PATH_KEYS} keys)`;

/** A path into derive's output (`modifiers.might`), or into a list row (`damage`). */
export const valuePathSchema = z
  .string()
  .max(400)
  .regex(PATH_PATTERN, `must be a path of ${PATH_RULE}`);

/**
 * Where a sheet field lives on the actor: `name` (the actor's own name) or `data.<path>` (the
 * module's data).
 */
export const actorPathSchema = z
  .string()
  .max(400)
  .refine(
    (path) => path === 'name' || (path.startsWith('data.') && PATH_PATTERN.test(path)),
    `must be "name" or "data." followed by ${PATH_RULE}`,
  );

/** Where a reference points: the actor's data, a row of the list it sits in, or derive's output. */
export type RefSource = 'data' | 'item' | 'derived';

/** One `@path` reference of a sheet, read from a notation or a bound. */
export interface SheetRef {
  /** The text after `@`, as written (`data.weapon.damage`, `modifiers.might`, `item.bonus`). */
  readonly ref: string;
  readonly source: RefSource;
  /** The path inside the source: without `data.` or `item.` (`weapon.damage`, `bonus`). */
  readonly path: string;
}

/**
 * Reads a reference: `data.…` is the actor's data, `item.…` a row of the list the reference
 * sits in (only inside a list), anything else derive's output.
 */
export function classifyRef(ref: string, inList: boolean): SheetRef {
  if (ref.startsWith('data.')) return { ref, source: 'data', path: ref.slice('data.'.length) };
  if (inList && ref.startsWith('item.')) {
    return { ref, source: 'item', path: ref.slice('item.'.length) };
  }
  return { ref, source: 'derived', path: ref };
}

/** The `@path` references of a notation, in order of appearance (repeats included). */
export function refsInNotation(notation: string): string[] {
  return [...notation.matchAll(REF_PATTERN)].map((match) => match[1] as string);
}

/** Whether `path` is a well-formed path (keys joined by dots). */
export function isValuePath(path: string): boolean {
  return PATH_PATTERN.test(path);
}

/**
 * The value at a dotted path of a JSON value, or undefined when a key is missing. Array
 * elements are reached by their index (`slots.0`).
 */
export function valueAtPath(root: unknown, path: string): unknown {
  let at: unknown = root;
  for (const key of path.split('.')) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** What a reference can be resolved against. */
export interface RefValues {
  /** The actor's `data`. */
  readonly data: unknown;
  /** What `derive` returned for the actor. */
  readonly derived: unknown;
  /** The list row, for references inside a list. */
  readonly item?: unknown;
}

/**
 * Replaces each `@path` of a notation by its value: a finite number as JavaScript writes it
 * (`1d20+@mod` with mod −1 gives `1d20+-1`, which the dice language reads as a subtraction),
 * a string (a dice code) as it is.
 * @throws {RangeError} naming the first reference that is missing or neither a number nor a string
 * @example
 * ```ts
 * resolveNotation('1d20+@modifiers.might', { data: {}, derived: { modifiers: { might: 2 } } });
 * // '1d20+2'
 * ```
 */
export function resolveNotation(notation: string, values: RefValues): string {
  return notation.replace(REF_PATTERN, (_match, ref: string) => {
    const { source, path } = classifyRef(ref, values.item !== undefined);
    const value = valueAtPath(values[source], path);
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'string') return value;
    const found =
      value === undefined ? 'nothing' : `a ${Array.isArray(value) ? 'list' : typeof value}`;
    throw new RangeError(`@${ref} is ${found}: it must be a number or a dice code`);
  });
}
