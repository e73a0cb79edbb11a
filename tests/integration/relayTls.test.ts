import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTempRelay, type TempRelay } from '../support/tempRelay';
import { waitFor } from '../support/waitFor';
import { connectYClient } from '../support/yClient';

const TLS_DIR = new URL('../support/tls/', import.meta.url);

describe('relay over HTTPS and WSS (--tls-cert, --tls-key)', () => {
  let temp: TempRelay;
  let ca: Buffer;
  beforeAll(async () => {
    ca = await readFile(new URL('localhost-cert.pem', TLS_DIR));
    temp = await startTempRelay({
      tls: { cert: ca, key: await readFile(new URL('localhost-key.pem', TLS_DIR)) },
    });
  });
  afterAll(async () => {
    await temp.dispose();
  });

  it('serves /healthz over HTTPS with the given certificate', async () => {
    expect(temp.relay.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const body = await new Promise<string>((resolve, reject) => {
      request(`${temp.relay.url}/healthz`, { ca }, (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve(text));
      })
        .on('error', reject)
        .end();
    });
    expect(JSON.parse(body)).toMatchObject({ ok: true });
  });

  it('syncs y-websocket clients over WSS', async () => {
    // The clients use ws's WebSocket, which takes the test CA through this subclass.
    class TrustingWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { ca });
      }
    }
    const alice = connectYClient(temp.relay.url, 'tls-room', 'tls-token', TrustingWebSocket);
    const bob = connectYClient(temp.relay.url, 'tls-room', 'tls-token', TrustingWebSocket);
    alice.doc.getMap('m').set('secure', true);
    await waitFor('bob receives over wss', () => bob.doc.getMap('m').get('secure') === true);
    alice.destroy();
    bob.destroy();
  });
});
