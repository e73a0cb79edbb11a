/**
 * The Redis keys and pub/sub channels of a relay cluster (docs/scaling.md). Room names never
 * contain `!` or `"`, topics are any string: every name is the last part of its key, after a
 * fixed prefix, so no two names share a key.
 */

/** The stream of a room's updates: the shared log. */
export const logKey = (room: string): string => `meshtable:log:${room}`;
/** The hash `{state, upto}`: the room's state covering every log entry up to `upto`. */
export const snapshotKey = (room: string): string => `meshtable:snap:${room}`;
/** The SHA-256 (hex) of the token that claimed a room, shared by every relay. */
export const claimKey = (room: string): string => `meshtable:claim:${room}`;
/** Where each added log entry is announced, with its bytes (one hop to the other relays). */
export const updateChannel = (room: string): string => `meshtable:u:${room}`;
/** Awareness (presence) of a room's clients: ephemeral, never stored. */
export const awarenessChannel = (room: string): string => `meshtable:a:${room}`;
/** Signalling publishes of a /signal topic. */
export const signalChannel = (topic: string): string => `meshtable:s:${topic}`;
/** Where an asset that no room holds any more is announced (its SHA-256), for every relay. */
export const ASSET_GONE_CHANNEL = 'meshtable:asset-gone';

/** The kind and name behind a channel, or null for a channel that is not ours. */
export function parseChannel(channel: string): { kind: 'u' | 'a' | 's'; name: string } | null {
  const match = /^meshtable:([uas]):/.exec(channel);
  if (!match) return null;
  return { kind: match[1] as 'u' | 'a' | 's', name: channel.slice(match[0].length) };
}
