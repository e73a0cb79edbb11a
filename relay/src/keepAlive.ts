/**
 * Pings every WebSocket of a server at an interval and terminates the ones that did not answer
 * the previous ping: a half-open TCP connection (a laptop that slept, a dropped Wi-Fi) would
 * otherwise hold its room and subscriptions forever.
 *
 * The loop finds sockets in `server.clients` rather than through the server's 'connection'
 * event: the relay hands upgrades to `handleUpgrade` itself (noServer), and ws emits
 * 'connection' only for upgrades it accepts on its own. A socket is first pinged at the tick
 * after it opened and terminated at the tick after that only if no pong came in between.
 */
import type { WebSocket, WebSocketServer } from 'ws';

/**
 * Starts the ping loop for `server`.
 * @returns a function that stops it
 */
export function keepAlive(server: WebSocketServer, intervalMs: number): () => void {
  /** Sockets pinged at the last tick that have not answered yet. */
  const awaitingPong = new WeakSet<WebSocket>();
  /** Sockets whose pongs are listened to. */
  const watched = new WeakSet<WebSocket>();
  const timer = setInterval(() => {
    for (const ws of server.clients) {
      if (awaitingPong.has(ws)) {
        ws.terminate();
        continue;
      }
      if (!watched.has(ws)) {
        watched.add(ws);
        ws.on('pong', () => awaitingPong.delete(ws));
      }
      awaitingPong.add(ws);
      ws.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
