/**
 * Picks the schema of a value from one of its keys before parsing it. A zod union of strict
 * objects reports "invalid input" with every branch's complaints; an author who wrote
 * `"type": "number"` wants to hear about the number field's keys only, at their own paths.
 */
import '../zodWithoutEval';
import { z } from 'zod';

/** Why no schema fits a value: a message, at a path relative to the value. */
export interface Refusal {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * A schema that asks `choose` which schema the value must match, then parses it with that one.
 * Issues of the chosen schema keep their paths, so the parent prefixes them as usual.
 */
export function dispatch<T>(choose: (value: unknown) => z.ZodType<T> | Refusal): z.ZodType<T> {
  return z.unknown().transform((value, ctx): T => {
    const chosen = choose(value);
    if (!(chosen instanceof z.ZodType)) {
      ctx.addIssue({
        code: 'custom',
        path: [...chosen.path],
        message: chosen.message,
        input: value,
      });
      return z.NEVER;
    }
    const result = chosen.safeParse(value);
    if (result.success) return result.data;
    // The chosen schema's issues are complete issues of any code; addIssue is typed for
    // custom ones only, but records whatever it is given.
    for (const issue of result.error.issues) {
      ctx.addIssue({ ...issue, input: value } as Parameters<typeof ctx.addIssue>[0]);
    }
    return z.NEVER;
  }) as unknown as z.ZodType<T>;
}

/** Whether `value` is a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Dispatches on a `type` key: `schemas[value.type]`, or a refusal naming the types there are.
 * @param what the thing being typed, for messages ("a field", "a question")
 */
export function byType<M extends Record<string, z.ZodType>>(
  what: string,
  schemas: M,
): z.ZodType<z.output<M[keyof M]>> {
  const types = Object.keys(schemas);
  return dispatch((value) => {
    if (!isObject(value)) return { path: [], message: `${what} must be an object` };
    const type = value.type;
    if (type === undefined) {
      return { path: ['type'], message: `required: one of ${types.join(', ')}` };
    }
    if (typeof type !== 'string' || !Object.hasOwn(schemas, type)) {
      return { path: ['type'], message: `must be one of ${types.join(', ')}` };
    }
    return schemas[type] as z.ZodType<z.output<M[keyof M]>>;
  });
}
