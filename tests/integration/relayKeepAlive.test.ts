/**
 * The relay's keep-alive over real sockets: a client that answers pings stays connected however
 * many intervals pass, and one that stops answering is cut off, on /sync and /signal alike.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTempRelay, type TempRelay } from '../support/tempRelay';
import { waitFor } from '../support/waitFor';

const TOKEN = 'e'.repeat(64);
const INTERVAL_MS = 50;

/** A socket that counts the pings it gets; it answers them only when `answers` is set. */
async function openCounting(url: string, answers: boolean) {
  const ws = new WebSocket(url, { autoPong: answers });
  const seen = { pings: 0, closedWith: null as number | null };
  ws.on('ping', () => {
    seen.pings++;
  });
  ws.on('close', (code) => {
    seen.closedWith = code;
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, seen };
}

describe('relay keep-alive', () => {
  let temp: TempRelay | undefined;
  const sockets: WebSocket[] = [];
  afterEach(async () => {
    for (const ws of sockets.splice(0)) ws.terminate();
    await temp?.dispose();
    temp = undefined;
  });

  for (const path of [`/sync/keepalive?token=${TOKEN}`, '/signal']) {
    it(`keeps a ${path.split('?')[0]} client that answers pings, and cuts one that does not`, async () => {
      temp = await startTempRelay({ keepAliveMs: INTERVAL_MS });
      const url = `${temp.relay.url.replace('http', 'ws')}${path}`;
      const answering = await openCounting(url, true);
      const silent = await openCounting(url, false);
      sockets.push(answering.ws, silent.ws);

      await waitFor('the silent client cut off', () => silent.seen.closedWith !== null);
      expect(silent.seen.pings).toBeGreaterThanOrEqual(1);
      expect(silent.seen.closedWith).toBe(1006);

      // Many intervals later, the client that answers is still connected.
      await waitFor('six pings answered', () => answering.seen.pings >= 6);
      expect(answering.seen.closedWith).toBeNull();
      expect(answering.ws.readyState).toBe(WebSocket.OPEN);
    });
  }
});
