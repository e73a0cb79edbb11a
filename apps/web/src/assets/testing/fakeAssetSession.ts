/**
 * Stand-ins for the unit tests of this folder: a campaign session made of two real Yjs docs and
 * no network, files of each type made byte by byte, and a relay kept in memory behind the
 * AssetTransport interface that can be told to fail.
 */
import type { SyncState } from '@meshtable/sync';
import * as Y from 'yjs';
import { AssetError } from '../AssetError';
import type { AssetSession } from '../AssetSession';
import type { AssetTransport, PutOptions } from '../relayTransport';

/** A GM's user id. */
export const GM_ID = 'GGGGGGGGGGGGGGGGGGGGGG';

const CONNECTED: SyncState = {
  webrtc: 'off',
  webrtcPeers: 0,
  relay: 'connected',
  online: true,
  persisted: 'off',
};

/** A session on a GM's validating device (or a player's, with `role: 'player'`). */
export function fakeAssetSession(
  options: { role?: 'gm' | 'player'; validating?: boolean } = {},
): AssetSession {
  const role = options.role ?? 'gm';
  const validating = options.validating ?? role === 'gm';
  const table = new Y.Doc();
  return {
    campaignId: 'c1',
    me: { userId: GM_ID },
    table,
    gm: role === 'gm' ? new Y.Doc() : null,
    tableSync: { getState: () => CONNECTED, subscribe: () => () => {} },
    assetRelay: { url: 'http://relay.test', room: 'c1', token: 't'.repeat(64) },
    writeAsGm(write) {
      if (!validating) return false;
      table.transact(() => write(table));
      return true;
    },
    state: () => ({ role, validating }),
    subscribe: () => () => {},
  };
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The first bytes of each type, padded: enough for the checks, which read only those. */
export const SAMPLE_HEADS = {
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, ...ascii('IHDR')],
  jpeg: [0xff, 0xd8, 0xff, 0xe0, 0, 16, ...ascii('JFIF'), 0, 1, 1, 0],
  gif: [...ascii('GIF89a'), 1, 0, 1, 0, 0, 0, 0],
  webp: [...ascii('RIFF'), 4, 0, 0, 0, ...ascii('WEBPVP8L')],
  mp3: [...ascii('ID3'), 4, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0],
  ogg: [...ascii('OggS'), 0, 2, 0, 0, 0, 0, 0, 0, 0, 0],
  wav: [...ascii('RIFF'), 4, 0, 0, 0, ...ascii('WAVEfmt ')],
  json: ascii('{"format": 0.3}'),
  svg: ascii('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  html: ascii('<!doctype html><p>hi</p>'),
  text: ascii('just some notes, nothing more'),
} as const;

/** A file whose bytes start as `head` and run to `size` bytes. */
export function sampleFile(name: string, head: readonly number[], size = head.length): File {
  const bytes = new Uint8Array(Math.max(size, head.length));
  bytes.set(head);
  return new File([bytes], name);
}

/** A relay in memory: what it holds, what it was sent, and failures to play back. */
export class MemoryRelay implements AssetTransport {
  readonly stored = new Map<string, Uint8Array>();
  readonly calls: string[] = [];
  /** Failures the next calls to `put` throw, in order. */
  readonly putFailures: AssetError[] = [];
  /** Failures the next calls to `has` throw, in order. */
  readonly hasFailures: AssetError[] = [];

  async has(sha256: string): Promise<boolean> {
    this.calls.push(`HEAD ${sha256.slice(0, 8)}`);
    const failure = this.hasFailures.shift();
    if (failure !== undefined) throw failure;
    return this.stored.has(sha256);
  }

  async put(sha256: string, body: Blob, options: PutOptions): Promise<{ stored: boolean }> {
    this.calls.push(`PUT ${sha256.slice(0, 8)}`);
    const failure = this.putFailures.shift();
    if (failure !== undefined) throw failure;
    options.onProgress?.(Math.floor(body.size / 2), body.size);
    options.onProgress?.(body.size, body.size);
    const had = this.stored.has(sha256);
    this.stored.set(sha256, new Uint8Array(await body.arrayBuffer()));
    return { stored: !had };
  }
}

/** A network failure, as the transport reports one. */
export const networkFailure = () =>
  new AssetError('ASSET_NETWORK_FAILED', 'The relay could not be reached.', true);
