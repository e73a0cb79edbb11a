import { revealNext, seedChainFromJSON, verifySeedAt } from '@meshtable/dice';
import { GM_MAPS, isValidRoomName, SCHEMA_VERSION, TABLE_MAPS } from '@meshtable/schema';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodePublicKey } from '../identity/identity';
import { ARIA, BRAM } from '../testing/intents';
import { thrown } from '../testing/thrown';
import { createCampaign } from './createCampaign';
import { isCampaignKey } from './credentials';
import { isGm, readMembers, readMeta } from './readCampaign';

const SYSTEM = { id: 'srd5e', version: '1.2.0', sha256: 'ab'.repeat(32) };

function create(overrides: Partial<Parameters<typeof createCampaign>[0]> = {}) {
  return createCampaign({
    gm: ARIA,
    name: 'The Sunless Citadel',
    system: SYSTEM,
    now: () => 1_767_225_600_000,
    diceChainLength: 16,
    ...overrides,
  });
}

describe('createCampaign', () => {
  it('writes meta and the GM as the first member, all valid', () => {
    const created = create({ settings: { autoAdmit: true } });
    expect(readMeta(created.table)).toEqual({
      schemaVersion: SCHEMA_VERSION,
      campaign: {
        id: created.campaignId,
        name: 'The Sunless Citadel',
        createdAt: 1_767_225_600_000,
        system: SYSTEM,
        settings: { autoAdmit: true, intentPolicy: {} },
      },
      gms: { [ARIA.userId]: encodePublicKey(ARIA.publicKey) },
      dice: { head: expect.stringMatching(/^[0-9a-f]{64}$/), length: 16, revealed: 0 },
    });
    const problems: string[] = [];
    const members = readMembers(created.table, (_id, problem) => problems.push(problem));
    expect(problems).toEqual([]);
    expect([...members.values()]).toEqual([
      {
        userId: ARIA.userId,
        publicKey: encodePublicKey(ARIA.publicKey),
        name: 'Aria',
        color: '#3366ff',
        role: 'gm',
        status: 'member',
        since: 1_767_225_600_000,
      },
    ]);
    // Stored field by field, as every record is.
    expect(created.table.getMap(TABLE_MAPS.members).get(ARIA.userId)).toBeInstanceOf(Y.Map);
    expect(isGm(created.table, ARIA.userId)).toBe(true);
    expect(isGm(created.table, BRAM.userId)).toBe(false);
  });

  it('makes fresh, well-formed ids and keys each time', () => {
    const first = create();
    const second = create();
    for (const created of [first, second]) {
      expect(created.campaignId).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(isValidRoomName(created.campaignId)).toBe(true);
      expect(isValidRoomName(`${created.campaignId}:gm`)).toBe(true);
      expect(isCampaignKey(created.tableKey)).toBe(true);
      expect(isCampaignKey(created.gmKey)).toBe(true);
      expect(created.gmKey).not.toBe(created.tableKey);
    }
    expect(new Set([first, second].flatMap((c) => [c.campaignId, c.tableKey, c.gmKey])).size).toBe(
      6,
    );
  });

  it('keeps the seed chain in the gm doc and only its head in the table doc', () => {
    const created = create();
    const chain = seedChainFromJSON(created.gm.getMap(GM_MAPS.validator).get('seedChain'));
    const dice = readMeta(created.table)?.dice;
    expect(chain.revealed).toBe(0);
    expect(bytesToHex(chain.head)).toBe(dice?.head);
    // The first seed the validator reveals checks out against the published head.
    const first = revealNext(chain);
    expect(verifySeedAt(hexToBytes(dice?.head ?? ''), first.index, first.seed)).toBe(true);
    // No secret is anywhere in the table doc's updates; the gm doc's hold the root (control).
    const rootHex = bytesToHex(chain.root);
    const text = (doc: Y.Doc) => new TextDecoder().decode(Y.encodeStateAsUpdate(doc));
    expect(text(created.gm)).toContain(rootHex);
    expect(text(created.table)).not.toContain(rootHex);
    expect(text(created.table)).not.toContain(created.gmKey);
    expect(text(created.table)).not.toContain(created.tableKey);
  });

  it('refuses options that break a record, naming each field', () => {
    const error = thrown(() =>
      create({
        name: '  ',
        system: { ...SYSTEM, sha256: 'nope' },
        settings: { autoAdmit: 'yes' as never },
      }),
    );
    expect(error.code).toBe('CAMPAIGN_INVALID_OPTIONS');
    expect(error.message).toContain('campaign.name');
    expect(error.message).toContain('campaign.system.sha256');
    expect(error.message).toContain('campaign.settings.autoAdmit');
  });
});
