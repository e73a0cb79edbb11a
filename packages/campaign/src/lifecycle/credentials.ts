/**
 * A campaign's ids and secrets (DESIGN.md §3): the campaignId (the table doc's room; not secret),
 * the tableKey (the secret of the invite link) and the gmKey (the gm doc's secret, never in an
 * invite). Each is 128 bits from crypto.getRandomValues as unpadded base64url: 22 characters, a
 * valid record id and room name.
 *
 * Made here rather than with @meshtable/sync's createRoomId/createTableKey: the dependency runs
 * `campaign ← sync` (DESIGN.md §1), so the campaign engine cannot import sync. The keys made here
 * are also valid table keys by sync's rule (unpadded base64url, at least 22 characters), so sync
 * takes them as they are.
 */
import { decodeBase64Url, encodeBase64Url } from '../identity/base64url';

/** Bytes of randomness in a campaign id, a table key and a gm key. */
export const CAMPAIGN_KEY_BYTES = 16;

/**
 * Makes a fresh campaign id: 22 base64url characters (128 random bits), never starting with "-":
 * ids are typed as command-line arguments (`meshtable campaign export <id>`), where a leading
 * dash reads as an option. (Drawing again costs 1 bit in 64 draws; the id stays uniform over
 * the ids allowed.)
 */
export function createCampaignId(): string {
  for (;;) {
    const id = randomBase64Url();
    if (!id.startsWith('-')) return id;
  }
}

/** Makes a fresh table key or gm key: 22 base64url characters (128 random bits). */
export function createCampaignKey(): string {
  return randomBase64Url();
}

/**
 * Whether `text` is a key as {@link createCampaignKey} makes them: the one canonical base64url
 * spelling of 16 bytes. A key cut short, padded, or in the `+/` alphabet is refused.
 */
export function isCampaignKey(text: unknown): text is string {
  return typeof text === 'string' && decodeBase64Url(text, CAMPAIGN_KEY_BYTES) !== null;
}

function randomBase64Url(): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(CAMPAIGN_KEY_BYTES)));
}
