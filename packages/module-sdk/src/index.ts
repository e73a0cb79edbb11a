/**
 * @meshtable/module-sdk — what a game-system module is written against.
 */
export type {
  Change,
  CommandResult,
  HookName,
  HookResults,
  JsonObject,
  JsonValue,
  RollHookResult,
  ValidateResult,
} from '@meshtable/sandbox';
