/**
 * The hooks a module may export (DESIGN.md §4), how many arguments each takes, and the shape of
 * what each must return. The host checks every result against these schemas before anything
 * else sees it; a result that does not fit fails the call with `MODULE_INVALID_OUTPUT`.
 */
import '@meshtable/schema/zodWithoutEval';
import { dispatch, RECORD_MAP_NAMES } from '@meshtable/schema';
import { z } from 'zod';

/**
 * The hooks a call can name. `command` runs one of the chat commands the module exports in its
 * `commands` object: its arguments are the command's name and its input.
 */
export const HOOK_NAMES = ['derive', 'roll', 'initiative', 'validate', 'apply', 'command'] as const;

/** A hook name of {@link HOOK_NAMES}. */
export type HookName = (typeof HOOK_NAMES)[number];

/** How many arguments each hook takes, before the `ctx` the sandbox appends. */
export const HOOK_ARITY: Readonly<Record<HookName, number>> = Object.freeze({
  derive: 1,
  roll: 1,
  initiative: 1,
  validate: 2,
  apply: 2,
  command: 2,
});

/** Whether `name` is one of {@link HOOK_NAMES}. */
export function isHookName(name: unknown): name is HookName {
  return (HOOK_NAMES as readonly unknown[]).includes(name);
}

/** Any JSON value: what crosses the sandbox boundary in both directions. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

// Results arrive as JSON text that the host parses itself, so every value is JSON already: the
// schemas check structure, and free-form parts stay `unknown` rather than being walked again.
const json = z.custom<JsonValue>(() => true);
const jsonObject = z.record(z.string(), json);

const recordKey = z.string().min(1).max(200);

/** The record maps of the table doc that a module's changes may touch (all of them). */
export const CHANGE_COLLECTIONS = RECORD_MAP_NAMES;

/** One change of a table doc record (see {@link Change}). */
export const changeSchema = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('set'),
    collection: z.enum(CHANGE_COLLECTIONS),
    id: recordKey,
    /** Field path inside the record; empty replaces the whole record. */
    path: z.array(recordKey).max(16),
    value: json,
  }),
  z.strictObject({
    op: z.literal('delete'),
    collection: z.enum(CHANGE_COLLECTIONS),
    id: recordKey,
    /** Field path inside the record; empty deletes the whole record. */
    path: z.array(recordKey).max(16),
  }),
]);

/** One change of an `apply` result: set or delete a record, or a field inside one. */
export type Change = z.infer<typeof changeSchema>;

/** The result of `validate`. */
export type ValidateResult = { ok: true } | { ok: false; reason: string };

/** The result of `roll`: a free-form object; `total` and `text` are what a roll card shows first. */
export type RollHookResult = { total?: number; text?: string } & JsonObject;

/**
 * The result of a chat command: a message to post, a roll to make, an intent to send, or several.
 * A roll's `options` go to the module's `roll` hook with the notation (a difficulty, boon).
 */
export interface CommandResult {
  message?: string;
  roll?: { notation: string; label?: string; options?: JsonObject };
  intent?: { kind: string; payload: JsonValue };
}

/**
 * The result of `apply`: the changes, or the changes and what the receipt shows the table (an
 * attack's roll and whether it hit), as a roll hook's result is shown.
 */
export type ApplyResult = Change[] | { changes: Change[]; result?: JsonValue };

/** The result type of each hook. */
export interface HookResults {
  derive: JsonObject;
  roll: RollHookResult;
  initiative: number;
  validate: ValidateResult;
  apply: ApplyResult;
  command: CommandResult;
}

const changeList = z.array(changeSchema).max(10_000);
const applyObject = z.strictObject({ changes: changeList, result: json.optional() });

/** The schema of each hook's result, checked on the host side. */
export const HOOK_RESULT_SCHEMAS: { readonly [H in HookName]: z.ZodType<HookResults[H]> } = {
  derive: jsonObject,
  roll: z.looseObject({ total: z.number().optional(), text: z.string().max(10_000).optional() }),
  initiative: z.number(),
  validate: z.discriminatedUnion(
    'ok',
    [
      z.strictObject({ ok: z.literal(true) }),
      z.strictObject({ ok: z.literal(false), reason: z.string().min(1).max(1000) }),
    ],
    { error: 'must be { ok: true } or { ok: false, reason: "…" }' },
  ),
  // Picked by shape, so a bad change is reported at its own path (`result.0.collection`).
  apply: dispatch<ApplyResult>((value) =>
    Array.isArray(value)
      ? (changeList as z.ZodType<ApplyResult>)
      : typeof value === 'object' && value !== null
        ? (applyObject as z.ZodType<ApplyResult>)
        : { path: [], message: 'must be a list of changes, or { changes: […], result }' },
  ),
  command: z
    .strictObject({
      message: z.string().max(10_000).optional(),
      roll: z
        .strictObject({
          notation: z.string().min(1).max(1000),
          label: z.string().max(200).optional(),
          options: jsonObject.optional(),
        })
        .optional(),
      intent: z.strictObject({ kind: z.string().min(1).max(100), payload: json }).optional(),
    })
    .refine(
      (result) =>
        result.message !== undefined || result.roll !== undefined || result.intent !== undefined,
      'a command returns at least one of message, roll and intent',
    ),
} as { readonly [H in HookName]: z.ZodType<HookResults[H]> };
