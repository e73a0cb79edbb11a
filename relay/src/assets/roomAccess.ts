/**
 * Who may change a room's assets: whoever holds the room's token (DESIGN.md §5). The room and
 * its token come in headers, `X-Meshtable-Room: <room>` and `Authorization: Bearer <token>`, so
 * that tokens stay out of URLs and access logs; the token is checked by the relay's
 * RoomAuthorizer (a hash, compared in constant time) and never logged. Asset requests never
 * claim a room: it must have been claimed by a `/sync` connection with the same token.
 */
import type { IncomingMessage } from 'node:http';
import { isValidRoomName } from '@meshtable/schema/relay';
import { AssetError } from './AssetError';

/** Header naming the room an upload or a deletion is for. */
export const ASSET_ROOM_HEADER = 'x-meshtable-room';

/** Headers of a 401: the scheme the token goes in. */
export const UNAUTHORIZED_HEADERS = { 'www-authenticate': 'Bearer realm="meshtable"' };

/** Why a room's token was not accepted, as the authorizer reports it. */
export type RoomTokenFailure = 'missing-token' | 'invalid-token' | 'wrong-token' | 'unclaimed-room';

/** Checks a room's token without claiming the room. */
export interface RoomTokenVerifier {
  verify(room: string, token: string): Promise<RoomTokenFailure | null>;
}

/**
 * The room a request is for, once its token is checked.
 * @param doing what the request does, for the message of an unclaimed room
 * @throws AssetError `ASSET_UNAUTHORIZED`, saying what to send
 */
export async function authorizeRoom(
  verifier: RoomTokenVerifier,
  req: IncomingMessage,
  doing: 'uploading' | 'deleting',
): Promise<string> {
  const room = req.headers[ASSET_ROOM_HEADER];
  if (typeof room !== 'string' || room === '') {
    throw new AssetError(
      'ASSET_UNAUTHORIZED',
      'name the room in the X-Meshtable-Room header and give its token as Authorization: Bearer <token>',
    );
  }
  if (!isValidRoomName(room)) {
    throw new AssetError(
      'ASSET_UNAUTHORIZED',
      'X-Meshtable-Room is not a room name (1 to 128 of A-Z a-z 0-9 _ . : -)',
    );
  }
  const token = /^Bearer[ ]+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  if (token === undefined) {
    throw new AssetError(
      'ASSET_UNAUTHORIZED',
      "give the room's token as Authorization: Bearer <token>",
    );
  }
  const failure = await verifier.verify(room, token);
  if (failure === 'unclaimed-room') {
    throw new AssetError(
      'ASSET_UNAUTHORIZED',
      `room ${room} is not claimed on this relay: connect to it once (/sync) before ${doing}`,
    );
  }
  if (failure !== null) {
    throw new AssetError('ASSET_UNAUTHORIZED', `the token does not open room ${room}`);
  }
  return room;
}
