/**
 * @meshtable/module-sdk — what a game-system module is written against: the hooks with their
 * arguments and results, the `ctx` they receive, the limits the sandbox enforces, and the
 * formats of its data files (sheets, compendium) with the helpers a test checks them with.
 * Runtime-neutral; the test harness (Node) is `@meshtable/module-sdk/harness`.
 * docs/modules/README.md is the author's guide.
 */
export type { DiceTermRoll, DieRoll, GroupRoll, RollResult, TermRoll } from '@meshtable/dice';
export type {
  Change,
  CommandInfo,
  CommandResult,
  DieDraw,
  HookName,
  HookResults,
  JsonObject,
  JsonValue,
  ModuleManifest,
  RollHookResult,
  SandboxErrorCode,
  ValidateResult,
} from '@meshtable/sandbox';
export {
  CALL_LIMITS,
  CHANGE_COLLECTIONS,
  HOOK_ARITY,
  HOOK_NAMES,
  MAX_BUDGET_MS,
  MODULE_API_VERSION,
  MODULE_LIMITS,
  SANDBOX_DEFAULTS,
} from '@meshtable/sandbox';
export type {
  BoundField,
  Compendium,
  CompendiumEntry,
  DerivedField,
  ListField,
  ModuleContent,
  ResolvedRoll,
  RollButton,
  RollQuestion,
  RowField,
  Sheet,
  SheetField,
} from '@meshtable/schema';
export {
  COMPENDIUM_FORMAT,
  checkActorData,
  checkSheetValues,
  derivedPathsOf,
  FIELD_TYPES,
  ITEM_TYPE,
  mergeActorData,
  resolveNotation,
  SHEET_FORMAT,
  SHEET_LIMITS,
  valueAtPath,
} from '@meshtable/schema';
export type {
  Actor,
  ApplyHook,
  ChangeCollection,
  ChatCommand,
  ChatCommandRun,
  CommandInput,
  DeriveHook,
  Grid,
  InitiativeHook,
  Intent,
  MemberSummary,
  ModuleContext,
  ModuleDice,
  RollHook,
  RollHookRequest,
  RulesModule,
  Scene,
  TableState,
  Token,
  ValidateHook,
} from './types';
