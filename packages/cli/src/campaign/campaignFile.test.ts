import { createCampaign, createIdentity } from '@meshtable/campaign';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CampaignTransferError } from './CampaignTransferError';
import { decodeCampaignFile, encodeCampaignFile } from './campaignFile';

const created = createCampaign({
  gm: createIdentity('Aria', '#3366ff'),
  name: 'The Sunless Citadel',
  system: { id: 'srd5e', version: '1.2.0', sha256: 'ab'.repeat(32) },
  diceChainLength: 8,
});
const TEXT = encodeCampaignFile(
  created,
  Y.encodeStateAsUpdate(created.table),
  Y.encodeStateAsUpdate(created.gm),
  ['ee'.repeat(32)],
  new Date(Date.UTC(2026, 0, 1)),
);
const GOOD = JSON.parse(TEXT);

/** The error decodeCampaignFile throws for a text, as `code: message`. */
function refusal(text: string): string {
  try {
    decodeCampaignFile(text);
  } catch (error) {
    if (error instanceof CampaignTransferError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('the file was accepted');
}

const tampered = (changes: Record<string, unknown>) => JSON.stringify({ ...GOOD, ...changes });

describe('campaign file', () => {
  it('round-trips: the keys, the docs and the asset list', () => {
    expect(GOOD).toMatchObject({
      meshtableCampaign: 1,
      campaignId: created.campaignId,
      exportedAt: '2026-01-01T00:00:00.000Z',
      keys: { tableKey: created.tableKey, gmKey: created.gmKey },
      assets: [{ sha256: 'ee'.repeat(32), data: null }],
    });
    const loaded = decodeCampaignFile(TEXT);
    expect(loaded.keys).toEqual({
      campaignId: created.campaignId,
      tableKey: created.tableKey,
      gmKey: created.gmKey,
    });
    expect(loaded.meta.campaign.name).toBe('The Sunless Citadel');
    expect(loaded.assets).toEqual(['ee'.repeat(32)]);
    expect(Y.encodeStateAsUpdate(loaded.table)).toEqual(Y.encodeStateAsUpdate(created.table));
  });

  it('names the field at fault', () => {
    const prefix = 'CAMPAIGN_FILE_INVALID: This is not a valid campaign file: ';
    expect(refusal('[]')).toBe(
      `${prefix}it is not a Meshtable campaign file (no "meshtableCampaign" field).`,
    );
    expect(refusal(tampered({ exportedAt: 'yesterday', extra: 1 }))).toBe(
      `${prefix}exportedAt: Invalid ISO datetime; (file): Unrecognized key: "extra".`,
    );
    expect(refusal(tampered({ keys: { tableKey: created.tableKey } }))).toContain(
      'keys.gmKey: Invalid input',
    );
    expect(refusal(tampered({ gm: 'not base64!' }))).toContain(
      'gm: must be a Yjs update in base64',
    );
    expect(refusal(tampered({ assets: [{ sha256: 'ee'.repeat(32), data: 'AAAA' }] }))).toContain(
      'assets.0.data: must be null: format 1 carries no asset bytes',
    );
    expect(refusal(tampered({ campaignId: 'another' }))).toContain(
      `the table doc is campaign "${created.campaignId}", not "another"`,
    );
    expect(refusal(tampered({ meshtableCampaign: 7 }))).toBe(
      'CAMPAIGN_FILE_UNSUPPORTED_VERSION: The campaign file is of format 7; this build reads format 1. Update Meshtable.',
    );
  });

  it('refuses an update that builds on changes the file lacks', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(created.table));
    const before = Y.encodeStateVector(doc);
    // A new value of an existing entry points at the value it replaces: alone, it cannot apply.
    doc.getMap('meta').set('schemaVersion', 1);
    const onlyLater = Buffer.from(Y.encodeStateAsUpdate(doc, before)).toString('base64');
    expect(refusal(tampered({ table: onlyLater }))).toContain(
      'table: the update is incomplete (it builds on changes the file lacks)',
    );
  });
});
