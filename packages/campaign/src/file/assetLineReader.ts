/**
 * Reads a campaign file's lines (campaignFile.ts) from a source of its bytes (a Node file, a
 * browser Blob: campaignFileSource.ts), one chunk at a time.
 *
 * The header line is collected whole (it must be parsed as JSON), up to a cap. An asset line is
 * never collected: it has one fixed form, `{"sha256":"<64 hex>","data":"<base64>"}`, so its data
 * can be checked and decoded piece by piece as it is read and handed on (to a hash, to an
 * upload). That is what lets a file carry hundreds of MB of assets while the reader holds one
 * chunk. Whether a line's asset belongs in the file is the caller's business
 * (openCampaignFile.ts); this file knows the syntax only.
 */
import { binaryString, concatBytes, decodeBase64 } from './base64';
import { CampaignTransferError } from './CampaignTransferError';
import { invalidFile } from './campaignFile';

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const CLOSE_BRACE = 0x7d;
const EQUALS = 0x3d;

/** An asset line as Meshtable writes it, up to its data: `{"sha256":"<64 hex>","data":"`. */
export const ASSET_LINE_START = '{"sha256":"';
/** What follows the name in an asset line. */
export const ASSET_LINE_MIDDLE = '","data":"';
/** What ends an asset line, before its newline. */
export const ASSET_LINE_END = '"}';

const NAME_START = ASSET_LINE_START.length;
const NAME_END = NAME_START + 64;
const HEAD_LENGTH = NAME_END + ASSET_LINE_MIDDLE.length;

/** Which bytes may appear in base64 data: the alphabet (1) and the padding `=` (2). */
const BASE64_BYTES = new Uint8Array(256);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') {
  BASE64_BYTES[char.charCodeAt(0)] = 1;
}
BASE64_BYTES[EQUALS] = 2;

/** The default size of each read. */
export const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * A file's bytes from some position on, in order, one chunk at a time. A chunk handed out is
 * never changed afterwards (pieces of it may still be in use).
 */
export interface ChunkSource {
  /** The next chunk (never empty), or null at the end of the file. */
  next(): Promise<Uint8Array | null>;
}

/** What a reader hands on while it reads one asset line. */
export interface AssetLineHandler {
  /** The line's name, once it is read: before any of its data. */
  begin(sha256: string): Promise<void> | void;
  /** The next piece of the decoded bytes; the reader waits for it before reading on. */
  data(bytes: Uint8Array): Promise<void> | void;
}

/** A line read whole. */
export interface WholeLine {
  readonly bytes: Uint8Array;
  /** False when the file ended before a newline. */
  readonly terminated: boolean;
}

/** Reads lines from a source of a file's bytes, keeping one chunk in memory. */
export class CampaignFileReader {
  private chunk: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private nextRead: number;
  private ended = false;
  private line: number;

  /**
   * @param source the file's bytes from `start` on
   * @param start the file position of the first line to read
   * @param firstLine that line's number, for messages (the header is line 1)
   */
  constructor(
    private readonly source: ChunkSource,
    start = 0,
    firstLine = 1,
  ) {
    this.nextRead = start;
    this.line = firstLine - 1;
  }

  /** The file position of the next byte to be read. */
  get offset(): number {
    return this.nextRead - (this.chunk.length - this.pos);
  }

  /** The number of the line read last, or being read. */
  get lineNumber(): number {
    return this.line;
  }

  /**
   * Reads the next line whole, without its newline.
   * @returns null at the end of the file
   * @throws CampaignTransferError `CAMPAIGN_FILE_LINE_TOO_LONG` past `maxBytes`
   */
  async readLine(maxBytes: number): Promise<WholeLine | null> {
    const parts: Uint8Array[] = [];
    let length = 0;
    for (;;) {
      const available = await this.available();
      if (available === null) {
        if (parts.length === 0) return null;
        return { bytes: concatBytes(parts), terminated: false };
      }
      if (parts.length === 0) this.line++;
      const newline = available.indexOf(NEWLINE);
      const piece = newline < 0 ? available : available.subarray(0, newline);
      length += piece.length;
      if (length > maxBytes) {
        throw new CampaignTransferError(
          'CAMPAIGN_FILE_LINE_TOO_LONG',
          `Line ${this.line} of the campaign file is longer than ${maxBytes} bytes, more than any campaign file's can be: it is damaged, or not a campaign file.`,
        );
      }
      parts.push(piece);
      this.pos += newline < 0 ? available.length : newline + 1;
      if (newline >= 0) return { bytes: concatBytes(parts), terminated: true };
    }
  }

  /**
   * Reads the next asset line, handing on its name, then its decoded bytes piece by piece. A
   * last line may end with the end of the file instead of a newline.
   * @returns false at the end of the file (no line left)
   * @throws CampaignTransferError `CAMPAIGN_FILE_INVALID` for a line of another form,
   *   `CAMPAIGN_FILE_BASE64_INVALID`, `CAMPAIGN_FILE_TRUNCATED` for a file that ends inside the
   *   line; and whatever the handler throws
   */
  async readAssetLine(handler: AssetLineHandler): Promise<boolean> {
    const head = await this.readHead();
    if (head === null) return false;
    await handler.begin(binaryString(head.subarray(NAME_START, NAME_END)));

    // Base64 comes in quartets; a quartet split across two reads waits in `carry`.
    let carry = '';
    let characters = 0;
    let padding = 0;
    for (;;) {
      const available = await this.available();
      if (available === null) throw this.truncated('inside its data');
      let end = 0;
      for (; end < available.length; end++) {
        const byte = available[end] as number;
        if (byte === QUOTE || byte === NEWLINE) break;
        const kind = BASE64_BYTES[byte];
        if (kind === 0) {
          throw this.badBase64(
            `the character ${JSON.stringify(String.fromCharCode(byte))} at position ${characters + end + 1} of its data is not base64`,
          );
        }
        if (kind === 2) {
          // Checked here, before decoding: `atob` refuses what Buffer let through.
          if (++padding > 2) throw this.badBase64('its data ends in more than two "="');
        } else if (padding > 0) {
          throw this.badBase64('"=" stands inside its data, not at its end');
        }
      }
      const text = carry + binaryString(available.subarray(0, end));
      characters += end;
      const whole = text.length - (text.length % 4);
      carry = text.slice(whole);
      this.pos += end;
      if (whole > 0) await handler.data(decodeBase64(text.slice(0, whole)));
      if (end === available.length) continue;
      if (available[end] === NEWLINE) {
        throw invalidFile(`line ${this.line} ends inside its data (no closing quote)`);
      }
      this.pos++;
      break;
    }
    if (characters % 4 !== 0) {
      throw this.badBase64(`its data is ${characters} characters long, not a multiple of 4`);
    }

    const brace = await this.readByte();
    if (brace === null) throw this.truncated('before its closing brace');
    if (brace !== CLOSE_BRACE) throw this.notAssetLine();
    const after = await this.readByte();
    if (after !== null && after !== NEWLINE) {
      throw invalidFile(`line ${this.line} goes on after its closing brace`);
    }
    return true;
  }

  /** The line's start up to its data, checked; null at the end of the file. */
  private async readHead(): Promise<Uint8Array | null> {
    const head = new Uint8Array(HEAD_LENGTH);
    let length = 0;
    while (length < HEAD_LENGTH) {
      const available = await this.available();
      if (available === null) break;
      if (length === 0) this.line++;
      const take = Math.min(available.length, HEAD_LENGTH - length);
      head.set(available.subarray(0, take), length);
      length += take;
      this.pos += take;
      if (!fitsHead(head, length)) throw this.notAssetLine();
    }
    if (length === 0) return null;
    if (length < HEAD_LENGTH) throw this.truncated('inside its name');
    return head;
  }

  private async readByte(): Promise<number | null> {
    const available = await this.available();
    if (available === null) return null;
    this.pos++;
    return available[0] as number;
  }

  /** The unread rest of the current chunk, reading the next one when it is used up. */
  private async available(): Promise<Uint8Array | null> {
    if (this.pos < this.chunk.length) return this.chunk.subarray(this.pos);
    if (this.ended) return null;
    let next: Uint8Array | null;
    try {
      next = await this.source.next();
    } catch (error) {
      throw new CampaignTransferError(
        'CAMPAIGN_FILE_INVALID',
        `Cannot read the campaign file: ${(error as Error).message}`,
      );
    }
    if (next === null) {
      this.ended = true;
      return null;
    }
    this.nextRead += next.length;
    this.chunk = next;
    this.pos = 0;
    return this.chunk;
  }

  private notAssetLine(): CampaignTransferError {
    return invalidFile(
      `line ${this.line} is not an asset line as Meshtable writes them ({"sha256":"<64 lowercase hex>","data":"<base64>"})`,
    );
  }

  private truncated(where: string): CampaignTransferError {
    return new CampaignTransferError(
      'CAMPAIGN_FILE_TRUNCATED',
      `The campaign file ends ${where} on line ${this.line}: it was cut short (an interrupted export or copy). Export it again, or use a complete copy.`,
    );
  }

  private badBase64(problem: string): CampaignTransferError {
    return new CampaignTransferError(
      'CAMPAIGN_FILE_BASE64_INVALID',
      `Line ${this.line} of the campaign file holds no valid base64: ${problem}.`,
    );
  }
}

/** Whether the first `length` bytes of `head` can start an asset line. */
function fitsHead(head: Uint8Array, length: number): boolean {
  for (let index = 0; index < length; index++) {
    const byte = head[index] as number;
    if (index < NAME_START) {
      if (byte !== ASSET_LINE_START.charCodeAt(index)) return false;
    } else if (index < NAME_END) {
      const hex = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66);
      if (!hex) return false;
    } else if (byte !== ASSET_LINE_MIDDLE.charCodeAt(index - NAME_END)) {
      return false;
    }
  }
  return true;
}
