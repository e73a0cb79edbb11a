/**
 * Fresh secret bytes for chain roots and player nonces. The one place the protocol touches the
 * realm's randomness: everything else in the package is a pure function of its inputs, which is
 * what lets it run inside a rules compartment, where there is no `crypto` at all.
 */
import { RollProtocolError } from './RollProtocolError';

/**
 * `length` bytes from crypto.getRandomValues (browsers, workers and Node 20 all have it).
 * @throws RollProtocolError `ROLL_NO_SECURE_RANDOM` when the realm has no crypto.getRandomValues
 */
export function secureRandomBytes(length: number): Uint8Array {
  const source = (
    globalThis as { crypto?: { getRandomValues?: (bytes: Uint8Array) => Uint8Array } }
  ).crypto;
  if (typeof source?.getRandomValues !== 'function') {
    throw new RollProtocolError(
      'ROLL_NO_SECURE_RANDOM',
      'No crypto.getRandomValues here: make chain roots and roll nonces outside the sandbox.',
    );
  }
  return source.getRandomValues(new Uint8Array(length));
}
