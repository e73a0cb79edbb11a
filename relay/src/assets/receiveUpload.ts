/**
 * Reads an upload's body as it arrives: every chunk is counted against the caps, hashed, checked
 * for its type as soon as its first bytes are in (and, for JSON, parsed as it streams) and
 * written to a file under `incoming/`. A refusal comes as soon as the bytes that justify it have
 * arrived, and nothing of the body is ever held in memory beyond the chunk at hand.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AssetError } from './AssetError';
import type { AssetWriter } from './AssetStore';
import { type AssetTypeName, MAX_SNIFF_BYTES, sniffAssetType } from './assetTypes';
import { JsonObjectChecker } from './JsonObjectChecker';

/** The caps an upload is held to. */
export interface UploadLimits {
  /** Largest body of any type. */
  readonly maxBytes: number;
  /** Largest JSON body (it is parsed in full by the app that opens it). */
  readonly maxJsonBytes: number;
  /** What the room may still store; Infinity when it has paid for this asset already. */
  readonly quotaLeft: number;
}

/** A body that passed every check and is written, not yet in place. */
export interface ReceivedUpload {
  readonly size: number;
  readonly type: AssetTypeName;
}

/** A byte count in words: `25 MiB`, `512 KiB`, `100 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * Streams `body` into `writer`, checking it against `sha256` and `limits`.
 * @throws AssetError ASSET_TOO_LARGE, ASSET_QUOTA_EXCEEDED, ASSET_TYPE_REFUSED, ASSET_JSON_INVALID,
 * ASSET_HASH_MISMATCH, or ASSET_UPLOAD_ABORTED when the body ends early; the caller discards the
 * writer. The body is not destroyed on a refusal, so that the refusal can still be answered.
 */
export async function receiveUpload(
  body: Readable,
  sha256: string,
  limits: UploadLimits,
  writer: AssetWriter,
): Promise<ReceivedUpload> {
  const hash = createHash('sha256');
  let size = 0;
  let type: AssetTypeName | undefined;
  let head: Buffer = Buffer.alloc(0);
  let json: JsonObjectChecker | undefined;

  const checkSize = () => {
    const cap = type === 'json' ? Math.min(limits.maxBytes, limits.maxJsonBytes) : limits.maxBytes;
    if (size > cap) {
      throw new AssetError(
        'ASSET_TOO_LARGE',
        `the ${type === 'json' ? 'JSON ' : ''}asset is larger than ${formatBytes(cap)}, the most this relay accepts`,
      );
    }
    if (size > limits.quotaLeft) {
      throw new AssetError(
        'ASSET_QUOTA_EXCEEDED',
        `the room has ${formatBytes(Math.max(0, limits.quotaLeft))} of its asset quota left, and this asset is larger`,
      );
    }
  };
  const decide = (complete: boolean) => {
    const sniffed = sniffAssetType(head, complete);
    if (sniffed.kind === 'more') return;
    if (sniffed.kind === 'refused') throw new AssetError('ASSET_TYPE_REFUSED', sniffed.reason);
    type = sniffed.type;
    if (type === 'json') {
      json = new JsonObjectChecker();
      checkJson(json.push(head));
    }
    head = Buffer.alloc(0);
    checkSize();
  };

  try {
    for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      size += chunk.length;
      checkSize();
      if (type === undefined) {
        // Until the type is known, `head` is the whole body so far (at most MAX_SNIFF_BYTES
        // plus one chunk), so the JSON check can start from its first byte.
        head = Buffer.concat([head, chunk]);
        decide(head.length > MAX_SNIFF_BYTES);
      } else if (json) {
        checkJson(json.push(chunk));
      }
      hash.update(chunk);
      await writer.write(chunk).catch((error: unknown) => {
        throw new AssetError('ASSET_STORAGE_FAILED', 'the relay could not write the asset', error);
      });
    }
  } catch (error) {
    if (error instanceof AssetError) throw error;
    throw new AssetError(
      'ASSET_UPLOAD_ABORTED',
      'the client went away before the body was complete',
    );
  }
  if (type === undefined) decide(true);
  const actual = hash.digest('hex');
  if (actual !== sha256) {
    throw new AssetError(
      'ASSET_HASH_MISMATCH',
      `the body's SHA-256 is ${actual}, not the name it was uploaded under`,
    );
  }
  if (json) checkJson((json as JsonObjectChecker).end());
  return { size, type: type as AssetTypeName };
}

function checkJson(problem: string | undefined): void {
  if (problem) {
    throw new AssetError('ASSET_JSON_INVALID', `the JSON asset is not one JSON object: ${problem}`);
  }
}
