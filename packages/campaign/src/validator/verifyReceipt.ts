/**
 * What every client checks of a receipt that revealed dice (DESIGN.md §3, "verifiable dice"):
 * the revealed seed belongs to the chain the GM committed to in meta, at the index the receipt
 * names; and, for a core `roll`, that the result is the roll that seed gives. A receipt that
 * fails is marked in the UI; it is evidence that the GM's peer misbehaved (or was tampered with).
 *
 * Rulings by a module's hooks are checked the same way for the seed; re-running the module
 * (any peer can: it is deterministic) checks the rest. A receipt tells the two kinds of roll
 * apart by its draws: the core roll records none.
 */
import { decodeSeedHex, deriveRollSeed, roll, verifySeedAt } from '@meshtable/dice';
import type { DiceCommitment, Receipt } from '@meshtable/schema';
import type { Intent } from '../intents/intent';
import { playerNonceOf } from './rollSeeds';

/** The verdict on a receipt's dice. */
export type ReceiptVerification =
  | { readonly ok: true; readonly dice: boolean }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks a receipt against the intent it answers and the chain commitment in meta.
 * @param moduleRolls whether the campaign's game system exports a `roll` hook, when the caller
 *   knows (it has the pinned module loaded): a roll receipt whose dice claim to be the module's
 *   in a system without one is flagged, since that claim would spare it the recomputation
 * @returns `{ ok: true, dice: false }` for a receipt that revealed no dice
 */
export function verifyReceiptDice(
  receipt: Receipt,
  intent: Intent,
  commitment: DiceCommitment | undefined,
  moduleRolls?: boolean,
): ReceiptVerification {
  if (receipt.intentId !== intent.id)
    return { ok: false, reason: 'the receipt answers another intent' };
  // One person's two devices may have used the same id: the receipt names the entry it answers.
  if (receipt.sig !== intent.sig) {
    return { ok: false, reason: 'the receipt answers another entry with this id' };
  }
  if (receipt.roll === undefined) return { ok: true, dice: false };
  if (commitment === undefined) return { ok: false, reason: 'the campaign has no dice commitment' };
  const head = decodeSeedHex(commitment.head);
  const chainSeed = decodeSeedHex(receipt.roll.seed);
  if (head === null || chainSeed === null)
    return { ok: false, reason: 'a seed is not 32 bytes of hex' };
  if (receipt.roll.index < 1 || receipt.roll.index > commitment.length) {
    return {
      ok: false,
      reason: `index ${receipt.roll.index} is outside the chain (1 to ${commitment.length})`,
    };
  }
  if (!verifySeedAt(head, receipt.roll.index, chainSeed)) {
    return {
      ok: false,
      reason: `the revealed seed is not seed ${receipt.roll.index} of the committed chain`,
    };
  }
  // A core roll draws through the dice package and records no draws; a module's `roll` hook
  // draws through ctx.dice, each draw recorded, and re-running the module checks its result.
  const coreRoll = receipt.roll.draws.length === 0;
  if (intent.kind === 'roll' && !coreRoll && moduleRolls === false) {
    return { ok: false, reason: 'the game system has no roll hook, yet the dice claim to be its' };
  }
  if (
    intent.kind === 'roll' &&
    coreRoll &&
    receipt.status === 'applied' &&
    receipt.result !== undefined
  ) {
    const payload = intent.payload as { notation?: unknown };
    const claimed = receipt.result as { total?: unknown; text?: unknown };
    if (typeof payload.notation !== 'string')
      return { ok: false, reason: 'the roll has no notation' };
    const seed = deriveRollSeed(chainSeed, playerNonceOf(intent.payload, intent.sig), intent.id);
    let expected: ReturnType<typeof roll>;
    try {
      expected = roll(payload.notation, seed);
    } catch {
      return { ok: false, reason: 'the notation does not roll' };
    }
    if (claimed.total !== expected.total || claimed.text !== expected.text) {
      return {
        ok: false,
        reason: `the seed gives ${expected.text}, the receipt says ${String(claimed.text)}`,
      };
    }
  }
  return { ok: true, dice: true };
}
