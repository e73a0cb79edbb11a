/**
 * Opens a campaign file of either format and checks all of it before anything is sent anywhere:
 * the header (campaignFile.ts) and, for format 2, every asset line against the index (listed,
 * once, of its size, hashing to its name) and the index against the lines (none missing). Only
 * then does an import store or send anything; it reads the asset lines a second time to upload
 * them ({@link CampaignFileContents.streamAssets}), checking each again as it streams, so a file
 * changed in between is caught too. Memory holds the header and one read chunk, never an asset.
 *
 * Realm-neutral: the file comes as a {@link CampaignFileSource}, a Node file in the CLI
 * (packages/cli readCampaignFile.ts), a Blob in the browser (blobSource.ts).
 */
import { sha256 as sha256Hash } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { type AssetLineHandler, CampaignFileReader, type ChunkSource } from './assetLineReader';
import { concatBytes } from './base64';
import { CampaignTransferError } from './CampaignTransferError';
import {
  decodeCampaignHeader,
  decodeCampaignText,
  formatOf,
  invalidFile,
  type LoadedCampaignFile,
  MAX_FORMAT1_FILE_BYTES,
  MAX_HEADER_LINE_BYTES,
} from './campaignFile';

/** A campaign file to read, wherever its bytes are. */
export interface CampaignFileSource {
  /** The file's size in bytes. */
  size(): Promise<number>;
  /** The file's bytes from `start` on; each call is a reading of its own. */
  read(start: number): ChunkSource;
}

/** An asset whose bytes the file carries. */
export interface IncludedAsset {
  readonly sha256: string;
  readonly size: number;
}

/** Where one asset's bytes go while the file is read again. */
export interface AssetSink {
  /** The next piece of the asset's bytes; reading waits for it. */
  write(bytes: Uint8Array): Promise<void>;
  /** All bytes were written and checked against the name. */
  end(): Promise<void>;
  /** The asset's line turned out bad (or reading failed): drop what was written. */
  abort(): void;
}

/** Chooses, for each asset line as it comes, a sink for its bytes, or null to skip them. */
export type AssetVisitor = (asset: IncludedAsset) => Promise<AssetSink | null>;

/** A campaign file, opened and checked whole. */
export interface CampaignFileContents {
  readonly file: LoadedCampaignFile;
  /** The bytes of the assets the file carries, all together. */
  readonly assetBytes: number;
  /**
   * Reads the asset lines again, in the file's order, checking each as the first reading did,
   * and hands each asset's bytes to the sink `visit` chooses. A line found bad aborts its sink
   * and throws; so does anything `visit` or a sink throws.
   */
  streamAssets(visit: AssetVisitor): Promise<void>;
}

/** Limits of {@link openCampaignFile}; tests lower them. */
export interface OpenLimits {
  readonly maxHeaderLineBytes: number;
}

const DEFAULT_LIMITS: OpenLimits = { maxHeaderLineBytes: MAX_HEADER_LINE_BYTES };

/** How a format 2 file starts, as Meshtable writes it: a header cut short still shows this. */
const FORMAT2_START = /^\{\s*"meshtableCampaign"\s*:\s*2\s*[,}]/;

/**
 * Opens and checks a campaign file (format 1 or 2).
 * @throws CampaignTransferError `CAMPAIGN_FILE_INVALID` (the message names the field or the
 *   line), `CAMPAIGN_FILE_UNSUPPORTED_VERSION`, `CAMPAIGN_FILE_TRUNCATED`,
 *   `CAMPAIGN_FILE_LINE_TOO_LONG`, `CAMPAIGN_FILE_BASE64_INVALID`,
 *   `CAMPAIGN_FILE_ASSET_HASH_MISMATCH`, `CAMPAIGN_FILE_ASSET_SIZE_MISMATCH`,
 *   `CAMPAIGN_FILE_ASSET_UNKNOWN`, `CAMPAIGN_FILE_ASSET_DUPLICATE`
 * @example
 * const contents = await openCampaignFile(blobSource(file));
 * await contents.streamAssets(async (asset) => null); // each asset checked again, none kept
 */
export async function openCampaignFile(
  source: CampaignFileSource,
  limits: OpenLimits = DEFAULT_LIMITS,
): Promise<CampaignFileContents> {
  const reader = new CampaignFileReader(source.read(0), 0, 1);
  const first = await reader.readLine(limits.maxHeaderLineBytes);
  if (first === null) throw invalidFile('it is empty');
  const firstText = new TextDecoder().decode(first.bytes);
  const header = parseJson(firstText);
  const version = formatOf(header);
  if (typeof version === 'number' && version >= 2) {
    const file = decodeCampaignHeader(header);
    const start = reader.offset;
    const scan = (visit: AssetVisitor | null) => scanAssetLines(source, start, file, visit);
    const assetBytes = await scan(null);
    return {
      file,
      assetBytes,
      streamAssets: async (visit) => {
        await scan(visit);
      },
    };
  }
  if (!first.terminated && FORMAT2_START.test(firstText)) {
    throw new CampaignTransferError(
      'CAMPAIGN_FILE_TRUNCATED',
      'The campaign file ends inside its header line: it was cut short (an interrupted export or copy). Export it again, or use a complete copy.',
    );
  }
  const file = await readFormat1(source);
  return { file, assetBytes: 0, streamAssets: async () => {} };
}

/** Format 1 is one JSON object, read whole (it is capped); its first line told nothing. */
async function readFormat1(source: CampaignFileSource): Promise<LoadedCampaignFile> {
  const size = await source.size();
  if (size > MAX_FORMAT1_FILE_BYTES) {
    throw invalidFile(
      `it is ${size} bytes and does not start with a format 2 header line; a format 1 file is at most ${MAX_FORMAT1_FILE_BYTES}`,
    );
  }
  const chunks = source.read(0);
  const pieces: Uint8Array[] = [];
  for (let piece = await chunks.next(); piece !== null; piece = await chunks.next()) {
    pieces.push(piece);
  }
  const text = new TextDecoder().decode(concatBytes(pieces));
  // A format 2 file whose header is spread over lines (an editor reformatted it, say).
  if (FORMAT2_START.test(text)) {
    throw invalidFile('a format 2 file holds its header on its first line, all of it');
  }
  return decodeCampaignText(text);
}

/**
 * Reads every asset line from `start`, checking each against the index, and the index against
 * the lines.
 * @returns the bytes of all assets read
 */
async function scanAssetLines(
  source: CampaignFileSource,
  start: number,
  file: LoadedCampaignFile,
  visit: AssetVisitor | null,
): Promise<number> {
  const index: AssetIndex = { expected: new Map(), listedMissing: new Set(), seen: new Set() };
  for (const asset of file.assets) {
    if (asset.size === null) index.listedMissing.add(asset.sha256);
    else index.expected.set(asset.sha256, asset.size);
  }
  const reader = new CampaignFileReader(source.read(start), start, 2);
  let total = 0;
  for (;;) {
    const line = new AssetLineCheck(index, reader, visit);
    try {
      if (!(await reader.readAssetLine(line))) break;
      total += line.finish();
    } catch (error) {
      line.sink?.abort();
      throw error;
    }
    await line.sink?.end();
  }
  const absent = [...index.expected.keys()].filter((sha256) => !index.seen.has(sha256));
  if (absent.length > 0) {
    throw new CampaignTransferError(
      'CAMPAIGN_FILE_TRUNCATED',
      `The campaign file ends before the bytes of ${absent.length} of the ${index.expected.size} assets its index lists (the first: ${absent[0]}): it was cut short, or lines were taken out. Export it again, or use a complete copy.`,
    );
  }
  return total;
}

/** The index as a scan checks lines against it. */
interface AssetIndex {
  /** Each asset with bytes in the file, and its size. */
  readonly expected: Map<string, number>;
  /** The assets the index lists as missing. */
  readonly listedMissing: Set<string>;
  /** The assets whose line was read. */
  readonly seen: Set<string>;
}

/** Checks one asset line as it streams: listed, not seen before, of its size, of its hash. */
class AssetLineCheck implements AssetLineHandler {
  asset: IncludedAsset | null = null;
  sink: AssetSink | null = null;
  private received = 0;
  private readonly hash = sha256Hash.create();

  constructor(
    private readonly index: AssetIndex,
    private readonly reader: CampaignFileReader,
    private readonly visit: AssetVisitor | null,
  ) {}

  async begin(sha256: string): Promise<void> {
    const line = this.reader.lineNumber;
    if (this.index.seen.has(sha256)) {
      throw fileError('CAMPAIGN_FILE_ASSET_DUPLICATE', line, `holds asset ${sha256} again`);
    }
    const size = this.index.expected.get(sha256);
    if (size === undefined) {
      throw fileError(
        'CAMPAIGN_FILE_ASSET_UNKNOWN',
        line,
        this.index.listedMissing.has(sha256)
          ? `holds asset ${sha256}, which the index lists as missing`
          : `holds asset ${sha256}, which the index does not list`,
      );
    }
    this.index.seen.add(sha256);
    this.asset = { sha256, size };
    this.sink = this.visit === null ? null : await this.visit(this.asset);
  }

  async data(bytes: Uint8Array): Promise<void> {
    const asset = this.started();
    this.received += bytes.length;
    // Checked as the bytes come, so a line far longer than its asset is not read to its end.
    if (this.received > asset.size) throw this.sizeMismatch('more than');
    this.hash.update(bytes);
    await this.sink?.write(bytes);
  }

  /**
   * Checks the whole line once read.
   * @returns its asset's size
   */
  finish(): number {
    const asset = this.started();
    if (this.received !== asset.size) throw this.sizeMismatch('fewer than');
    const digest = bytesToHex(this.hash.digest());
    if (digest !== asset.sha256) {
      throw fileError(
        'CAMPAIGN_FILE_ASSET_HASH_MISMATCH',
        this.reader.lineNumber,
        `holds bytes for asset ${asset.sha256} that hash to ${digest}: they were damaged or changed`,
      );
    }
    return asset.size;
  }

  private started(): IncludedAsset {
    if (this.asset === null) throw new Error('an asset line handed on data before its name');
    return this.asset;
  }

  private sizeMismatch(relation: 'more than' | 'fewer than'): CampaignTransferError {
    const asset = this.started();
    return fileError(
      'CAMPAIGN_FILE_ASSET_SIZE_MISMATCH',
      this.reader.lineNumber,
      `holds ${relation} the ${asset.size} bytes the index gives for asset ${asset.sha256}`,
    );
  }
}

function fileError(
  code: CampaignTransferError['code'],
  line: number,
  problem: string,
): CampaignTransferError {
  return new CampaignTransferError(code, `Line ${line} of the campaign file ${problem}.`);
}

/** The parsed value, or undefined for text that is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
