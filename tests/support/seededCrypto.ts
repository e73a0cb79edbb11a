/**
 * Makes `crypto.getRandomValues` draw from a test's seeded generator while `run` runs, so that
 * what production code draws (campaign ids and keys, dice chains, roll nonces) is the same each
 * time a seed is run. Yjs client ids are not covered (lib0 binds the function when it loads):
 * set `doc.clientID` instead.
 */
import { vi } from 'vitest';

export async function withSeededCrypto<T>(random: () => number, run: () => Promise<T>): Promise<T> {
  const spy = vi
    .spyOn(globalThis.crypto, 'getRandomValues')
    .mockImplementation(<V extends ArrayBufferView | null>(array: V): V => {
      if (array === null) return array;
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let index = 0; index < bytes.length; index++) bytes[index] = Math.floor(random() * 256);
      return array;
    });
  try {
    return await run();
  } finally {
    spy.mockRestore();
  }
}
