/**
 * `@meshtable/schema/relay`: what the relay needs of the schema, and nothing that loads zod.
 *
 * The relay stays up for months on small machines; the record schemas (zod) it never uses would
 * cost it several MB of resident memory. These modules are plain constants and functions.
 */
export * from './assets/assetTypes';
export * from './relayProtocol';
