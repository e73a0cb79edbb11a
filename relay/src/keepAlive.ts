/**
 * Pings every WebSocket of a server at an interval and terminates the ones that did not answer
 * the previous ping: a half-open TCP connection (a laptop that slept, a dropped Wi-Fi) would
 * otherwise hold its room and subscriptions forever.
 */
import type { WebSocket, WebSocketServer } from 'ws';

/**
 * Starts the ping loop for `server`.
 * @returns a function that stops it
 */
export function keepAlive(server: WebSocketServer, intervalMs: number): () => void {
  const alive = new WeakSet<WebSocket>();
  server.on('connection', (ws) => {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
  });
  const timer = setInterval(() => {
    for (const ws of server.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
