/**
 * Which receipts a client believes: those signed by a GM whose key it pinned. Anyone in the room
 * can write the receipts map and `meta.gms` (the GM's audit undoes it, but every peer may see it
 * first), so the keys are pinned once, from the caller or from `meta.gms` as first read, and
 * later changes to `meta.gms` are not followed.
 */
import type { GmKeys, Receipt } from '@meshtable/schema';
import type * as Y from 'yjs';
import { encodeCanonicalJson } from '../intents/canonicalJson';
import { readMeta } from '../lifecycle/readCampaign';
import { verifyReceiptSignature } from '../validator/receiptSignature';

/** How many receipt verdicts are remembered before starting over (hostile writes are endless). */
const MAX_VERIFIED_RECEIPTS = 10_000;

/** The GM keys a client trusts, and its verdicts on receipts; internal to the client. */
export class PinnedGmKeys {
  readonly #doc: Y.Doc;
  readonly #onProblem: (problem: string) => void;
  /** The pinned keys, or null until meta names the GMs. */
  #keys: GmKeys | null;
  /** Verdicts so far, by `<gmSig> <canonical receipt>`: verifying is the slow part. */
  readonly #verified = new Map<string, boolean>();

  /**
   * @param trusted the keys to pin; by default `meta.gms`, now or when meta first names the GMs
   * @param onProblem hears of a receipt that is not by a pinned GM, or not signed by them
   */
  constructor(doc: Y.Doc, trusted: GmKeys | undefined, onProblem: (problem: string) => void) {
    this.#doc = doc;
    this.#onProblem = onProblem;
    this.#keys = trusted ?? this.#readGms();
  }

  /**
   * Whether a receipt is by a GM whose key is pinned, and signed by them. Until meta names the
   * GMs, nobody is known to be one: the receipt waits, unreported.
   */
  trusts(receipt: Receipt): boolean {
    this.#keys ??= this.#readGms();
    const keys = this.#keys;
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

  /** `meta.gms` as it is now, or null while meta is missing or malformed. */
  #readGms(): GmKeys | null {
    try {
      return readMeta(this.#doc)?.gms ?? null;
    } catch {
      return null;
    }
  }
}
