/**
 * The relay's error codes: the stable names under which the relay logs (`"code"` of a warn or
 * error line) and counts (`meshtable_errors_total{code}`) what went wrong. Each one that ends a
 * WebSocket names the close code it is sent with; the close codes themselves live with the
 * protocol constants that clients share (`RelayCloseCode` in @meshtable/schema). Both lists are
 * documented in docs/errors.md.
 */
import { RelayCloseCode } from '@meshtable/schema/relay';

/** Error codes and the close code each one ends a connection with (null: no connection ends). */
export const RELAY_ERRORS = {
  /** A frame or message that cannot be decoded, or breaks the protocol. */
  MALFORMED_FRAME: RelayCloseCode.malformedFrame,
  /** A frame over the size cap (closed by the WebSocket layer). */
  FRAME_TOO_LARGE: RelayCloseCode.frameTooLarge,
  /** More messages per second (or signalling bytes per second) than allowed. */
  RATE_LIMITED: RelayCloseCode.rateLimited,
  /** Too many connections in all or in one room, too many rooms, too many topic subscribers. */
  OVER_CAPACITY: RelayCloseCode.overCapacity,
  /** A client that let too much pile up unread. */
  SLOW_CONSUMER: RelayCloseCode.slowConsumer,
  /** No token, or not the room's token. */
  UNAUTHORIZED: RelayCloseCode.unauthorized,
  /** A room name the relay does not accept. */
  BAD_ROOM: RelayCloseCode.badRoom,
  /** LevelDB failed to store an update or load a room. */
  STORAGE_FAILURE: RelayCloseCode.storageFailure,
  /** A request the HTTP side could not answer (500). */
  HTTP_ERROR: null,
  /** Redis (`--redis`) is unreachable or failed a command; the relay serves on and catches up. */
  REDIS_UNAVAILABLE: null,
  /** A socket-level error (reset, TLS failure) reported by the WebSocket layer. */
  SOCKET_ERROR: null,
} as const;

/** One of {@link RELAY_ERRORS}' keys. */
export type RelayErrorCode = keyof typeof RELAY_ERRORS;

/**
 * The code of an error the WebSocket layer reported on a socket (it has closed the socket
 * already): ws refuses a frame over `maxPayload` with 1009 and `WS_ERR_UNSUPPORTED_MESSAGE_LENGTH`.
 */
export function socketErrorCode(error: Error): 'FRAME_TOO_LARGE' | 'SOCKET_ERROR' {
  return (error as { code?: unknown }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'
    ? 'FRAME_TOO_LARGE'
    : 'SOCKET_ERROR';
}
