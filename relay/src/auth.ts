/**
 * Room claims by token (DESIGN.md §5): the first connection that presents a token claims the room;
 * later connections must present the same token. Only a SHA-256 of the token is stored, and hashes
 * are compared in constant time, so neither the database nor timing reveals a room's token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { DocStore } from './storage/DocStore';

/** Longest token the relay accepts; real tokens are 64 hex characters. */
export const MAX_TOKEN_LENGTH = 512;

/** Why a connection was refused. */
export type AuthFailure = 'missing-token' | 'invalid-token' | 'wrong-token';

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * The claims shared by the relays of a cluster (relay/src/cluster/RedisCluster.ts). Each answers
 * null when the cluster cannot be asked now: the relay then decides on its own copy.
 */
export interface SharedClaims {
  /** The hash that holds the room: `hashHex` if this is the first claim, else the earlier one. */
  claim(room: string, hashHex: string): Promise<string | null>;
  /** The room's claim, or null. */
  claimOf(room: string): Promise<string | null>;
}

/** Decides whether a token may open a room, claiming unclaimed rooms. */
export class RoomAuthorizer {
  /** Serializes claims per room, so that two first connections cannot both claim it. */
  private readonly claiming = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: DocStore,
    private readonly shared: SharedClaims | null = null,
  ) {}

  /** Resolves to null when the token opens the room, or to the reason it does not. */
  async authorize(room: string, token: string | null): Promise<AuthFailure | null> {
    if (!token) return 'missing-token';
    if (token.length > MAX_TOKEN_LENGTH) return 'invalid-token';
    const previous = this.claiming.get(room) ?? Promise.resolve();
    const result = previous.then(() => this.check(room, token));
    const settled = result.catch(() => undefined);
    this.claiming.set(room, settled);
    void settled.then(() => {
      if (this.claiming.get(room) === settled) this.claiming.delete(room);
    });
    return result;
  }

  /**
   * Checks a token against a room without claiming it (asset uploads may not claim rooms).
   * Waits for a claim of the room under way, so that it sees that claim.
   */
  async verify(room: string, token: string): Promise<AuthFailure | 'unclaimed-room' | null> {
    if (!token) return 'missing-token';
    if (token.length > MAX_TOKEN_LENGTH) return 'invalid-token';
    await this.claiming.get(room);
    const stored =
      (await this.store.getTokenHash(room)) ?? (await this.shared?.claimOf(room)) ?? undefined;
    if (stored === undefined) return 'unclaimed-room';
    return sameHash(stored, hashToken(token)) ? null : 'wrong-token';
  }

  private async check(room: string, token: string): Promise<AuthFailure | null> {
    const presented = hashToken(token);
    let stored = await this.store.getTokenHash(room);
    if (this.shared) {
      // In a cluster the first claim on any relay holds the room on every relay.
      const winner = await this.shared.claim(room, stored ?? presented.toString('hex'));
      if (winner !== null && winner !== stored) {
        await this.store.setTokenHash(room, winner);
        stored = winner;
      }
    }
    if (stored === undefined) {
      await this.store.setTokenHash(room, presented.toString('hex'));
      return null;
    }
    return sameHash(stored, presented) ? null : 'wrong-token';
  }
}

/** Compares a stored hex hash with a presented hash in constant time. */
function sameHash(storedHex: string, presented: Buffer): boolean {
  const expected = Buffer.from(storedHex, 'hex');
  return expected.length === presented.length && timingSafeEqual(expected, presented);
}
