import { CodedError } from '../errors/CodedError';

/** Why the combat panel could not make a change; each code is in docs/errors.md ("Combat"). */
export type CombatErrorCode =
  /** Only a GM runs an encounter (start, add, remove, turns, hand-edited initiative, end). */
  | 'COMBAT_NOT_GM'
  /** The encounter or combatant is gone (ended, removed on another device). */
  | 'COMBAT_NO_SUCH_RECORD'
  /** A running encounter on that scene already exists: one at a time per scene. */
  | 'COMBAT_ALREADY_RUNNING'
  /** The change would break the record (an initiative that is not a number): nothing written. */
  | 'COMBAT_INVALID';

/** A change to an encounter that was refused, with a message a GM can act on. */
export class CombatError extends CodedError<CombatErrorCode> {
  override readonly name = 'CombatError';
}
