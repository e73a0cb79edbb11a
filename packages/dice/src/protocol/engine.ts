/**
 * Which evaluator semantics a roll used. A roll is recomputed by every peer, so its outcome is
 * only checkable by code that evaluates the notation exactly as the GM's did: same dice order,
 * same limits, same arithmetic, same errors. Requests and receipts name the engine, so that a
 * later fix to the semantics (a new engine number) cannot make honest old receipts look forged:
 * a peer that does not know a receipt's engine says it cannot check it here.
 */

/**
 * The evaluator semantics of this build's `roll`. Bump it with any change to what a notation and
 * a seed give (a total, a die, the dice order, or whether and with which code a roll throws),
 * never for a refactor that keeps every result.
 */
export const DICE_ENGINE_VERSION = 1;
