/**
 * What a module's hooks receive and return, as types. The result types are the sandbox's own
 * (the host checks every result against them); the argument types are the contract the campaign
 * engine calls hooks with. A module is plain JavaScript: these types serve its editor (through
 * JSDoc `@type` annotations in rules.js) and its tests (through the harness).
 */
import type { RollResult } from '@meshtable/dice';
import type {
  CHANGE_COLLECTIONS,
  CommandResult,
  HookResults,
  JsonObject,
  JsonValue,
} from '@meshtable/sandbox';

/** A record map of the table doc that hooks read and `apply` changes may touch. */
export type ChangeCollection = (typeof CHANGE_COLLECTIONS)[number];

/**
 * A character, creature or vehicle: the fields every module can rely on, and `data`, which is the
 * module's own (what its sheet edits: abilities, skills, hit points, gear).
 * @typeParam Data the module's shape of `data`
 */
export interface Actor<Data extends JsonObject = JsonObject> {
  readonly id: string;
  /** The actor type, a key of the manifest's `sheets` (`"character"`, `"npc"`, …). */
  readonly type: string;
  readonly name: string;
  /** The userIds of the players who control it; empty when only the GM does. */
  readonly owners: readonly string[];
  readonly data: Data;
}

/**
 * A token on a scene; it may stand for an actor. Its position is its top-left corner in scene
 * pixels: the scene's `grid.size` is the size of a cell in pixels, so a distance in cells is the
 * difference in pixels divided by it.
 */
export interface Token {
  readonly id: string;
  readonly sceneId: string;
  /** The actor it stands for, or null for a plain marker. */
  readonly actorId: string | null;
  readonly name?: string;
  readonly x: number;
  readonly y: number;
  /** Its size in cells (1 for a medium creature). */
  readonly size?: number;
  readonly rotation?: number;
  /** Condition markers shown on it (`prone`, `stunned`). */
  readonly conditions?: readonly string[];
  /** The members who may move it, besides the GMs. */
  readonly owners?: readonly string[];
}

/** A scene's grid, as `state.scenes[id].grid`. */
export interface Grid {
  readonly type: 'square' | 'hexRows' | 'hexColumns' | 'none';
  /** The size of a cell in scene pixels. */
  readonly size: number;
  readonly offsetX: number;
  readonly offsetY: number;
  /** What one cell measures, in `units` (5 ft, 1.5 m). */
  readonly distance: number;
  readonly units: string;
}

/** A scene, as `state.scenes[id]`. */
export interface Scene {
  readonly id: string;
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly grid: Grid;
}

/** A member of the table as hooks see them: `state.members[userId]`. */
export interface MemberSummary {
  readonly name: string;
  /** GMs may do anything; a module may let them do more than players. */
  readonly role: 'gm' | 'player';
  readonly status: 'member' | 'pending' | 'left' | 'kicked';
}

/**
 * A request a player made, as the GM validator hands it to `validate` and `apply` after checking
 * its signature and the author's membership (the signature itself is not passed).
 * @typeParam Kind the intent kinds the module knows
 * @typeParam Payload what those kinds carry
 */
export interface Intent<Kind extends string = string, Payload extends JsonValue = JsonValue> {
  /** Unique per intent; also part of the roll seed, so two intents never share dice. */
  readonly id: string;
  /** What the player asks for: `"move"`, `"attack"`, … (the module defines the kinds). */
  readonly kind: Kind;
  readonly payload: Payload;
  /** The userId of the player who signed it. */
  readonly author: string;
  /** The author's sequence number: intents of one author are processed in this order. */
  readonly seq: number;
}

/**
 * The table as a hook sees it: records by collection and id, frozen (a hook that writes to it
 * fails with a TypeError). A collection the intent does not concern may be absent.
 */
export interface TableState {
  readonly actors?: Readonly<Record<string, Actor>>;
  readonly tokens?: Readonly<Record<string, Token>>;
  readonly scenes?: Readonly<Record<string, Scene>>;
  /** Who is at the table, by userId: tells a GM's intents from a player's. */
  readonly members?: Readonly<Record<string, MemberSummary>>;
  readonly handouts?: Readonly<Record<string, JsonObject>>;
  readonly combat?: Readonly<Record<string, JsonObject>>;
}

/**
 * What `roll` interprets: the notation to roll and the module's own options (advantage, a
 * target number, the ability to add). Made by the module's sheets and commands.
 */
export type RollHookRequest = { readonly notation: string } & JsonObject;

/** The input of a chat command: what the user typed after `/name `, and who speaks. */
export interface CommandInput {
  /** The text after the command's name, trimmed (`"goblin-2"` for `/attack goblin-2`). */
  readonly text: string;
  /** The actor the user speaks as, when one is selected. */
  readonly actor?: Actor;
}

/** The dice of one call, drawn from the call's seed: the same seed gives the same dice everywhere. */
export interface ModuleDice {
  /**
   * Rolls a notation (`"4d6kh3"`, `"2d20kh1+5"`, `"8d6>=5"`) and returns every die with its flags.
   * @throws RangeError when the notation is invalid or the call's dice run out
   */
  roll(notation: string): RollResult;
  /** One die from 1 to `sides`. */
  die(sides: number): number;
  /** `count` dice from 1 to `sides`, in the order drawn. */
  pool(count: number, sides: number): readonly number[];
}

/**
 * The last argument of every hook: the only authority a module has. Valid during the call only;
 * a context kept aside throws when used later.
 */
export interface ModuleContext {
  readonly dice: ModuleDice;
  /**
   * Keeps a line for the author (values other than strings are written as JSON). Shown by
   * `meshtable module call` on stderr and returned by the harness; never shown to players.
   */
  log(...values: unknown[]): void;
}

/** `derive(actor, ctx)`: the computed fields of a sheet (modifiers, totals, defenses). */
export type DeriveHook = (actor: Actor, ctx: ModuleContext) => HookResults['derive'];

/** `roll(request, ctx)`: rolls and interprets (advantage, hits and glitches, a wild die). */
export type RollHook = (request: RollHookRequest, ctx: ModuleContext) => HookResults['roll'];

/** `initiative(actor, ctx)`: the actor's initiative; higher goes first. */
export type InitiativeHook = (actor: Actor, ctx: ModuleContext) => HookResults['initiative'];

/** `validate(intent, state, ctx)`: may the intent happen? `{ ok: false, reason }` tells the player why not. */
export type ValidateHook = (
  intent: Intent,
  state: TableState,
  ctx: ModuleContext,
) => HookResults['validate'];

/**
 * `apply(intent, state, ctx)`: what a validated intent changes, as a list of changes, or as
 * `{ changes, result }` where `result` is what the receipt shows the table (an attack's roll).
 */
export type ApplyHook = (
  intent: Intent,
  state: TableState,
  ctx: ModuleContext,
) => HookResults['apply'];

/** A chat command's function: what to post, roll or ask for. */
export type ChatCommandRun = (input: CommandInput, ctx: ModuleContext) => CommandResult;

/**
 * An entry of `exports.commands`: a function, or `{ run, description }` (the description is
 * what the chat's command list shows, at most 200 characters). Names are 1 to 32 of a-z, 0-9
 * and `-`, starting with a letter.
 */
export type ChatCommand =
  | ChatCommandRun
  | { readonly description?: string; readonly run: ChatCommandRun };

/**
 * Everything a rules.js may export; every hook is optional, and nothing else may be exported.
 * Hooks are synchronous and pure: all they may use is their arguments and `ctx`.
 */
export interface RulesModule {
  derive?: DeriveHook;
  roll?: RollHook;
  initiative?: InitiativeHook;
  validate?: ValidateHook;
  apply?: ApplyHook;
  commands?: Readonly<Record<string, ChatCommand>>;
}
