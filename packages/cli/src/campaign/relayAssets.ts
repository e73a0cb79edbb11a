/**
 * A Node client of the relay's asset endpoints (docs/relay.md, "Assets"): `HEAD` to learn
 * whether a relay stores an asset and its size, `GET` to stream one down, `PUT` to stream one
 * up into a room with the room's token. Bytes stream both ways; nothing is held whole.
 *
 * Every failure of the network or of the relay (other than an upload's refusal, which is the
 * caller's to report) is a CampaignTransferError `RELAY_FAILED`, so that a command always ends
 * with a code.
 */
import { once } from 'node:events';
import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { CampaignTransferError } from '@meshtable/campaign';

/** A relay's refusal of an upload: its HTTP status and its own error code (`ASSET_…`). */
export interface AssetRefusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** How an upload ended: stored (now, or already), or refused by the relay. */
export type UploadOutcome =
  | { readonly ok: true; readonly stored: boolean }
  | { readonly ok: false; readonly refusal: AssetRefusal };

/** An upload under way: its body is written piece by piece. */
export interface AssetUpload {
  /** Writes the next piece; after the relay has answered (a refusal), pieces are dropped. */
  write(bytes: Uint8Array): Promise<void>;
  /** Ends the body and waits for the relay's answer. */
  end(): Promise<UploadOutcome>;
  /** Gives up: the relay sees the body end early and keeps nothing. */
  abort(): void;
}

/** How many requests run at once when many assets are probed. */
const PROBE_CONCURRENCY = 8;

/** The most of a refusal's JSON body read. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** A relay's asset endpoints. Call {@link RelayAssetClient.close} when done. */
export class RelayAssetClient {
  private readonly agent: HttpAgent;
  private readonly base: string;

  /**
   * @param relayUrl the relay's http(s) URL; a path is kept (`https://host/mesh` → `/mesh/assets`)
   * @param timeoutMs how long the relay may stay silent (connecting, answering, or mid-transfer)
   */
  constructor(
    private readonly relayUrl: URL,
    private readonly timeoutMs: number,
  ) {
    const secure = relayUrl.protocol === 'https:';
    const options = { keepAlive: true, maxSockets: PROBE_CONCURRENCY };
    this.agent = secure ? new HttpsAgent(options) : new HttpAgent(options);
    this.base = `${relayUrl.origin}${relayUrl.pathname.replace(/\/+$/, '')}/assets/`;
  }

  /** The URL of an asset on this relay. */
  assetUrl(sha256: string): string {
    return `${this.base}${sha256}`;
  }

  /**
   * Asks whether the relay stores an asset (`HEAD`).
   * @returns its size, or null when the relay does not store it (404)
   * @throws CampaignTransferError `RELAY_FAILED`
   */
  async probe(sha256: string): Promise<number | null> {
    const req = this.request('HEAD', sha256, {});
    req.end();
    const res = await this.answer(req, `HEAD ${sha256}`);
    res.resume();
    if (res.statusCode === 404) return null;
    const size = Number(res.headers['content-length']);
    if (res.statusCode !== 200 || !Number.isSafeInteger(size) || size < 0) {
      throw new CampaignTransferError(
        'RELAY_FAILED',
        `The relay at ${this.relayUrl.href} answered HEAD ${this.assetUrl(sha256)} with status ${res.statusCode}${res.statusCode === 200 ? ' and no size' : ''}.`,
      );
    }
    return size;
  }

  /**
   * Probes many assets, a few at a time.
   * @returns each name with its size, or null when the relay does not store it
   */
  async probeAll(names: readonly string[]): Promise<Map<string, number | null>> {
    const sizes = new Map<string, number | null>();
    let next = 0;
    const worker = async () => {
      while (next < names.length) {
        const sha256 = names[next++] as string;
        sizes.set(sha256, await this.probe(sha256));
      }
    };
    await Promise.all(Array.from({ length: Math.min(PROBE_CONCURRENCY, names.length) }, worker));
    return sizes;
  }

  /**
   * Streams an asset down (`GET`), handing each piece to `onChunk` and waiting for it.
   * @param size the size a probe gave: the relay must send exactly that many bytes
   * @throws CampaignTransferError `RELAY_FAILED` for another status, a size that differs, or a
   *   transfer that breaks off; and whatever `onChunk` throws
   */
  async download(
    sha256: string,
    size: number,
    onChunk: (bytes: Buffer) => Promise<void>,
  ): Promise<void> {
    const req = this.request('GET', sha256, {});
    req.end();
    const res = await this.answer(req, `GET ${sha256}`);
    const url = this.assetUrl(sha256);
    if (res.statusCode !== 200) {
      res.resume();
      throw new CampaignTransferError(
        'RELAY_FAILED',
        `The relay at ${this.relayUrl.href} answered GET ${url} with status ${res.statusCode}, after it had said it stores the asset.`,
      );
    }
    let received = 0;
    try {
      for await (const chunk of res as AsyncIterable<Buffer>) {
        received += chunk.length;
        if (received > size) break;
        await onChunk(chunk);
      }
    } catch (error) {
      req.destroy();
      if (error instanceof CampaignTransferError || !isNetworkError(error)) throw error;
      throw this.failed(`while it sent ${url}`, error);
    }
    if (received !== size) {
      req.destroy();
      throw new CampaignTransferError(
        'RELAY_FAILED',
        `The relay at ${this.relayUrl.href} sent ${received > size ? 'more' : 'fewer'} than the ${size} bytes of ${url} it announced.`,
      );
    }
  }

  /**
   * Starts an upload (`PUT`) into a room. The relay checks the room's token, the size, the type
   * and the hash; a refusal is an outcome, not an error.
   * @param token the room's relay token (relayTokenOf its key)
   */
  upload(sha256: string, size: number, room: string, token: string): AssetUpload {
    const req = this.request('PUT', sha256, {
      'content-length': size,
      'content-type': 'application/octet-stream',
      'x-meshtable-room': room,
      authorization: `Bearer ${token}`,
    });
    let settled = false;
    const outcome = this.answer(req, `PUT ${sha256}`).then(async (res) => {
      const body = await readAnswer(res);
      if (res.statusCode === 200 || res.statusCode === 201) {
        return { ok: true, stored: res.statusCode === 201 } as const;
      }
      return { ok: false, refusal: refusalOf(res.statusCode ?? 0, body) } as const;
    });
    const finished = outcome.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    return {
      write: async (bytes) => {
        // The relay may answer before the body is complete (a refusal): the rest is not needed.
        if (settled || req.write(bytes)) return;
        await Promise.race([once(req, 'drain').catch(() => {}), finished]);
      },
      end: async () => {
        if (!settled) req.end();
        try {
          const result = await outcome;
          // An answer that came before the body's end leaves the request unfinished.
          if (!result.ok) req.destroy();
          return result;
        } catch (error) {
          req.destroy();
          throw error;
        }
      },
      abort: () => {
        req.destroy();
        finished.catch(() => {});
      },
    };
  }

  /** Closes the connections kept open for the next request. */
  close(): void {
    this.agent.destroy();
  }

  private request(method: string, sha256: string, headers: OutgoingHttpHeaders): ClientRequest {
    const send = this.relayUrl.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(this.assetUrl(sha256), { method, headers, agent: this.agent });
    req.setTimeout(this.timeoutMs, () => {
      req.destroy(new Error(`it was silent for ${this.timeoutMs / 1000} s`));
    });
    return req;
  }

  /** The response's head, or RELAY_FAILED when the request fails first. */
  private answer(req: ClientRequest, what: string): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      req.once('response', resolve);
      // Kept for the request's life: a socket error after the answer (a refused body still
      // being written) must not go unhandled; by then it changes nothing.
      req.on('error', (error) => reject(this.failed(`for ${what}`, error)));
    });
  }

  private failed(when: string, error: unknown): CampaignTransferError {
    return new CampaignTransferError(
      'RELAY_FAILED',
      `Cannot reach the relay at ${this.relayUrl.href} ${when}: ${(error as Error).message}.`,
    );
  }
}

/** Whether an error came from the socket (reset, aborted, timeout) rather than from our code. */
function isNetworkError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (typeof (error as NodeJS.ErrnoException).code === 'string' || error.message === 'aborted')
  );
}

/** Reads an answer's body, up to a cap (a refusal's JSON is small). */
async function readAnswer(res: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > MAX_ANSWER_BYTES) break;
      parts.push(chunk);
    }
  } catch {
    // A relay that answers and hangs up at once: what it said so far is the answer.
  }
  return Buffer.concat(parts).toString('utf8');
}

/** The relay's refusal from its `{"error":{"code","message"}}`, or the bare status. */
function refusalOf(status: number, body: string): AssetRefusal {
  try {
    const json = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = json.error ?? {};
    if (typeof code === 'string' && typeof message === 'string') return { status, code, message };
  } catch {
    // Not the relay's JSON (a proxy's page, say): the status is all there is.
  }
  return { status, code: `HTTP_${status}`, message: 'the relay gave no reason' };
}
