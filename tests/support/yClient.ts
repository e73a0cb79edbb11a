/**
 * An unmodified y-websocket client in Node, talking to the relay over a real socket. Each client
 * has its own doc; BroadcastChannel is off so that clients in one process cannot sync behind the
 * relay's back.
 */
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** A doc plus its provider. */
export interface YClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Close events the provider saw, newest last. */
  closes: { code: number; reason: string }[];
  destroy(): void;
}

/** Connects a fresh doc to `room` on the relay at `relayUrl` (http://host:port). */
export function connectYClient(
  relayUrl: string,
  room: string,
  token: string | null,
  WebSocketClass: new (url: string, protocols?: string | string[]) => WebSocket = WebSocket,
): YClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${relayUrl.replace(/^http/, 'ws')}/sync`, room, doc, {
    params: token === null ? {} : { token },
    WebSocketPolyfill: WebSocketClass as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 500,
  });
  const closes: YClient['closes'] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  return {
    doc,
    provider,
    closes,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}
