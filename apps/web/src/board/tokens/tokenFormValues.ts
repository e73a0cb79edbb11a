/**
 * The token form's text fields and the change they make: pure, so what a GM may type is tested
 * without a browser. The token schema has the last word when the change is saved.
 */
import type { Token } from '@meshtable/schema';

/** The form's fields, as typed. */
export interface TokenFormValues {
  readonly name: string;
  readonly size: string;
  /** An actor id, or '' for none. */
  readonly actorId: string;
  /** The user id of the member who moves it, or '' for GMs only. */
  readonly owner: string;
  readonly conditions: string;
  /** The image's asset SHA-256, or '' for none (the token shows its initials). */
  readonly image: string;
}

/** The fields as the form first shows them: a token's, or a new token's. */
export function tokenFormValues(token: Token | undefined): TokenFormValues {
  return {
    name: token?.name ?? '',
    size: String(token?.size ?? 1),
    actorId: token?.actorId ?? '',
    owner: token?.owners[0] ?? '',
    conditions: (token?.conditions ?? []).join(', '),
    image: token?.image ?? '',
  };
}

/** The token's fields the form asks for, or what is wrong with what was typed. */
export type TokenPatchParse =
  | {
      readonly ok: true;
      readonly result: Pick<Token, 'name' | 'size' | 'actorId' | 'owners' | 'conditions' | 'image'>;
    }
  | { readonly ok: false; readonly problem: string };

/**
 * Reads the form.
 * @param owners the token's owners before: the form edits the first and keeps the others
 *   ("GMs only" takes them all away)
 */
export function tokenPatchOf(values: TokenFormValues, owners: readonly string[]): TokenPatchParse {
  const name = values.name.trim();
  if (name === '') return { ok: false, problem: 'The token needs a name.' };
  if (name.length > 100) return { ok: false, problem: 'A name is at most 100 characters.' };
  const size = Number(values.size.trim());
  if (values.size.trim() === '' || !Number.isFinite(size) || size < 0.25 || size > 100) {
    return {
      ok: false,
      problem: `The size must be a number of cells from 0.25 to 100, not “${values.size}”.`,
    };
  }
  const conditions = [
    ...new Set(
      values.conditions
        .split(',')
        .map((condition) => condition.trim())
        .filter((condition) => condition !== ''),
    ),
  ];
  const tooLong = conditions.find((condition) => condition.length > 64);
  if (tooLong !== undefined) {
    return {
      ok: false,
      problem: `A condition is at most 64 characters: “${tooLong.slice(0, 20)}…”.`,
    };
  }
  const image = values.image.trim().toLowerCase();
  if (image !== '' && !/^[0-9a-f]{64}$/.test(image)) {
    return {
      ok: false,
      problem: 'The image must be an uploaded image’s SHA-256 (64 hex digits), or empty.',
    };
  }
  const others = owners.slice(1).filter((owner) => owner !== values.owner);
  return {
    ok: true,
    result: {
      name,
      size,
      actorId: values.actorId === '' ? null : values.actorId,
      owners: values.owner === '' ? [] : [values.owner, ...others],
      conditions,
      image: image === '' ? null : image,
    },
  };
}
