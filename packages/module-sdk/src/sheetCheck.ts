/**
 * The harness's view of a module's data files: checked once at load with the schema package's
 * `checkModuleContent` (the same check as `meshtable module check`), actors made from a sheet's
 * defaults or a compendium entry, and a sheet checked against what derive returns.
 */
import { parseNotation } from '@meshtable/dice';
import type { JsonObject } from '@meshtable/sandbox';
import { type ModuleBundle, SandboxError } from '@meshtable/sandbox';
import {
  checkModuleContent,
  checkSheetValues,
  describeContentProblem,
  describeContentProblems,
  type ModuleContent,
  mergeActorData,
  type ResolvedRoll,
  type Sheet,
} from '@meshtable/schema';
import type { Actor } from './types';

/** A sheet that does not fit what derive returns for an actor. */
export class SheetCheckError extends Error {
  override readonly name = 'SheetCheckError';

  /** @internal */
  constructor(
    /** The actor type of the sheet. */
    readonly actorType: string,
    /** Each problem: `sheets/<file>: <place>: <what>`. */
    readonly problems: readonly string[],
  ) {
    super(`the ${actorType} sheet does not fit derive's output:\n  ${problems.join('\n  ')}`);
  }
}

/** What {@link checkSheet} returns when the sheet fits. */
export interface SheetCheck {
  /** What derive returned for the actor. */
  readonly derived: JsonObject;
  /** Every roll button's notation, resolved for the actor (and each list row). */
  readonly rolls: readonly ResolvedRoll[];
}

/** Options of {@link newActor}: what differs from a fresh actor of the type. */
export interface NewActorOptions {
  readonly id?: string;
  readonly name?: string;
  readonly owners?: readonly string[];
  /** Laid over the sheet's defaults, as a compendium entry's data is. */
  readonly data?: JsonObject;
}

/**
 * The checked data files of a bundle.
 * @throws {SandboxError} `MODULE_INVALID_MANIFEST`, naming each file and the place in it
 */
export function contentOf(bundle: ModuleBundle): ModuleContent {
  const check = checkModuleContent(bundle.manifest, bundle.files);
  if (check.ok) return check.content;
  throw new SandboxError('MODULE_INVALID_MANIFEST', describeContentProblems(check.problems));
}

/** The sheet of an actor type, or a RangeError naming the types there are. */
export function sheetOf(content: ModuleContent, actorType: string): Sheet {
  const sheet = Object.hasOwn(content.sheets, actorType) ? content.sheets[actorType] : undefined;
  if (sheet === undefined) {
    const types = Object.keys(content.sheets);
    throw new RangeError(
      `the module has no "${actorType}" sheet (its sheets: ${types.length === 0 ? 'none' : types.join(', ')})`,
    );
  }
  return sheet;
}

/**
 * A new actor of a type, as the app makes one: the sheet's defaults, with `options.data` laid
 * over them (objects merge key by key; other values replace).
 */
export function newActor(
  content: ModuleContent,
  actorType: string,
  options: NewActorOptions = {},
): Actor {
  const sheet = sheetOf(content, actorType);
  const data = mergeActorData(sheet.defaults, options.data ?? {}) as JsonObject;
  return {
    id: options.id ?? `new-${actorType}`,
    type: actorType,
    name: options.name ?? `New ${actorType}`,
    owners: options.owners ?? [],
    data: structuredClone(data),
  };
}

/**
 * Checks a sheet against an actor and what derive returned for it: every derived path and
 * reference exists, and every roll button resolves to a notation the dice language accepts.
 * @param file the sheet's path in the module, for messages
 * @throws {SheetCheckError} listing every problem
 */
export function checkSheet(
  sheet: Sheet,
  file: string,
  actor: Actor,
  derived: JsonObject,
): SheetCheck {
  const { problems, rolls } = checkSheetValues(sheet, actor.data, derived);
  const messages = problems.map((problem) =>
    describeContentProblem({ field: `sheets.${sheet.actorType}`, file, ...problem }),
  );
  for (const roll of rolls) {
    try {
      parseNotation(roll.notation);
    } catch (error) {
      const place = [...roll.at, 'roll', 'notation'].join('.');
      messages.push(
        `${file}: ${place}: "${roll.notation}" is not valid dice: ${(error as Error).message}`,
      );
    }
  }
  if (messages.length > 0) throw new SheetCheckError(sheet.actorType, messages);
  return { derived, rolls };
}
