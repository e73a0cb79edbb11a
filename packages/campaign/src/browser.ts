/**
 * @meshtable/campaign/browser — the parts of the campaign engine that need a browser: the
 * IndexedDB identity store. Type-checked with the browser code (tsconfig.browser.json).
 */

export type { IdentityStore, OpenIdentityStoreOptions } from './identity/identityStore';
export { IDENTITY_DATABASE_NAME, openIdentityStore } from './identity/identityStore';
