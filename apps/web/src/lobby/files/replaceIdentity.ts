/**
 * "Import a key": an identity file replaces this device's identity. A device holds one person
 * (deviceStores.ts loadDeviceIdentity reads the first), so the identities stored before go once
 * the new one is in: put first, so that a failure part-way never leaves the device with none.
 */
import {
  type Identity,
  IdentityError,
  importIdentity,
  MAX_IDENTITY_FILE_CHARS,
} from '@meshtable/campaign';
import type { IdentityStore } from '@meshtable/campaign/browser';
import { fileSlug } from './fileSlug';

/**
 * Reads an identity file the person picked.
 * @throws IdentityError `IDENTITY_INVALID_FILE` (too large, not JSON, a bad field: the message
 *   names it), `IDENTITY_UNSUPPORTED_VERSION`, `IDENTITY_KEY_MISMATCH`,
 *   `IDENTITY_USER_ID_MISMATCH`
 */
export async function readIdentityFile(file: Blob): Promise<Identity> {
  // Checked before reading: a file far larger than any identity file is not read whole.
  if (file.size > MAX_IDENTITY_FILE_CHARS * 4) {
    throw new IdentityError(
      'IDENTITY_INVALID_FILE',
      `The identity file is not an identity file (${file.size} bytes; one is under 1 KB).`,
    );
  }
  return importIdentity(await file.text());
}

/**
 * Makes `identity` this device's identity: stores it, then forgets every other one.
 * @returns the identities forgotten
 */
export async function replaceDeviceIdentity(
  store: IdentityStore,
  identity: Identity,
): Promise<Identity[]> {
  await store.put(identity);
  const others = (await store.list()).filter((stored) => stored.userId !== identity.userId);
  for (const other of others) await store.remove(other.userId);
  return others;
}

/** The name an identity file is saved under. */
export function identityFileName(identity: Identity): string {
  return `${fileSlug(identity.name, 40, 'me')}.meshtable-identity.json`;
}
