/**
 * Records for the campaign's tests: a member made from an identity, and a token on scene `s1`.
 * One definition, so that a schema change is made once for every test.
 */
import type { Member, Token } from '@meshtable/schema';
import { encodePublicKey, type PublicIdentity } from '../identity/identity';

/** `identity` as a member of the table (since 1 ms, for stable snapshots). */
export function memberRecord(
  identity: Pick<PublicIdentity, 'userId' | 'publicKey' | 'name' | 'color'>,
  role: Member['role'],
  status: Member['status'] = 'member',
): Member {
  return {
    userId: identity.userId,
    publicKey: encodePublicKey(identity.publicKey),
    name: identity.name,
    color: identity.color,
    role,
    status,
    since: 1,
  };
}

/** Token `t1` on scene `s1` at the origin, owned by `owners`; `fields` override any field. */
export function tokenRecord(owners: readonly string[], fields: Partial<Token> = {}): Token {
  return {
    id: 't1',
    sceneId: 's1',
    actorId: null,
    name: 'Ana',
    image: null,
    x: 0,
    y: 0,
    size: 1,
    rotation: 0,
    bars: [],
    conditions: [],
    owners: [...owners],
    ...fields,
  };
}
