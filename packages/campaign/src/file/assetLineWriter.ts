/**
 * Writes a campaign file's asset lines (campaignFile.ts) as the asset's bytes arrive: base64 in
 * pieces of whole triples, so that no asset is ever held whole, and a hash of what was written,
 * so that the caller can tell whether the bytes were the asset they were named for.
 */
import { sha256 as sha256Hash } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { ASSET_LINE_END, ASSET_LINE_MIDDLE, ASSET_LINE_START } from './assetLineReader';
import { concatBytes, encodeBase64 } from './base64';

/** Where a campaign file goes: each write resolves once the bytes are taken (backpressure). */
export interface ByteSink {
  write(chunk: string | Uint8Array): Promise<void>;
}

/** What an asset line held, once written. */
export interface WrittenAsset {
  readonly size: number;
  /** The SHA-256 of the bytes written, in lowercase hex. */
  readonly sha256: string;
}

/** One asset line being written. */
export class AssetLineWriter {
  private carry: Uint8Array = new Uint8Array(0);
  private size = 0;
  private readonly hash = sha256Hash.create();

  private constructor(private readonly sink: ByteSink) {}

  /** Starts the line of asset `sha256`: writes everything before its data. */
  static async start(sink: ByteSink, sha256: string): Promise<AssetLineWriter> {
    await sink.write(`${ASSET_LINE_START}${sha256}${ASSET_LINE_MIDDLE}`);
    return new AssetLineWriter(sink);
  }

  /** Writes the next piece of the asset's bytes. */
  async write(bytes: Uint8Array): Promise<void> {
    this.size += bytes.byteLength;
    this.hash.update(bytes);
    const pending = this.carry.length === 0 ? bytes : concatBytes([this.carry, bytes]);
    // Base64 turns each 3 bytes into 4 characters: a remainder waits for the next piece.
    const whole = pending.length - (pending.length % 3);
    // A copy: the caller may reuse `bytes` once this resolves.
    this.carry = pending.slice(whole);
    if (whole > 0) await this.sink.write(encodeBase64(pending.subarray(0, whole)));
  }

  /** Ends the line (its padding, its closing brace and newline). */
  async end(): Promise<WrittenAsset> {
    await this.sink.write(`${encodeBase64(this.carry)}${ASSET_LINE_END}\n`);
    return { size: this.size, sha256: bytesToHex(this.hash.digest()) };
  }
}
