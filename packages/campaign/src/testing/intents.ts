/**
 * For tests: two people with fixed keys and a valid signed intent by the first, whose signature
 * was computed independently (Python's `cryptography` and `json.dumps(sort_keys=True,
 * separators=(',', ':'), ensure_ascii=False)`), so that it pins the encoding, not just agrees
 * with itself.
 */
import { createIdentity } from '../identity/identity';
import type { Intent } from '../intents/intent';
import { OTHER_SECRET_KEY, RFC8032_TEST1 } from './rfc8032';

export const ARIA = createIdentity('Aria', '#3366ff', {
  secretKey: RFC8032_TEST1.secretKey,
  createdAt: 1_767_225_600_000,
});
export const BRAM = createIdentity('Bram', '#aa2200', {
  secretKey: OTHER_SECRET_KEY,
  createdAt: 1_767_225_600_000,
});

export const CAMPAIGN = 'camp-1';

/** Aria's first intent in CAMPAIGN. */
export const KNOWN_INTENT: Intent = Object.freeze({
  v: 1,
  campaign: CAMPAIGN,
  id: 'WU1FP7NnhCFh3SXZVpmDcw.1',
  kind: 'token.move',
  payload: {
    tokenId: 't1',
    x: 140,
    y: 70.5,
    note: 'café ✓',
    path: [
      [0, 0],
      [1, -2],
    ],
  },
  author: 'WU1FP7NnhCFh3SXZVpmDcw',
  seq: 1,
  at: 1_767_225_600_000,
  sig: 'ptYOyhN9mgXFSavkPC8P1TwPFqLXN2eqLpR7iIAkETjgaRR4pCyt8NTQoHXOCtwRA-wjRTxHl-4izakTJ25hDw',
});

/** The canonical JSON that KNOWN_INTENT's signature covers (after the domain string). */
export const KNOWN_INTENT_CANONICAL_JSON =
  '{"at":1767225600000,"author":"WU1FP7NnhCFh3SXZVpmDcw","campaign":"camp-1",' +
  '"id":"WU1FP7NnhCFh3SXZVpmDcw.1","kind":"token.move","payload":{"note":"café ✓",' +
  '"path":[[0,0],[1,-2]],"tokenId":"t1","x":140,"y":70.5},"seq":1,"v":1}';
