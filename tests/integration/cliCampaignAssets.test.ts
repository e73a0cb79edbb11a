/**
 * Assets through `meshtable campaign export|import` (the real binary, real relays, real uploads
 * over real sockets): a campaign whose docs reference images, a map and audio stored on relay A
 * moves to an empty relay B with every asset's bytes; importing again skips them; an asset A
 * lacks is listed as missing (or, with --strict, refused); a format 1 file still imports; A's
 * damaged copy of an asset fails the export; B's refusals (type, quota) come back with the
 * relay's codes after the docs are in; and every bad asset line is refused with its
 * CAMPAIGN_FILE_* code before anything reaches the relay.
 */
import { open, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CreatedCampaign, toYValue } from '@meshtable/campaign';
import { gmRoomName, TABLE_MAPS } from '@meshtable/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  sampleGif,
  sampleJpeg,
  sampleOgg,
  samplePng,
  sampleUvtt,
  sampleWav,
  sampleWebp,
  sha256Hex,
} from '../support/assetSamples';
import {
  type CliRelays,
  campaignCli,
  getAsset,
  newCampaign,
  pullDoc,
  putCampaign,
  sameDoc,
  startCliRelays,
} from '../support/campaignCli';
import type { CliRun } from '../support/meshtableCli';
import { startTempRelay, type TempRelay } from '../support/tempRelay';

/** Longer than the other campaign tests allow: these stream megabytes through two relays. */
const { run: meshtableCampaign, exportFrom } = campaignCli(60_000);

/** Where a campaign's records point: scene backgrounds, token images, hidden token images. */
interface CampaignAssets {
  readonly backgrounds?: readonly Buffer[];
  readonly tokens?: readonly Buffer[];
  readonly hidden?: readonly Buffer[];
}

/** A campaign whose records reference the given assets (by their SHA-256). */
function makeCampaign(name: string, assets: CampaignAssets): CreatedCampaign {
  const created = newCampaign(name);
  const { table, gm } = created;
  table.transact(() => {
    (assets.backgrounds ?? []).forEach((bytes, index) => {
      table
        .getMap(TABLE_MAPS.scenes)
        .set(
          `s${index}`,
          toYValue({ id: `s${index}`, name: 'Scene', background: sha256Hex(bytes) }),
        );
    });
    (assets.tokens ?? []).forEach((bytes, index) => {
      table
        .getMap(TABLE_MAPS.tokens)
        .set(`t${index}`, toYValue({ id: `t${index}`, name: 'Token', image: sha256Hex(bytes) }));
    });
  });
  (assets.hidden ?? []).forEach((bytes, index) => {
    gm.getMap('tokens').set(`h${index}`, toYValue({ id: `h${index}`, image: sha256Hex(bytes) }));
  });
  return created;
}

/** Whether a room on a relay holds nothing. */
async function roomIsEmpty(relay: TempRelay, room: string, key: string): Promise<boolean> {
  return (await pullDoc(relay.relay.url, room, key)).store.clients.size === 0;
}

function expectRefused(run: CliRun, code: string): void {
  expect(run, run.stderr).toMatchObject({ code: 3, stdout: '' });
  expect(run.stderr).toMatch(new RegExp(`^meshtable: ${code}: `));
}

const PNG = samplePng();
const JPEG = sampleJpeg();
const WEBP = sampleWebp();
const GIF = sampleGif();
const OGG = sampleOgg();
const MAP = sampleUvtt();
/** Larger than a read chunk (1 MiB) and than many socket chunks, to stream for real. */
const MUSIC = sampleWav(1_500_000, 1);
const ALL = [PNG, JPEG, WEBP, GIF, OGG, MAP, MUSIC];

let relays: CliRelays;
let a: TempRelay;
let b: TempRelay;
let work: string;
let original: CreatedCampaign;
let file: string;

beforeAll(async () => {
  relays = await startCliRelays('meshtable-campaign-assets-');
  ({ source: a, target: b, work } = relays);
  original = makeCampaign('Maps and Music', {
    backgrounds: [PNG, MAP],
    tokens: [JPEG, WEBP, GIF, OGG],
    hidden: [MUSIC],
  });
  await putCampaign(a, original, ALL);
  file = join(work, 'maps.jsonl');
  const run = await exportFrom(a, original, file);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
});

afterAll(async () => {
  await relays?.dispose();
});

describe('a campaign with its assets', () => {
  it('moves from relay A to an empty relay B with every asset, byte for byte', async () => {
    const text = await readFile(file, 'utf8');
    const [headerLine, ...assetLines] = text.trimEnd().split('\n');
    const header = JSON.parse(headerLine as string);
    expect(header.meshtableCampaign).toBe(2);
    expect(header.assets).toHaveLength(ALL.length);
    expect(assetLines).toHaveLength(ALL.length);
    for (const bytes of ALL) expect(await getAsset(b.relay.url, bytes)).toBeNull();

    const run = await meshtableCampaign('import', file, '--relay', b.relay.url, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).assets).toEqual({
      uploaded: ALL.length,
      alreadyStored: 0,
      missing: [],
      refused: [],
    });
    for (const bytes of ALL) expect(await getAsset(b.relay.url, bytes)).toEqual(bytes);
    const table = await pullDoc(b.relay.url, original.campaignId, original.tableKey);
    expect(sameDoc(table, original.table)).toBe(true);
  });

  it('streams the same file to stdout with --out -, the summary on stderr', async () => {
    const run = await exportFrom(a, original, '-');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Exported "Maps and Music"');
    const written = await readFile(file, 'utf8');
    const withoutDate = (text: string) => text.replace(/"exportedAt":"[^"]+"/, '');
    expect(withoutDate(run.stdout)).toBe(withoutDate(written));
  });

  it('is imported again safely: the docs merge and stored assets are skipped', async () => {
    const run = await meshtableCampaign('import', file, '--relay', b.relay.url);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(', merged with what the relay held');
    expect(run.stdout).toContain(
      `  assets       ${ALL.length} listed: 0 uploaded, 7 stored already`,
    );
  });

  it('reports progress on stderr when there are many assets', async () => {
    const many = Array.from({ length: 24 }, (_, index) => sampleWav(40, 1000 + index));
    const created = makeCampaign('Many Tokens', { tokens: many });
    await putCampaign(a, created, many);
    const path = join(work, 'many.jsonl');
    const exported = await exportFrom(a, created, path);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(/^meshtable: assets 24\/24 exported \(.+ of .+\)$/m);
    const imported = await meshtableCampaign('import', path, '--relay', b.relay.url);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/^meshtable: assets 24\/24 uploaded \(/m);
    for (const bytes of many) expect(await getAsset(b.relay.url, bytes)).toEqual(bytes);
  });
});

describe('an asset the source relay lacks', () => {
  const present = sampleWav(64, 2);
  const lacking = sampleWav(64, 3);
  let created: CreatedCampaign;
  beforeAll(async () => {
    created = makeCampaign('Half There', { tokens: [present, lacking] });
    await putCampaign(a, created, [present]);
  });

  it('is listed as missing with a warning, and import says so too', async () => {
    const path = join(work, 'half.jsonl');
    const run = await exportFrom(a, created, path);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `meshtable: warning: asset ${sha256Hex(lacking)} is not on the relay at ${a.relay.url}/: the file lists it as missing\n`,
    );
    expect(run.stdout).toContain('2 referenced, 1 in the file (');
    expect(run.stdout).toContain(', 1 missing (see the warnings)');
    const header = JSON.parse((await readFile(path, 'utf8')).split('\n')[0] as string);
    expect(header.assets).toContainEqual({ sha256: sha256Hex(lacking), missing: true });

    const imported = await meshtableCampaign('import', path, '--relay', b.relay.url, '--json');
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain(
      `meshtable: warning: asset ${sha256Hex(lacking)} is neither in the file nor on the relay`,
    );
    expect(JSON.parse(imported.stdout).assets).toMatchObject({
      uploaded: 1,
      missing: [sha256Hex(lacking)],
    });
    expect(await getAsset(b.relay.url, present)).toEqual(present);
  });

  it('is refused with --strict: RELAY_ASSET_MISSING, and no file is written', async () => {
    const path = join(work, 'strict.jsonl');
    const run = await exportFrom(a, created, path, '--strict');
    expectRefused(run, 'RELAY_ASSET_MISSING');
    expect(run.stderr).toContain(`${sha256Hex(lacking)} (not on the relay)`);
    expect(run.stderr).toContain('Nothing was written.');
    await expect(stat(path)).rejects.toThrow('ENOENT');
  });
});

describe('a format 1 file', () => {
  it('still imports: its docs, and its assets reported as the relay has them', async () => {
    const onRelay = sampleWav(64, 4);
    const nowhere = sampleWav(64, 5);
    const created = makeCampaign('Old File', { tokens: [onRelay, nowhere] });
    // The relay has one of them already, uploaded for another room.
    const other = makeCampaign('Other', {});
    await putCampaign(b, other, [onRelay]);
    const path = join(work, 'old.json');
    await writeFile(
      path,
      JSON.stringify(
        {
          meshtableCampaign: 1,
          campaignId: created.campaignId,
          exportedAt: new Date().toISOString(),
          keys: { tableKey: created.tableKey, gmKey: created.gmKey },
          table: Buffer.from(Y.encodeStateAsUpdate(created.table)).toString('base64'),
          gm: Buffer.from(Y.encodeStateAsUpdate(created.gm)).toString('base64'),
          assets: [onRelay, nowhere].map((bytes) => ({ sha256: sha256Hex(bytes), data: null })),
        },
        null,
        2,
      ),
    );
    const run = await meshtableCampaign('import', path, '--relay', b.relay.url);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      '  assets       2 listed: 0 uploaded, 1 stored already, 1 missing',
    );
    expect(run.stderr).toBe(
      `meshtable: warning: asset ${sha256Hex(nowhere)} is neither in the file nor on the relay (a format 1 file carries no asset bytes): what shows it stays blank until it is uploaded\n`,
    );
    const table = await pullDoc(b.relay.url, created.campaignId, created.tableKey);
    expect(sameDoc(table, created.table)).toBe(true);
  });
});

describe("the source relay's damaged copy of an asset", () => {
  it('fails the export with RELAY_ASSET_DAMAGED, and no file is written', async () => {
    const bytes = sampleWav(4000, 6);
    const created = makeCampaign('Damaged', { tokens: [bytes] });
    await putCampaign(a, created, [bytes]);
    const name = sha256Hex(bytes);
    // The disk's copy rots: one byte in the middle changes, the size stays.
    const stored = await open(join(a.dataDir, 'assets', 'files', name.slice(0, 2), name), 'r+');
    await stored.write(Buffer.from([bytes[2000] === 0 ? 1 : 0]), 0, 1, 2000);
    await stored.close();
    const path = join(work, 'damaged.jsonl');
    const run = await exportFrom(a, created, path);
    expectRefused(run, 'RELAY_ASSET_DAMAGED');
    expect(run.stderr).toContain(`served asset ${name} with bytes that hash to `);
    await expect(stat(path)).rejects.toThrow('ENOENT');
  });
});

describe('a relay that refuses assets', () => {
  let c: TempRelay;
  beforeAll(async () => {
    c = await startTempRelay({ assetQuotaBytesPerRoom: 4096 });
  });
  afterAll(async () => {
    await c?.dispose();
  });

  it("exits 3 with the relay's codes after the docs are in, and can be run again", async () => {
    // The first is text (no relay takes it), then three of 3 KB for a room of 4 KiB.
    const text = Buffer.from('just some notes, not an image\n');
    const sounds = [7, 8, 9].map((seed) => sampleWav(3000, seed));
    const created = makeCampaign('Over Quota', { tokens: [text, ...sounds] });
    const path = join(work, 'quota.jsonl');
    await writeFile(path, formatTwoFile(created, [text, ...sounds]));

    const run = await meshtableCampaign('import', path, '--relay', c.relay.url, '--json');
    expect(run.code).toBe(3);
    const printed = JSON.parse(run.stdout);
    expect(printed.assets).toMatchObject({
      uploaded: 1,
      refused: [
        { sha256: sha256Hex(text), status: 415, code: 'ASSET_TYPE_REFUSED' },
        { sha256: sha256Hex(sounds[1] as Buffer), status: 413, code: 'ASSET_QUOTA_EXCEEDED' },
      ],
    });
    expect(run.stderr).toMatch(/^meshtable: RELAY_ASSET_REFUSED: The relay refused 2 assets: /);
    expect(run.stderr).toContain(`${sha256Hex(text)} (415 ASSET_TYPE_REFUSED: `);
    expect(run.stderr).toContain(`(413 ASSET_QUOTA_EXCEEDED: the room has `);
    expect(run.stderr).toContain(
      'Both docs are imported. Of the 4 assets the file carries: 1 uploaded now, 0 stored already, 2 refused, 1 not tried.',
    );
    expect(run.stderr).toContain("ask the relay's operator to raise it (--asset-quota-mb)");
    expect(run.stderr).toContain('Importing the same file again is safe');
    const table = await pullDoc(c.relay.url, created.campaignId, created.tableKey);
    expect(sameDoc(table, created.table)).toBe(true);
    expect(await getAsset(c.relay.url, sounds[0] as Buffer)).toEqual(sounds[0]);
    expect(await getAsset(c.relay.url, sounds[2] as Buffer)).toBeNull();

    const again = await meshtableCampaign('import', path, '--relay', c.relay.url);
    expect(again.code).toBe(3);
    expect(again.stdout).toContain(', merged with what the relay held');
    expect(again.stdout).toContain(
      '4 listed: 0 uploaded, 1 stored already, 2 refused, 1 not tried',
    );
  });
});

describe('a bad campaign file', () => {
  const first = sampleWav(700, 10);
  const second = sampleWav(900, 11);
  let created: CreatedCampaign;
  let header: string;
  let lines: string[];

  beforeAll(async () => {
    created = makeCampaign('Never Imported', { tokens: [first, second] });
    await putCampaign(a, created, [first, second]);
    const path = join(work, 'never.jsonl');
    const run = await exportFrom(a, created, path);
    expect(run.code, run.stderr).toBe(0);
    const [head, ...rest] = (await readFile(path, 'utf8')).split('\n');
    header = `${head}\n`;
    lines = rest.filter((line) => line !== '').map((line) => `${line}\n`);
  });

  it('is refused with its CAMPAIGN_FILE_* code, and nothing reaches the relay', async () => {
    const lineOf = (bytes: Buffer) =>
      lines.find((line) => line.includes(sha256Hex(bytes))) as string;
    const stranger = sampleWav(50, 12);
    const damaged = lineOf(first).replace(
      /"data":"(.)/,
      (_, char) => `"data":"${char === 'A' ? 'B' : 'A'}`,
    );
    const variants: Record<string, [string, string]> = {
      truncated: [header + lines.join('').slice(0, -200), 'CAMPAIGN_FILE_TRUNCATED'],
      lineMissing: [header + lineOf(first), 'CAMPAIGN_FILE_TRUNCATED'],
      hashMismatch: [header + damaged + lineOf(second), 'CAMPAIGN_FILE_ASSET_HASH_MISMATCH'],
      unknown: [
        `${header + lines.join('')}{"sha256":"${sha256Hex(stranger)}","data":"${stranger.toString('base64')}"}\n`,
        'CAMPAIGN_FILE_ASSET_UNKNOWN',
      ],
      duplicate: [header + lines.join('') + lineOf(second), 'CAMPAIGN_FILE_ASSET_DUPLICATE'],
      badBase64: [
        header + lineOf(first).replace('"data":"', '"data":"!') + lineOf(second),
        'CAMPAIGN_FILE_BASE64_INVALID',
      ],
      sizeMismatch: [
        header.replace(`"size":${first.length}`, `"size":${first.length + 3}`) + lines.join(''),
        'CAMPAIGN_FILE_ASSET_SIZE_MISMATCH',
      ],
    };
    const runs = await Promise.all(
      Object.entries(variants).map(async ([name, [content, code]]) => {
        const path = join(work, `bad-${name}.jsonl`);
        await writeFile(path, content);
        return { name, code, run: await meshtableCampaign('import', path, '--relay', b.relay.url) };
      }),
    );
    for (const { name, code, run } of runs) {
      expect(run.stderr, name).toMatch(new RegExp(`^meshtable: ${code}: `));
      expect(run, name).toMatchObject({ code: 3, stdout: '' });
    }
    const messages = Object.fromEntries(runs.map(({ name, run }) => [name, run.stderr]));
    expect(messages.lineMissing).toContain(
      `ends before the bytes of 1 of the 2 assets its index lists (the first: ${sha256Hex(second)})`,
    );
    expect(messages.hashMismatch).toContain(
      `holds bytes for asset ${sha256Hex(first)} that hash to`,
    );
    expect(messages.unknown).toContain(
      `Line 4 of the campaign file holds asset ${sha256Hex(stranger)}`,
    );
    expect(messages.duplicate).toContain(
      `Line 4 of the campaign file holds asset ${sha256Hex(second)} again`,
    );
    expect(messages.badBase64).toContain(
      'the character "!" at position 1 of its data is not base64',
    );

    // Nothing of the campaign reached relay B: neither room, nor any asset.
    expect(await roomIsEmpty(b, created.campaignId, created.tableKey)).toBe(true);
    expect(await roomIsEmpty(b, gmRoomName(created.campaignId), created.gmKey)).toBe(true);
    expect(await getAsset(b.relay.url, first)).toBeNull();
    expect(await getAsset(b.relay.url, second)).toBeNull();
  });

  it('is refused when its header line is longer than any can be', async () => {
    const path = join(work, 'too-long.jsonl');
    const handle = await open(path, 'w');
    await handle.write(`{"meshtableCampaign":2,"campaignId":"${created.campaignId}","table":"`);
    const block = Buffer.alloc(1024 * 1024, 'A');
    for (let i = 0; i < 65; i++) await handle.write(block);
    await handle.write('"}\n');
    await handle.close();
    const run = await meshtableCampaign('import', path, '--relay', b.relay.url);
    expectRefused(run, 'CAMPAIGN_FILE_LINE_TOO_LONG');
    expect(run.stderr).toContain('Line 1 of the campaign file is longer than 67108864 bytes');
  });
});

/**
 * A format 2 file written by hand (the test knows the format): the header, then each asset's
 * line. It can carry what no relay would serve for export, such as text.
 */
function formatTwoFile(created: CreatedCampaign, assets: readonly Buffer[]): string {
  const header = {
    meshtableCampaign: 2,
    campaignId: created.campaignId,
    exportedAt: new Date().toISOString(),
    keys: { tableKey: created.tableKey, gmKey: created.gmKey },
    table: Buffer.from(Y.encodeStateAsUpdate(created.table)).toString('base64'),
    gm: Buffer.from(Y.encodeStateAsUpdate(created.gm)).toString('base64'),
    assets: assets.map((bytes) => ({ sha256: sha256Hex(bytes), size: bytes.length })),
  };
  const lines = assets.map(
    (bytes) => `{"sha256":"${sha256Hex(bytes)}","data":"${bytes.toString('base64')}"}\n`,
  );
  return `${JSON.stringify(header)}\n${lines.join('')}`;
}
