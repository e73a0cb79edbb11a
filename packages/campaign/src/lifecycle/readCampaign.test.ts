import { SCHEMA_VERSION, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toYValue } from '../doc/yRecords';
import { encodePublicKey } from '../identity/identity';
import { ARIA, BRAM } from '../testing/intents';
import { thrown } from '../testing/thrown';
import { createCampaign } from './createCampaign';
import { isGm, readMembers, readMeta } from './readCampaign';

const SYSTEM = { id: 'srd5e', version: '1.2.0', sha256: 'ab'.repeat(32) };

function table(): Y.Doc {
  return createCampaign({ gm: ARIA, name: 'Tomb', system: SYSTEM, diceChainLength: 4 }).table;
}

describe('readMeta', () => {
  it('is null for a doc that has not synced its campaign yet', () => {
    expect(readMeta(new Y.Doc())).toBeNull();
  });

  it('names each malformed entry', () => {
    const doc = table();
    const meta = doc.getMap(TABLE_MAPS.meta);
    meta.set('gms', { [BRAM.userId]: 'not a key' });
    meta.set('dice', { head: 'x', length: 0, revealed: 0 });
    const error = thrown(() => readMeta(doc));
    expect(error.code).toBe('CAMPAIGN_INVALID_META');
    expect(error.message).toMatch(/gms\.[\w-]{22}: must be an Ed25519 public key/);
    expect(error.message).toContain('dice.head');
    expect(error.message).toContain('dice.length');
    expect(isGm(doc, ARIA.userId)).toBe(false);
  });

  it('reads a campaign without dice as one that cannot roll', () => {
    const doc = table();
    doc.getMap(TABLE_MAPS.meta).delete('dice');
    expect(readMeta(doc)?.dice).toBeNull();
  });

  it('refuses a campaign written by a newer schema', () => {
    const doc = table();
    doc.getMap(TABLE_MAPS.meta).set('schemaVersion', SCHEMA_VERSION + 1);
    expect(thrown(() => readMeta(doc)).code).toBe('CAMPAIGN_UNSUPPORTED_VERSION');
    expect(isGm(doc, ARIA.userId)).toBe(false);
  });
});

describe('readMembers', () => {
  it('reports members that are malformed, misfiled or hold another key, and keeps the rest', () => {
    const doc = table();
    const members = doc.getMap(TABLE_MAPS.members);
    const bram = {
      userId: BRAM.userId,
      publicKey: encodePublicKey(BRAM.publicKey),
      name: 'Bram',
      color: '#aa2200',
      role: 'player',
      status: 'pending',
      since: 1,
    };
    members.set('AAAAAAAAAAAAAAAAAAAAAA', toYValue(bram));
    members.set(BRAM.userId, toYValue({ ...bram, publicKey: encodePublicKey(ARIA.publicKey) }));
    members.set('BBBBBBBBBBBBBBBBBBBBBB', toYValue({ ...bram, role: 'overlord' }));
    const problems: [string, string][] = [];
    const read = readMembers(doc, (userId, problem) => problems.push([userId, problem]));
    expect([...read.keys()]).toEqual([ARIA.userId]);
    expect(problems).toEqual(
      expect.arrayContaining([
        ['AAAAAAAAAAAAAAAAAAAAAA', `stored under AAAAAAAAAAAAAAAAAAAAAA but names ${BRAM.userId}`],
        [BRAM.userId, `publicKey belongs to ${ARIA.userId}, not ${BRAM.userId}`],
        ['BBBBBBBBBBBBBBBBBBBBBB', expect.stringContaining('role')],
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it('takes isGm from meta.gms, not from a member record', () => {
    const doc = table();
    doc.getMap(TABLE_MAPS.members).set(
      BRAM.userId,
      toYValue({
        userId: BRAM.userId,
        publicKey: encodePublicKey(BRAM.publicKey),
        name: 'Bram',
        color: '#aa2200',
        role: 'gm',
        status: 'member',
        since: 1,
      }),
    );
    expect(readMembers(doc).get(BRAM.userId)?.role).toBe('gm');
    expect(isGm(doc, BRAM.userId)).toBe(false);
    expect(isGm(doc, ARIA.userId)).toBe(true);
    expect(isGm(doc, '__proto__')).toBe(false);
  });
});
