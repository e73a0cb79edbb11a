import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createIdentity } from '../identity/identity';
import { createCampaign } from '../lifecycle/createCampaign';
import { encodeBase64 } from './base64';
import { CampaignTransferError } from './CampaignTransferError';
import { decodeCampaignText, encodeCampaignHeader } from './campaignFile';

const created = createCampaign({
  gm: createIdentity('Aria', '#3366ff'),
  name: 'The Sunless Citadel',
  system: { id: 'srd5e', version: '1.2.0', sha256: 'ab'.repeat(32) },
  diceChainLength: 8,
});
const TABLE = Y.encodeStateAsUpdate(created.table);
const GM = Y.encodeStateAsUpdate(created.gm);
const HEADER = encodeCampaignHeader(
  created,
  TABLE,
  GM,
  [
    { sha256: 'ee'.repeat(32), size: 1234 },
    { sha256: 'ff'.repeat(32), size: null },
  ],
  new Date(Date.UTC(2026, 0, 1)),
);
const GOOD = JSON.parse(HEADER);

/** The same campaign as a format 1 file, as earlier builds wrote it. */
const FORMAT1 = {
  meshtableCampaign: 1,
  campaignId: created.campaignId,
  exportedAt: '2025-06-01T00:00:00.000Z',
  keys: { tableKey: created.tableKey, gmKey: created.gmKey },
  table: encodeBase64(TABLE),
  gm: encodeBase64(GM),
  assets: [{ sha256: 'ee'.repeat(32), data: null }],
};

/** The error decodeCampaignText throws for a text, as `code: message`. */
function refusal(text: string): string {
  try {
    decodeCampaignText(text);
  } catch (error) {
    if (error instanceof CampaignTransferError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('the file was accepted');
}

const tampered = (changes: Record<string, unknown>) => JSON.stringify({ ...GOOD, ...changes });

describe('campaign file header', () => {
  it('is one line of format 2 that round-trips the keys, the docs and the asset index', () => {
    expect(HEADER.endsWith('}\n')).toBe(true);
    expect(HEADER.indexOf('\n')).toBe(HEADER.length - 1);
    expect(GOOD).toMatchObject({
      meshtableCampaign: 2,
      campaignId: created.campaignId,
      exportedAt: '2026-01-01T00:00:00.000Z',
      keys: { tableKey: created.tableKey, gmKey: created.gmKey },
      assets: [
        { sha256: 'ee'.repeat(32), size: 1234 },
        { sha256: 'ff'.repeat(32), missing: true },
      ],
    });
    const loaded = decodeCampaignText(HEADER);
    expect(loaded.format).toBe(2);
    expect(loaded.keys).toEqual({
      campaignId: created.campaignId,
      tableKey: created.tableKey,
      gmKey: created.gmKey,
    });
    expect(loaded.meta.campaign.name).toBe('The Sunless Citadel');
    expect(loaded.assets).toEqual([
      { sha256: 'ee'.repeat(32), size: 1234 },
      { sha256: 'ff'.repeat(32), size: null },
    ]);
    expect(Y.encodeStateAsUpdate(loaded.table)).toEqual(TABLE);
  });

  it('still reads format 1, whose assets carry no bytes', () => {
    const loaded = decodeCampaignText(JSON.stringify(FORMAT1, null, 2));
    expect(loaded.format).toBe(1);
    expect(loaded.assets).toEqual([{ sha256: 'ee'.repeat(32), size: null }]);
    expect(loaded.meta.campaign.name).toBe('The Sunless Citadel');
    const withBytes = { ...FORMAT1, assets: [{ sha256: 'ee'.repeat(32), data: 'AAAA' }] };
    expect(refusal(JSON.stringify(withBytes))).toContain(
      'assets.0.data: must be null: format 1 carries no asset bytes',
    );
  });

  it('names the field at fault', () => {
    const prefix = 'CAMPAIGN_FILE_INVALID: This is not a valid campaign file: ';
    expect(refusal('[]')).toBe(
      `${prefix}it is not a Meshtable campaign file (no "meshtableCampaign" field).`,
    );
    expect(refusal('{"meshtableCampaign":2,')).toContain(`${prefix}it is not JSON`);
    expect(refusal(tampered({ exportedAt: 'yesterday', extra: 1 }))).toBe(
      `${prefix}exportedAt: Invalid ISO datetime; (file): Unrecognized key: "extra".`,
    );
    expect(refusal(tampered({ keys: { tableKey: created.tableKey } }))).toContain(
      'keys.gmKey: Invalid input',
    );
    expect(refusal(tampered({ gm: 'not base64!' }))).toContain(
      'gm: must be a Yjs update in base64',
    );
    expect(refusal(tampered({ campaignId: 'another' }))).toContain(
      `the table doc is campaign "${created.campaignId}", not "another"`,
    );
    expect(refusal(tampered({ meshtableCampaign: 7 }))).toBe(
      'CAMPAIGN_FILE_UNSUPPORTED_VERSION: The campaign file is of format 7; this build reads formats 1 and 2. Update Meshtable.',
    );
  });

  it('refuses an index entry of another shape, too large, or listed twice', () => {
    const entry = (value: unknown) => tampered({ assets: [value] });
    expect(refusal(entry({ sha256: 'ee'.repeat(32), data: null }))).toContain(
      'assets.0: must be {"sha256","size"}',
    );
    expect(refusal(entry({ sha256: 'ee'.repeat(32), size: 2 ** 40 }))).toContain(
      'assets.0.size: must be at most 268435456 (the largest asset a campaign file carries)',
    );
    expect(refusal(entry({ sha256: 'EE'.repeat(32), missing: true }))).toContain('assets.0');
    const twice = [
      { sha256: 'ee'.repeat(32), size: 1 },
      { sha256: 'ee'.repeat(32), missing: true },
    ];
    expect(refusal(tampered({ assets: twice }))).toContain('assets.1.sha256: is listed twice');
  });

  it('refuses an update that builds on changes the file lacks', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, TABLE);
    const before = Y.encodeStateVector(doc);
    // A new value of an existing entry points at the value it replaces: alone, it cannot apply.
    doc.getMap('meta').set('schemaVersion', 1);
    const onlyLater = encodeBase64(Y.encodeStateAsUpdate(doc, before));
    expect(refusal(tampered({ table: onlyLater }))).toContain(
      'table: the update is incomplete (it builds on changes the file lacks)',
    );
  });
});
