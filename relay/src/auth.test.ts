import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RoomAuthorizer } from './auth';
import { DocStore } from './storage/DocStore';

describe('RoomAuthorizer', () => {
  let dir: string;
  let store: DocStore;
  let authorizer: RoomAuthorizer;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshtable-auth-'));
    store = new DocStore(join(dir, 'db'));
    await store.open();
    authorizer = new RoomAuthorizer(store);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lets the first token claim a room and then only that token in', async () => {
    expect(await authorizer.authorize('room', 'first')).toBeNull();
    expect(await authorizer.authorize('room', 'first')).toBeNull();
    expect(await authorizer.authorize('room', 'second')).toBe('wrong-token');
  });

  it('refuses a missing, empty or oversized token without claiming the room', async () => {
    expect(await authorizer.authorize('room', null)).toBe('missing-token');
    expect(await authorizer.authorize('room', '')).toBe('missing-token');
    expect(await authorizer.authorize('room', 'x'.repeat(10_000))).toBe('invalid-token');
    expect(await store.getTokenHash('room')).toBeUndefined();
  });

  it('lets exactly one of many simultaneous first claims win', async () => {
    const tokens = Array.from({ length: 20 }, (_, i) => `token-${i}`);
    const results = await Promise.all(
      tokens.map((token) => authorizer.authorize('contested', token)),
    );
    expect(results.filter((result) => result === null)).toHaveLength(1);
    expect(results[0]).toBeNull();
  });

  it('verifies a token without ever claiming the room', async () => {
    expect(await authorizer.verify('room', 'first')).toBe('unclaimed-room');
    expect(await store.getTokenHash('room')).toBeUndefined();
    const claim = authorizer.authorize('room', 'first');
    // A verification that starts while a claim is under way sees that claim.
    expect(await authorizer.verify('room', 'first')).toBeNull();
    expect(await claim).toBeNull();
    expect(await authorizer.verify('room', 'second')).toBe('wrong-token');
    expect(await authorizer.verify('room', '')).toBe('missing-token');
    expect(await authorizer.verify('room', 'x'.repeat(10_000))).toBe('invalid-token');
  });

  it('stores a hash of the token, never the token itself', async () => {
    await authorizer.authorize('room', 'secret-token');
    const stored = await store.getTokenHash('room');
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain('secret-token');
  });
});
