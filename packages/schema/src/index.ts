export type { RelayClientConfig } from './relayProtocol';
export {
  isValidRoomName,
  MAX_ROOM_NAME_LENGTH,
  RelayCloseCode,
  SyncMessageType,
} from './relayProtocol';
