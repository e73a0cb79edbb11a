/**
 * Records for the campaign's tests: a member made from an identity, a scene, and tokens. One
 * definition, so that a schema change is made once for every test.
 */
import type { Member, Scene, Token } from '@meshtable/schema';
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

/** Scene `id`, 1400 × 1050 on a square grid of 70 px (5 ft) cells; `fields` override any field. */
export function sceneRecord(id: string, fields: Partial<Scene> = {}): Scene {
  return {
    id,
    name: `Scene ${id}`,
    order: 0,
    width: 1400,
    height: 1050,
    background: null,
    grid: {
      type: 'square',
      size: 70,
      offsetX: 0,
      offsetY: 0,
      color: '#000000',
      distance: 5,
      units: 'ft',
    },
    ...fields,
  };
}

/** Token `id` on scene `sceneId` at (70, 70), owned by nobody; `fields` override any field. */
export function tokenRecord(id: string, sceneId: string, fields: Partial<Token> = {}): Token {
  return {
    id,
    sceneId,
    actorId: null,
    name: `Token ${id}`,
    image: null,
    x: 70,
    y: 70,
    size: 1,
    rotation: 0,
    bars: [],
    conditions: [],
    owners: [],
    ...fields,
  };
}

/** Token `t1` "Ana" on scene `s1` at the origin, owned by `owners`; `fields` override any field. */
export function ownedToken(owners: readonly string[], fields: Partial<Token> = {}): Token {
  return tokenRecord('t1', 's1', { name: 'Ana', x: 0, y: 0, owners: [...owners], ...fields });
}
