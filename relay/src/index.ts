export type { Logger, LogLevel } from './logger';
export { createLogger } from './logger';
export type { RelayOptions } from './options';
export { DEFAULT_WEB_DIR, RELAY_DEFAULTS } from './options';
export type { Relay } from './Relay';
export { startRelay } from './Relay';
export { RelayOptionsError } from './settings';
export type { SyncPolicy } from './storage/DocStore';
export type { SelfSignedCertificate } from './tls/selfSigned';
