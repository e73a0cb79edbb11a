/**
 * Which receipts a client believes: those signed by a GM it trusts. Anyone in the room can write
 * the receipts map and `meta.gms` (the GM's audit undoes it, but every peer may see it first), so
 * whom to trust is not read from `meta.gms` as it is now but decided by GmTrust
 * (lifecycle/gmTrust.ts): the GMs the invite names by id (or the caller's keys, or `meta.gms` as
 * first read), and every GM whose signed grant chains to them.
 */
import type { Receipt } from '@meshtable/schema';
import type * as Y from 'yjs';
import { encodeCanonicalJson } from '../intents/canonicalJson';
import { GmTrust, type GmTrustOptions } from '../lifecycle/gmTrust';
import { verifyReceiptSignature } from '../validator/receiptSignature';

/** How many receipt verdicts are remembered before starting over (hostile writes are endless). */
const MAX_VERIFIED_RECEIPTS = 10_000;

/** The GM keys a client trusts, and its verdicts on receipts; internal to the client. */
export class PinnedGmKeys {
  readonly #trust: GmTrust;
  readonly #onProblem: (problem: string) => void;
  /**
   * Verdicts so far, by `<gmSig> <canonical receipt>`: verifying is the slow part. A verdict holds
   * for good, since a trusted user id always has the one key that hashes to it.
   */
  readonly #verified = new Map<string, boolean>();

  /**
   * @param trust the campaign, and the roots: the invite's GM ids, or keys to pin; by default
   *   `meta.gms` as first read
   * @param onProblem hears of a receipt that is not by a trusted GM, or not signed by them, and of
   *   GM keys and grants that were ignored
   */
  constructor(doc: Y.Doc, trust: GmTrustOptions, onProblem: (problem: string) => void) {
    this.#onProblem = onProblem;
    this.#trust = new GmTrust(doc, trust, onProblem);
  }

  /**
   * Whether a receipt is by a GM this client trusts, and signed by them. Until a GM is known
   * (meta has not arrived, or no GM the invite names has shown their key), the receipt waits,
   * unreported.
   */
  trusts(receipt: Receipt): boolean {
    const keys = this.#trust.keys();
    if (keys === null) return false;
    if (!Object.hasOwn(keys, receipt.by)) {
      this.#onProblem(`receipt ${receipt.intentId} is by ${receipt.by}, not by a GM`);
      return false;
    }
    let cacheKey: string | null;
    try {
      cacheKey = `${receipt.gmSig} ${encodeCanonicalJson(receipt)}`;
    } catch {
      cacheKey = null; // not canonical JSON: it cannot verify
    }
    let verdict = cacheKey === null ? false : this.#verified.get(cacheKey);
    if (verdict === undefined && cacheKey !== null) {
      verdict = verifyReceiptSignature(receipt, keys);
      if (this.#verified.size >= MAX_VERIFIED_RECEIPTS) this.#verified.clear();
      this.#verified.set(cacheKey, verdict);
    }
    if (verdict !== true) {
      this.#onProblem(
        `receipt ${receipt.intentId} is not signed by ${receipt.by}, the GM it names: ignored`,
      );
      return false;
    }
    return true;
  }
}
