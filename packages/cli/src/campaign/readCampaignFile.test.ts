import { createHash } from 'node:crypto';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AssetLineWriter,
  type AssetSink,
  type ByteSink,
  type CampaignAsset,
  CampaignTransferError,
  createCampaign,
  createIdentity,
  encodeCampaignHeader,
} from '@meshtable/campaign';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type ReadLimits, readCampaignFile } from './readCampaignFile';

const created = createCampaign({
  gm: createIdentity('Aria', '#3366ff'),
  name: 'The Sunless Citadel',
  system: { id: 'srd5e', version: '1.2.0', sha256: 'ab'.repeat(32) },
  diceChainLength: 4,
});
const TABLE = Y.encodeStateAsUpdate(created.table);
const GM = Y.encodeStateAsUpdate(created.gm);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (seed: number, length: number) =>
  Buffer.from(Array.from({ length }, (_, i) => (seed * 31 + i * 7) & 0xff));

const MAP = bytesOf(1, 1000);
const TOKEN = bytesOf(2, 31);
const EMPTY = Buffer.alloc(0);
const ABSENT = 'ab'.repeat(32);

/** The header line of a file whose index is `index`. */
function header(index: readonly CampaignAsset[]): string {
  return encodeCampaignHeader(created, TABLE, GM, index);
}

/** An asset line as the writer makes it, its bytes handed over in pieces of `piece` bytes. */
async function assetLine(bytes: Buffer, name = sha256(bytes), piece = 7): Promise<string> {
  const parts: string[] = [];
  const sink: ByteSink = {
    write: async (chunk) => {
      parts.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    },
  };
  const line = await AssetLineWriter.start(sink, name);
  for (let at = 0; at < bytes.length; at += piece) await line.write(bytes.subarray(at, at + piece));
  await line.end();
  return parts.join('');
}

/** A whole file: a header listing `assets` (and ABSENT as missing), then their lines. */
async function goodFile(assets: readonly Buffer[] = [MAP, TOKEN, EMPTY]): Promise<string> {
  const index = assets.map((bytes) => ({ sha256: sha256(bytes), size: bytes.length }));
  const lines = await Promise.all(assets.map((bytes) => assetLine(bytes)));
  return header([...index, { sha256: ABSENT, size: null }]) + lines.join('');
}

let work: string;
let files = 0;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'meshtable-campaign-file-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function fileWith(content: string | Buffer): Promise<string> {
  const path = join(work, `file-${files++}.jsonl`);
  await writeFile(path, content);
  return path;
}

/** Reads a file whole (both passes), collecting each asset's bytes. */
async function readAll(
  path: string,
  limits?: ReadLimits,
): Promise<{ format: number; assets: Map<string, Buffer>; assetBytes: number }> {
  const contents = await readCampaignFile(path, limits);
  try {
    const assets = new Map<string, Buffer>();
    await contents.streamAssets(async (asset) => {
      const parts: Buffer[] = [];
      return {
        write: async (bytes) => {
          parts.push(Buffer.from(bytes));
        },
        end: async () => {
          assets.set(asset.sha256, Buffer.concat(parts));
        },
        abort: () => {},
      };
    });
    return { format: contents.file.format, assets, assetBytes: contents.assetBytes };
  } finally {
    await contents.close();
  }
}

/** The refusal a file meets, as `code: message`. */
async function refusal(content: string | Buffer, limits?: ReadLimits): Promise<string> {
  try {
    await readAll(await fileWith(content), limits);
  } catch (error) {
    if (error instanceof CampaignTransferError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('readCampaignFile', () => {
  it('reads every asset back, byte for byte, and their total size', async () => {
    const read = await readAll(await fileWith(await goodFile()));
    expect(read.format).toBe(2);
    expect(read.assetBytes).toBe(MAP.length + TOKEN.length);
    expect(read.assets).toEqual(
      new Map([
        [sha256(MAP), MAP],
        [sha256(TOKEN), TOKEN],
        [sha256(EMPTY), EMPTY],
      ]),
    );
  });

  it('round-trips any assets through any read chunk size (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.uint8Array({ maxLength: 600 }), {
          maxLength: 6,
          selector: (bytes) => sha256(bytes),
        }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 50 }),
        async (arrays, chunkBytes, piece) => {
          const assets = arrays.map((bytes) => Buffer.from(bytes));
          const index = assets.map((bytes) => ({ sha256: sha256(bytes), size: bytes.length }));
          const lines = await Promise.all(
            assets.map((bytes) => assetLine(bytes, undefined, piece)),
          );
          const path = await fileWith(header(index) + lines.join(''));
          const read = await readAll(path, { maxHeaderLineBytes: 1 << 20, chunkBytes });
          expect([...read.assets.keys()]).toEqual(index.map((asset) => asset.sha256));
          for (const bytes of assets) expect(read.assets.get(sha256(bytes))).toEqual(bytes);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('takes a last line without its newline, and reads format 1 (pretty or compact)', async () => {
    const text = await goodFile();
    expect((await readAll(await fileWith(text.slice(0, -1)))).assets.size).toBe(3);
    const format1 = {
      meshtableCampaign: 1,
      campaignId: created.campaignId,
      exportedAt: '2025-06-01T00:00:00.000Z',
      keys: { tableKey: created.tableKey, gmKey: created.gmKey },
      table: Buffer.from(TABLE).toString('base64'),
      gm: Buffer.from(GM).toString('base64'),
      assets: [{ sha256: ABSENT, data: null }],
    };
    for (const written of [JSON.stringify(format1), JSON.stringify(format1, null, 2)]) {
      const contents = await readCampaignFile(await fileWith(written));
      expect(contents.file.format).toBe(1);
      expect(contents.file.assets).toEqual([{ sha256: ABSENT, size: null }]);
      await contents.close();
    }
  });

  it('refuses a file cut short anywhere past its first bytes with CAMPAIGN_FILE_TRUNCATED', async () => {
    const text = Buffer.from(await goodFile());
    const at = (cut: number) => refusal(text.subarray(0, cut));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 40, max: text.length - 2 }), async (cut) => {
        expect(await at(cut)).toMatch(/^CAMPAIGN_FILE_TRUNCATED: The campaign file ends /);
      }),
      { numRuns: 40 },
    );
    const headerEnd = text.indexOf(0x0a) + 1;
    expect(await at(headerEnd - 10)).toContain('ends inside its header line');
    expect(await at(headerEnd)).toContain(
      `ends before the bytes of 3 of the 3 assets its index lists (the first: ${sha256(MAP)})`,
    );
    expect(await at(headerEnd + 40)).toContain('ends inside its name on line 2');
    expect(await at(headerEnd + 100)).toContain('ends inside its data on line 2');
    expect(await at(0)).toBe(
      'CAMPAIGN_FILE_INVALID: This is not a valid campaign file: it is empty.',
    );
  });

  it('refuses an asset line whose bytes do not hash to its name', async () => {
    const line = await assetLine(TOKEN);
    const data = line.indexOf('"data":"') + 8;
    const swapped = line[data] === 'A' ? 'B' : 'A';
    const damaged = line.slice(0, data) + swapped + line.slice(data + 1);
    const index = [{ sha256: sha256(TOKEN), size: TOKEN.length }];
    expect(await refusal(header(index) + damaged)).toMatch(
      new RegExp(
        `^CAMPAIGN_FILE_ASSET_HASH_MISMATCH: Line 2 of the campaign file holds bytes for asset ${sha256(TOKEN)} that hash to [0-9a-f]{64}: they were damaged or changed\\.$`,
      ),
    );
  });

  it('refuses a line of more or fewer bytes than the index gives', async () => {
    const line = await assetLine(TOKEN);
    const more = [{ sha256: sha256(TOKEN), size: TOKEN.length - 1 }];
    const fewer = [{ sha256: sha256(TOKEN), size: TOKEN.length + 1 }];
    expect(await refusal(header(more) + line)).toBe(
      `CAMPAIGN_FILE_ASSET_SIZE_MISMATCH: Line 2 of the campaign file holds more than the 30 bytes the index gives for asset ${sha256(TOKEN)}.`,
    );
    expect(await refusal(header(fewer) + line)).toContain(
      'holds fewer than the 32 bytes the index gives',
    );
  });

  it('refuses an asset the index does not list, or lists as missing', async () => {
    const index = [{ sha256: sha256(MAP), size: MAP.length }];
    const listed = await assetLine(MAP);
    expect(await refusal(header(index) + listed + (await assetLine(TOKEN)))).toBe(
      `CAMPAIGN_FILE_ASSET_UNKNOWN: Line 3 of the campaign file holds asset ${sha256(TOKEN)}, which the index does not list.`,
    );
    const missing = header([{ sha256: sha256(TOKEN), size: null }]);
    expect(await refusal(missing + (await assetLine(TOKEN)))).toContain(
      `holds asset ${sha256(TOKEN)}, which the index lists as missing`,
    );
  });

  it('refuses a second line for one asset', async () => {
    const line = await assetLine(TOKEN);
    const index = [{ sha256: sha256(TOKEN), size: TOKEN.length }];
    expect(await refusal(header(index) + line + line)).toBe(
      `CAMPAIGN_FILE_ASSET_DUPLICATE: Line 3 of the campaign file holds asset ${sha256(TOKEN)} again.`,
    );
  });

  it('refuses data that is not base64', async () => {
    const bytes = bytesOf(3, 6);
    const name = sha256(bytes);
    const file = (data: string) =>
      `${header([{ sha256: name, size: 6 }])}{"sha256":"${name}","data":"${data}"}\n`;
    const prefix =
      'CAMPAIGN_FILE_BASE64_INVALID: Line 2 of the campaign file holds no valid base64: ';
    expect(await refusal(file('AAA!AAAA'))).toBe(
      `${prefix}the character "!" at position 4 of its data is not base64.`,
    );
    expect(await refusal(file('AA=AAAAA'))).toBe(
      `${prefix}"=" stands inside its data, not at its end.`,
    );
    expect(await refusal(file('AAAAAAA'))).toBe(
      `${prefix}its data is 7 characters long, not a multiple of 4.`,
    );
    expect(await refusal(file('AAAA===='))).toBe(`${prefix}its data ends in more than two "=".`);
    expect(await refusal(file('AAAA\u00e9AAA'))).toContain('is not base64');
  });

  it('refuses lines of another form', async () => {
    const index = [{ sha256: sha256(TOKEN), size: TOKEN.length }];
    const line = await assetLine(TOKEN);
    const notAsset =
      'CAMPAIGN_FILE_INVALID: This is not a valid campaign file: line 2 is not an asset line as Meshtable writes them';
    const reordered = `{"data":"${TOKEN.toString('base64')}","sha256":"${sha256(TOKEN)}"}\n`;
    expect(await refusal(header(index) + reordered)).toContain(notAsset);
    expect(await refusal(`${header(index)}\n${line}`)).toContain(notAsset);
    expect(await refusal(header(index) + line.replace('"}\n', '","x":1}\n'))).toContain(notAsset);
    expect(await refusal(header(index) + line.replace('"}\n', '"} \n'))).toContain(
      'line 2 goes on after its closing brace',
    );
    expect(await refusal(header(index) + line.replace('"}\n', '\n'))).toContain(
      'line 2 ends inside its data (no closing quote)',
    );
    const pretty = JSON.stringify(JSON.parse(header(index)), null, 2);
    expect(await refusal(`${pretty}\n${line}`)).toContain(
      'a format 2 file holds its header on its first line',
    );
  });

  it('refuses a header line longer than its cap', async () => {
    const text = await goodFile();
    expect(await refusal(text, { maxHeaderLineBytes: 1000, chunkBytes: 256 })).toBe(
      "CAMPAIGN_FILE_LINE_TOO_LONG: Line 1 of the campaign file is longer than 1000 bytes, more than any campaign file's can be: it is damaged, or not a campaign file.",
    );
  });

  it('checks each asset again as it streams, aborting its sink when the file changed', async () => {
    const path = await fileWith(await goodFile([MAP]));
    const contents = await readCampaignFile(path);
    try {
      // Damage one byte of the asset line in place, after the first reading checked it.
      const handle = await open(path, 'r+');
      const { size } = await handle.stat();
      const at = Buffer.alloc(1);
      await handle.read(at, 0, 1, size - 20);
      await handle.write(Buffer.from(at[0] === 0x41 ? 'B' : 'A'), 0, 1, size - 20);
      await handle.close();
      const events: string[] = [];
      const sink: AssetSink = {
        write: async () => {
          events.push('write');
        },
        end: async () => {
          events.push('end');
        },
        abort: () => events.push('abort'),
      };
      await expect(contents.streamAssets(async () => sink)).rejects.toMatchObject({
        code: 'CAMPAIGN_FILE_ASSET_HASH_MISMATCH',
      });
      expect(events.at(-1)).toBe('abort');
      expect(events).not.toContain('end');
    } finally {
      await contents.close();
    }
  });
});
