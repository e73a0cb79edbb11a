/**
 * Which rules rule on an intent, in which order: the one place that splits the work between the
 * core rules (coreRules.ts) and the game system's hooks in the sandbox.
 *
 * 1. **The core's checks come first** for the core kinds (`token.move`, `roll`, `damage.apply`,
 *    `sheet.edit`, `chat.command`, `combat.initiative`): who may move a token or edit a sheet is the table's rule, not
 *    the game system's, so a careless module cannot let a player move another's token.
 * 2. **The module's `validate`**, when it exports one, is asked next, for every kind: it may
 *    refuse a core kind for a game reason (a move longer than the character's speed), and it
 *    alone admits its own kinds (`srd5e:attack`). It answers `{ ok: true }` to core kinds it has
 *    no rule on. Without it, only a GM may send a kind the core does not know.
 *    `combat.initiative` skips it: the core alone rules on it, and the module's part is its
 *    `initiative` hook (initiativeRules.ts).
 * 3. **Apply** by kind:
 *    - `token.move` and `sheet.edit`: the core, since the payload says exactly what changes;
 *    - `combat.initiative`: the module's `initiative` hook for each combatant with an actor,
 *      each with its own seed drawn from the ruling's, or else a plain d20; the results go into
 *      the encounter, re-ordered;
 *    - `roll`: the module's `roll` hook (its dice semantics: glitches, the wild die, advantage)
 *      or else the core roll; a roll changes nothing;
 *    - `chat.command`: the module's command runs, then what it asks for is ruled in turn (its
 *      roll rolled, its intent ruled from step 1 as if the same author had sent it);
 *    - `damage.apply` and the module's own kinds: the module's `apply` (its changes, and what the
 *      receipt shows, if it says); without one, the core default for damage, and for other kinds
 *      a refusal.
 *
 * Every call of one ruling gets the same seed, and every die drawn is kept for the receipt.
 */
import type {
  ApplyResult,
  CommandResult,
  DieDraw,
  HookName,
  JsonObject,
  JsonValue,
  SandboxError,
  ValidateResult,
} from '@meshtable/sandbox';
import type { GmEditPayload } from '../client/intentKinds';
import {
  type Asker,
  applyCore,
  CORE_KINDS,
  type CoreKind,
  coreRoll,
  type Ruling,
  validateCore,
} from './coreRules';
import type { RulesHost } from './GmValidator';
import {
  combatantActor,
  fallbackInitiative,
  type InitiativeRoll,
  initiativeChanges,
  initiativeSeed,
  initiativeTargets,
} from './initiativeRules';
import { recordOf, type TableSnapshot } from './tableSnapshot';

/** An intent as a module's hooks receive it (no signature: the validator checked it). */
export interface ModuleIntent {
  readonly id: string;
  readonly kind: string;
  readonly payload: JsonValue;
  readonly author: string;
  readonly seq: number;
}

/** What a ruling needs besides the intent. */
export interface RuleContext {
  /** The game system, or null for the core rules alone. */
  readonly rules: RulesHost | null;
  readonly asker: Asker;
  /** The table's records, as checked against their schemas. */
  readonly snapshot: TableSnapshot;
  /** What a module's `validate` and `apply` see: the records and a summary of the members. */
  readonly state: JsonObject;
  /** The ruling's roll seed, or null when the campaign has no dice chain. */
  readonly seed: Uint8Array | null;
}

/** The outcome of {@link ruleIntent}: a ruling, or a reason; and every die drawn on the way. */
export type RuleOutcome =
  | { readonly ok: true; readonly ruling: Ruling; readonly draws: DieDraw[] }
  | { readonly ok: false; readonly reason: string; readonly draws: DieDraw[] };

/** A refusal before any rule ran; the validator reveals no seed for it. */
const NO_CHAIN = 'this campaign has no dice chain to roll with';

/**
 * Rules on one intent.
 * @returns the ruling to commit, or the reason to reject it; never throws for a bad intent or a
 *   failing module (a module's failure is a rejection that names its error code)
 */
export async function ruleIntent(intent: ModuleIntent, context: RuleContext): Promise<RuleOutcome> {
  const draws: DieDraw[] = [];
  const outcome = await new Ruler(context, draws).rule(intent, 0);
  return { ...outcome, draws } as RuleOutcome;
}

type Verdict = { ok: true; ruling: Ruling } | { ok: false; reason: string };

/** One ruling's walk through the rules; collects the dice drawn. */
class Ruler {
  readonly #context: RuleContext;
  readonly #draws: DieDraw[];

  constructor(context: RuleContext, draws: DieDraw[]) {
    this.#context = context;
    this.#draws = draws;
  }

  /** @param depth 1 for the intent a chat command asked for; it may not ask for another */
  async rule(intent: ModuleIntent, depth: number): Promise<Verdict> {
    const { asker, snapshot } = this.#context;
    const core = isCoreKind(intent.kind) ? intent.kind : null;
    if (intent.kind === 'join' || (depth > 0 && intent.kind === 'chat.command')) {
      return no(`a command cannot ask for a "${intent.kind}"`);
    }

    if (core !== null) {
      const verdict = validateCore(core, intent.payload, asker, snapshot);
      if (!verdict.ok) return verdict;
    }
    if (core === 'chat.command') return await this.#command(intent, depth);
    if (core === 'combat.initiative') return await this.#initiative(intent.payload);
    // A GM's own edit from another device: what the GM decides is the table's rule, and each
    // record is checked against its schema when the changes are committed.
    if (core === 'gm.edit') {
      return { ok: true, ruling: { changes: (intent.payload as GmEditPayload).changes } };
    }

    if (this.#has('validate')) {
      const called = await this.#call('validate', [intent, this.#context.state]);
      if (!called.ok) return called;
      const verdict = called.value as ValidateResult;
      if (!verdict.ok) return verdict;
    } else if (core === null && !asker.isGm) {
      return no(`only the GM may do "${intent.kind}" in this game system`);
    }

    switch (core) {
      case 'token.move':
      case 'sheet.edit':
        return coreApply(core, intent.payload, snapshot);
      case 'roll':
        return await this.#roll(intent.payload);
      default: {
        if (this.#has('apply')) {
          const called = await this.#call('apply', [intent, this.#context.state]);
          if (!called.ok) return called;
          const applied = called.value as ApplyResult;
          if (Array.isArray(applied)) return { ok: true, ruling: { changes: applied } };
          return {
            ok: true,
            ruling: {
              changes: applied.changes,
              ...(applied.result === undefined ? {} : { result: applied.result }),
            },
          };
        }
        if (core === 'damage.apply') return coreApply(core, intent.payload, snapshot);
        return no(`the game system has no rule to apply "${intent.kind}"`);
      }
    }
  }

  /** A roll: the module's `roll` hook, or the core roll; it changes nothing on the table. */
  async #roll(request: JsonValue): Promise<Verdict> {
    const { seed } = this.#context;
    if (seed === null) return no(NO_CHAIN);
    if (this.#has('roll')) {
      const called = await this.#call('roll', [request]);
      if (!called.ok) return called;
      return { ok: true, ruling: { changes: [], result: called.value as JsonValue } };
    }
    try {
      return { ok: true, ruling: { changes: [], result: coreRoll(request, seed) } };
    } catch (error) {
      return no((error as Error).message);
    }
  }

  /**
   * Initiative: each combatant rolls with its own seed (initiativeSeed), through the module's
   * `initiative` hook when it has one and the combatant an actor, else a plain d20 (its draw
   * recorded, so the receipt reveals the seed). The receipt lists every roll and its dice.
   */
  async #initiative(payload: JsonValue): Promise<Verdict> {
    const { seed, snapshot } = this.#context;
    if (seed === null) return no(NO_CHAIN);
    const targets = initiativeTargets(payload, snapshot);
    if ('reason' in targets) return no(targets.reason);
    const rolls: InitiativeRoll[] = [];
    for (const combatant of targets.combatants) {
      const own = initiativeSeed(seed, combatant.id);
      const actor = combatantActor(combatant, snapshot);
      const before = this.#draws.length;
      let initiative: number;
      let by: InitiativeRoll['by'] = 'module';
      if (actor !== undefined && this.#has('initiative')) {
        const called = await this.#call('initiative', [actor], own);
        if (!called.ok) return no(`${combatant.name}'s initiative: ${called.reason}`);
        initiative = called.value as number;
      } else {
        by = 'd20';
        initiative = fallbackInitiative(own);
        this.#draws.push({ sides: 20, value: initiative });
      }
      const dice = this.#draws.slice(before).map((draw) => draw.value);
      rolls.push({ combatantId: combatant.id, name: combatant.name, initiative, dice, by });
    }
    return {
      ok: true,
      ruling: {
        changes: initiativeChanges(targets.combat, rolls),
        result: { combatId: targets.combat.id, rolls: rolls as unknown as JsonValue },
      },
    };
  }

  /**
   * A chat command: `r` and `roll` are the core's (`/r 2d6+1`); any other name is the module's.
   * The command itself changes nothing: its roll is rolled and its intent ruled like any other,
   * and the receipt's result shows all three.
   */
  async #command(intent: ModuleIntent, depth: number): Promise<Verdict> {
    const payload = intent.payload as { name: string; text: string; actorId?: string };
    let output: CommandResult;
    if (isCoreRollCommand(payload.name) && !this.#hasCommand(payload.name)) {
      output = { roll: { notation: payload.text } };
    } else if (this.#hasCommand(payload.name)) {
      const actor =
        payload.actorId === undefined
          ? undefined
          : recordOf(this.#context.snapshot, 'actors', payload.actorId);
      const input = { text: payload.text, ...(actor === undefined ? {} : { actor }) };
      const called = await this.#call('command', [payload.name, input]);
      if (!called.ok) return called;
      output = called.value as CommandResult;
    } else {
      return no(`this game system has no /${payload.name} command`);
    }

    const result: Record<string, JsonValue> = { command: payload.name };
    const changes: Ruling['changes'] = [];
    if (output.message !== undefined) result.message = output.message;
    if (output.roll !== undefined) {
      // A roll like any other, the module's validate included (a roll option that costs a
      // resource is checked on /r as on a sheet's button). The command's options come first:
      // they cannot replace its notation or label.
      const request: JsonObject = {
        ...output.roll.options,
        notation: output.roll.notation,
        ...(output.roll.label === undefined ? {} : { label: output.roll.label }),
      };
      const rolled = await this.rule({ ...intent, kind: 'roll', payload: request }, depth + 1);
      if (!rolled.ok) return no(`/${payload.name}: ${rolled.reason}`);
      result.roll = rolled.ruling.result ?? null;
    }
    if (output.intent !== undefined) {
      const asked: ModuleIntent = {
        ...intent,
        kind: output.intent.kind,
        payload: output.intent.payload,
      };
      const ruled = await this.rule(asked, depth + 1);
      if (!ruled.ok) return no(`/${payload.name}: ${ruled.reason}`);
      changes.push(...ruled.ruling.changes);
      result.intent = {
        kind: output.intent.kind,
        ...(ruled.ruling.result === undefined ? {} : { result: ruled.ruling.result }),
      };
    }
    return { ok: true, ruling: { changes, result } };
  }

  #has(hook: HookName): boolean {
    return this.#context.rules?.hooks.includes(hook) === true;
  }

  #hasCommand(name: string): boolean {
    const { rules } = this.#context;
    return rules !== null && this.#has('command') && rules.commands.some((c) => c.name === name);
  }

  /** @param seed the call's seed, when not the ruling's own (a combatant's initiative) */
  async #call(
    hook: HookName,
    args: readonly unknown[],
    seed: Uint8Array | null = this.#context.seed,
  ): Promise<{ ok: true; value: unknown } | { ok: false; reason: string }> {
    const rules = this.#context.rules as RulesHost;
    const outcome = await rules.call(hook, args as never, { seed });
    this.#draws.push(...outcome.draws);
    if (!outcome.ok) return no(failure(outcome.error));
    return { ok: true, value: outcome.value };
  }
}

/** The core's apply, its refusal (an actor without hit points) as a rejection. */
function coreApply(
  kind: Parameters<typeof applyCore>[0],
  payload: JsonValue,
  snapshot: TableSnapshot,
): Verdict {
  try {
    return { ok: true, ruling: applyCore(kind, payload, snapshot) };
  } catch (error) {
    return no((error as Error).message);
  }
}

function no(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

function failure(error: SandboxError): string {
  return `the rules failed (${error.code}): ${error.message}`;
}

function isCoreKind(kind: string): kind is CoreKind {
  return (CORE_KINDS as readonly string[]).includes(kind);
}

function isCoreRollCommand(name: string): boolean {
  return name === 'r' || name === 'roll';
}
