// The floor of the scale benchmark's fan-out: the least a y-websocket server can do for the load
// generator (tests/bench/syncLoad.ts). It answers every sync step 1 with an empty step 2, so a
// client counts as synced, and forwards every other frame (updates, presence) as it came to the
// other connections of the same room (the URL path), holding no document and storing nothing.
// A relay that stores before it forwards cannot beat it; the gap between the two is what the
// relay's own work costs under the same load, on the same machine, in the same run.
// Plain JavaScript on ws alone; started as `node forwardServer.mjs <port>` (with serverProbe.mjs).
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2]);
if (!Number.isInteger(port)) throw new Error('usage: forwardServer.mjs <port>');

/** y-protocols: message type sync, its step 1, and an empty step 2 (no structs, no deletions). */
const MESSAGE_SYNC = 0;
const SYNC_STEP_1 = 0;
const EMPTY_STEP_2 = Uint8Array.of(MESSAGE_SYNC, 1, 2, 0, 0);
/** What a server sends first: a step 1 with an empty state vector. */
const EMPTY_STEP_1 = Uint8Array.of(MESSAGE_SYNC, SYNC_STEP_1, 1, 0);

/** Connections by room. */
const rooms = new Map();
const http = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('okay');
});
const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
wss.on('connection', (ws, request) => {
  const room = request.url ?? '/';
  const members = rooms.get(room) ?? new Set();
  rooms.set(room, members);
  members.add(ws);
  ws.on('close', () => {
    members.delete(ws);
    if (members.size === 0) rooms.delete(room);
  });
  ws.on('message', (data, isBinary) => {
    if (!isBinary) return;
    if (data[0] === MESSAGE_SYNC && data[1] === SYNC_STEP_1) {
      ws.send(EMPTY_STEP_2);
      return;
    }
    if (data[0] === MESSAGE_SYNC && data[1] !== 2) return;
    for (const other of members) if (other !== ws) other.send(data);
  });
  ws.send(EMPTY_STEP_1);
});
http.listen(port, '127.0.0.1');
