/**
 * What a roll card in the chat shows for a post that names an intent (`/r 2d6+1`, `/gmroll`, a
 * module command such as `/attack`): whether the GM has answered, every die, the total, what the
 * game system made of it, and whether the whole can be trusted.
 *
 * "Verified" is earned, never assumed (docs/chat.md): the receipt must be signed by a GM this
 * device trusts, its revealed seed must be the committed chain's (verifyReceipt.ts), and every
 * die must come out of that seed again here. A core roll is rolled again from the seed and must
 * give the receipt's text and total; a module's dice are drawn again, one by one, from the same
 * ChaCha20 stream the sandbox drew them from. Anything less is shown as not verified, with why.
 */
import {
  createSeededDice,
  type DieRoll,
  type DieSides,
  decodeSeedHex,
  deriveRollSeed,
  type RollResult,
  roll,
  rollWith,
  type TermRoll,
} from '@meshtable/dice';
import {
  type DiceCommitment,
  type GmKeys,
  type Receipt,
  type ReceiptRoll,
  receiptSchema,
} from '@meshtable/schema';
import { type Intent, intentSchema } from '../intents/intent';
import { verifyReceiptSignature } from '../validator/receiptSignature';
import { playerNonceOf } from '../validator/rollSeeds';
import { verifyReceiptDice } from '../validator/verifyReceipt';

/** One die on a card, with what happened to it. */
export interface RollCardDie {
  readonly sides: DieSides;
  readonly value: number;
  /** False when a keep/drop modifier dropped it. */
  readonly kept: boolean;
  /** It exploded (and spawned the next die). */
  readonly exploded: boolean;
  /** It met a success pool's target, or its critical points. */
  readonly success: boolean;
  readonly failure: boolean;
  readonly critical: 'success' | 'failure' | null;
  /** Faces it showed before rerolls. */
  readonly rerolls: readonly number[];
}

/** A group of dice as the card lays them out: a term of the notation, or a module's draws. */
export interface RollCardTerm {
  /** `4d6kh3`, or `d20` for a module's draws of one kind of die. */
  readonly notation: string;
  readonly label: string | null;
  readonly dice: readonly RollCardDie[];
}

/** Whether the card can be trusted, and if not, why. */
export type RollCardTrust =
  /** Signed by a trusted GM, and every die came out of the revealed seed again. */
  | { readonly level: 'verified' }
  /** Signed by a trusted GM; no dice were revealed to check (a command that did not roll). */
  | { readonly level: 'signed' }
  | { readonly level: 'unverified'; readonly reason: string };

/** A line of what the game system made of a roll: `hits: 3`, `glitch: true`. */
export interface RollCardFact {
  readonly name: string;
  readonly value: string;
}

/** What a card shows. */
export type RollCard =
  /** No receipt yet: the GM's device has not ruled (or is offline: the intent waits). */
  | { readonly status: 'pending' }
  /** The receipt is not one: malformed or for another intent. */
  | { readonly status: 'invalid'; readonly reason: string }
  | {
      readonly status: 'rejected';
      readonly reason: string;
      readonly trust: RollCardTrust;
    }
  | {
      readonly status: 'applied';
      readonly notation: string | null;
      readonly label: string | null;
      readonly total: number | null;
      /** The roll's compact text (`2d6+1: [3, 5]+1 = 9`), as the rules wrote it. */
      readonly text: string | null;
      readonly terms: readonly RollCardTerm[];
      /** What the game system said: a command's message, an attack's "hit". */
      readonly message: string | null;
      readonly facts: readonly RollCardFact[];
      readonly trust: RollCardTrust;
    };

/** What {@link readRollCard} reads: everything is as found in the table doc, unchecked. */
export interface RollCardSources {
  /** `receipts[intentId]` as plain JSON, or undefined when there is none. */
  readonly receipt: unknown;
  /** The author's log entries with that id (plain JSON); the one the receipt answers is used. */
  readonly intents: readonly unknown[];
  /** `meta.dice`, the chain the GM committed to. */
  readonly commitment: DiceCommitment | undefined;
  /** The GMs this device trusts (GmTrust's keys), or null while it trusts none. */
  readonly gmKeys: Readonly<GmKeys> | null;
  /** Whether the game system has a `roll` hook, when known (verifyReceiptDice's `moduleRolls`). */
  readonly moduleRolls?: boolean;
}

/** Facts a card lists at most, so a module's large result cannot flood the chat. */
const MAX_FACTS = 12;
/**
 * Result fields that are not facts for the table: shown in their own place (the total), or
 * bookkeeping (`kind`, what sort of result a module returned).
 */
const NOT_FACTS = new Set(['notation', 'total', 'text', 'label', 'message', 'command', 'kind']);

/**
 * The card for one intent.
 * @example
 * ```ts
 * const card = readRollCard({ receipt, intents, commitment: meta.dice, gmKeys: trust.keys() });
 * if (card.status === 'applied' && card.trust.level === 'verified') showVerified();
 * ```
 */
export function readRollCard(sources: RollCardSources): RollCard {
  if (sources.receipt === undefined || sources.receipt === null) return { status: 'pending' };
  const parsed = receiptSchema.safeParse(sources.receipt);
  if (!parsed.success) {
    return {
      status: 'invalid',
      reason: `the receipt is malformed: ${parsed.error.issues[0]?.message}`,
    };
  }
  const receipt = parsed.data;
  const intent = answeredIntent(receipt, sources.intents);
  const trust = trustOf(receipt, intent, sources);
  if (receipt.status === 'rejected') return { status: 'rejected', reason: receipt.reason, trust };
  const parts = resultParts(receipt.result, receipt.intentId);
  return { status: 'applied', ...parts, ...diceOf(receipt, intent, parts), trust };
}

/** The log entry the receipt answers: same id, same signature. */
function answeredIntent(receipt: Receipt, entries: readonly unknown[]): Intent | null {
  for (const entry of entries) {
    const parsed = intentSchema.safeParse(entry);
    if (parsed.success && parsed.data.id === receipt.intentId && parsed.data.sig === receipt.sig) {
      return parsed.data;
    }
  }
  return null;
}

function trustOf(receipt: Receipt, intent: Intent | null, sources: RollCardSources): RollCardTrust {
  if (sources.gmKeys === null) return unverified('this device trusts no GM of the table yet');
  if (!verifyReceiptSignature(receipt, sources.gmKeys)) {
    return unverified('the receipt is not signed by a GM of this table');
  }
  if (intent === null) return unverified('the request this receipt answers is not in the log');
  const dice = verifyReceiptDice(receipt, intent, sources.commitment, sources.moduleRolls);
  if (!dice.ok) return unverified(dice.reason);
  if (receipt.roll === undefined) return { level: 'signed' };
  const seed = rulingSeed(receipt.roll, intent);
  if (seed === null) return unverified('the revealed seed is not 32 bytes of hex');
  // A core roll was rolled again by verifyReceiptDice; a module's dice are drawn again here.
  if (receipt.roll.draws.length > 0 && !drawsRecompute(receipt.roll, seed)) {
    return unverified('the dice do not come out of the revealed seed');
  }
  return { level: 'verified' };
}

/** The seed every rule of the ruling drew from (GmValidator: nextRollSeed). */
function rulingSeed(revealed: ReceiptRoll, intent: Intent): Uint8Array | null {
  const chainSeed = decodeSeedHex(revealed.seed);
  if (chainSeed === null) return null;
  return deriveRollSeed(chainSeed, playerNonceOf(intent.payload, intent.sig), intent.id);
}

/**
 * Whether every draw comes out of one stream of the seed, in order. The sandbox starts a stream
 * per hook call; a ruling whose dice were drawn by two calls does not recompute as one stream,
 * and is shown unverified rather than given the benefit of the doubt.
 */
function drawsRecompute(revealed: ReceiptRoll, seed: Uint8Array): boolean {
  const stream = createSeededDice(seed);
  try {
    return revealed.draws.every((draw) => stream.nextInt(draw.sides) === draw.value);
  } catch {
    return false; // sides the stream refuses (0, or beyond its largest die)
  }
}

/**
 * The dice to draw: a core roll's terms with every flag, rolled again from the seed. A module's
 * draws are checked against the seed by {@link trustOf}; when the module reports the notation it
 * rolled, the draws are replayed through that notation, so its kept, dropped and exploded dice
 * show too (only when the replay uses every draw and gives the total the module reported).
 * Otherwise they are listed as drawn, by die.
 */
function diceOf(
  receipt: Receipt,
  intent: Intent | null,
  parts: ResultParts,
): { terms: RollCardTerm[] } {
  if (receipt.roll === undefined || intent === null) return { terms: [] };
  if (receipt.roll.draws.length > 0) {
    const replayed =
      parts.notation === null ? null : replayDraws(parts.notation, receipt.roll, parts.total);
    return { terms: replayed ?? drawTerms(receipt.roll) };
  }
  const notation = (intent.payload as { notation?: unknown } | null)?.notation;
  const seed = rulingSeed(receipt.roll, intent);
  if (intent.kind !== 'roll' || typeof notation !== 'string' || seed === null) return { terms: [] };
  let result: RollResult;
  try {
    result = roll(notation, seed);
  } catch {
    return { terms: [] };
  }
  return { terms: flattenTerms(result.rolls) };
}

/** The module's notation rolled with its recorded draws, or null when they do not fit it. */
function replayDraws(
  notation: string,
  revealed: ReceiptRoll,
  total: number | null,
): RollCardTerm[] | null {
  let next = 0;
  const source = {
    nextInt(sides: number): number {
      const draw = revealed.draws[next];
      if (draw === undefined || draw.sides !== sides) throw new Error('the draws do not fit');
      next++;
      return draw.value;
    },
  };
  try {
    const result = rollWith(notation, source);
    if (next !== revealed.draws.length || (total !== null && result.total !== total)) return null;
    return flattenTerms(result.rolls);
  } catch {
    return null;
  }
}

function flattenTerms(rolls: readonly TermRoll[]): RollCardTerm[] {
  const terms: RollCardTerm[] = [];
  for (const term of rolls) {
    if (term.kind === 'dice') {
      terms.push({ notation: term.notation, label: term.label, dice: term.dice.map(cardDie) });
    } else {
      for (const entry of term.entries) {
        // A group's dropped entry drops all its dice.
        for (const inner of flattenTerms(entry.rolls)) {
          terms.push(
            entry.kept
              ? inner
              : { ...inner, dice: inner.dice.map((die) => ({ ...die, kept: false })) },
          );
        }
      }
    }
  }
  return terms;
}

function cardDie(die: DieRoll): RollCardDie {
  return {
    sides: die.sides,
    value: die.value,
    kept: die.kept,
    exploded: die.exploded,
    success: die.success,
    failure: die.failure,
    critical: die.criticalSuccess ? 'success' : die.criticalFailure ? 'failure' : null,
    rerolls: die.rerolls,
  };
}

/** A module's draws, consecutive draws of one die size together (`d20`, then `d8 ×2`). */
function drawTerms(revealed: ReceiptRoll): RollCardTerm[] {
  const terms: { notation: string; label: null; dice: RollCardDie[] }[] = [];
  for (const draw of revealed.draws) {
    const notation = `d${draw.sides}`;
    const last = terms.at(-1);
    const die: RollCardDie = {
      sides: draw.sides,
      value: draw.value,
      kept: true,
      exploded: false,
      success: false,
      failure: false,
      critical: null,
      rerolls: [],
    };
    if (last?.notation === notation) last.dice.push(die);
    else terms.push({ notation, label: null, dice: [die] });
  }
  return terms;
}

type ResultParts = Pick<
  Extract<RollCard, { status: 'applied' }>,
  'notation' | 'label' | 'total' | 'text' | 'message' | 'facts'
>;

/**
 * The parts of a receipt's result a card shows. A roll's result is `{ notation, total, text,
 * label?, …module facts }`; a command's is `{ command, message?, roll?, intent?: { kind,
 * result? } }`, whose roll or intent result is read the same way.
 */
function resultParts(result: unknown, intentId: string): ResultParts {
  const parts: ResultParts = {
    notation: null,
    label: null,
    total: null,
    text: null,
    message: null,
    facts: [],
  };
  if (!isObject(result)) return parts;
  const facts: RollCardFact[] = [];
  const message = typeof result.message === 'string' ? result.message : null;
  const inner = isObject(result.intent) ? result.intent.result : undefined;
  const rolled = typeof result.command === 'string' ? (result.roll ?? inner) : result;
  const read = isObject(rolled) ? rolled : {};
  // A module's apply may report its own message beside the command's.
  const innerMessage = read !== result && typeof read.message === 'string' ? read.message : null;
  for (const [name, value] of Object.entries(read)) {
    if (facts.length >= MAX_FACTS) break;
    // The intent's own id (a module may echo it) says nothing to the table.
    if (NOT_FACTS.has(name) || value === intentId) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      facts.push({ name, value: String(value) });
    }
  }
  // A module's check or attack may report its roll as a part of its own (`{ …, roll: { notation } }`).
  const nested = isObject(read.roll) ? read.roll : {};
  const notation = [read.notation, nested.notation].find((value) => typeof value === 'string');
  return {
    notation: typeof notation === 'string' ? notation : null,
    label: typeof read.label === 'string' ? read.label : null,
    total:
      typeof read.total === 'number'
        ? read.total
        : typeof nested.total === 'number'
          ? nested.total
          : null,
    text: typeof read.text === 'string' ? read.text : null,
    message: [message, innerMessage].filter((line) => line !== null).join('\n') || null,
    facts,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unverified(reason: string): RollCardTrust {
  return { level: 'unverified', reason };
}
