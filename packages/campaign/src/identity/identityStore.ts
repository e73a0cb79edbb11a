/**
 * The person's identities in the browser's IndexedDB (DESIGN.md §3), so that a returning player
 * is the same member without importing a file. Browser-only: the rest of the package is
 * realm-neutral, and this file is type-checked with the browser code (tsconfig.browser.json).
 *
 * Raw IndexedDB rather than the `idb` wrapper: the store makes four single-request
 * transactions, which one small promise helper covers, and it takes the IDBFactory as a
 * parameter, so tests hand it a fresh fake-indexeddb factory each; `idb` reads the global IDB
 * classes, which would have to be patched into Node's globals.
 *
 * Records are identity files (identityFile.ts) keyed by userId, and are read with the file's
 * checks, so a damaged record is reported, never used. Like everything an origin stores, the
 * secret keys are readable by any script that runs on the page's origin.
 */

import { IdentityError } from './IdentityError';
import type { Identity } from './identity';
import { identityFileOf, readIdentityFile } from './identityFile';

/** The IndexedDB database the identities live in. */
export const IDENTITY_DATABASE_NAME = 'meshtable-identities';

/** Bumped with a migration in `upgrade` when the records change shape. */
const DATABASE_VERSION = 1;
const STORE_NAME = 'identities';

/** The identities kept in this browser profile. */
export interface IdentityStore {
  /** Every stored identity, oldest first. */
  list(): Promise<Identity[]>;
  /** The identity with this userId, or undefined. */
  get(userId: string): Promise<Identity | undefined>;
  /**
   * Stores an identity, replacing the one with the same userId (e.g. after a rename).
   * @throws IdentityError (an `IDENTITY_INVALID_*` or `*_MISMATCH` code) for an identity whose
   *   parts do not belong together: only identities that read back are written
   */
  put(identity: Identity): Promise<void>;
  /** Forgets an identity (nothing happens if there is none). Its secret key is gone unless exported. */
  remove(userId: string): Promise<void>;
  /** Closes the database connection; the store cannot be used afterwards. */
  close(): void;
}

/** Options of {@link openIdentityStore}. */
export interface OpenIdentityStoreOptions {
  /** The IndexedDB to use; defaults to the realm's `indexedDB` (tests pass fake-indexeddb's). */
  readonly indexedDB?: IDBFactory;
  /** The database name; defaults to {@link IDENTITY_DATABASE_NAME}. */
  readonly databaseName?: string;
}

/**
 * Opens the identity store, creating the database on first use.
 * @throws IdentityError `IDENTITY_STORE_UNAVAILABLE` when there is no IndexedDB or it will not
 *   open (some private browsing modes); the methods throw `IDENTITY_STORE_FAILED` when a read or
 *   write fails and `IDENTITY_STORE_CORRUPT` for a damaged record
 * @example
 * ```ts
 * const store = await openIdentityStore();
 * const [me] = await store.list();
 * const identity = me ?? createIdentity(name, color);
 * if (!me) await store.put(identity);
 * ```
 */
export async function openIdentityStore(
  options: OpenIdentityStoreOptions = {},
): Promise<IdentityStore> {
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory === undefined) {
    throw new IdentityError('IDENTITY_STORE_UNAVAILABLE', 'This browser offers no IndexedDB.');
  }
  let database: IDBDatabase;
  try {
    database = await openDatabase(factory, options.databaseName ?? IDENTITY_DATABASE_NAME);
  } catch (error) {
    throw new IdentityError(
      'IDENTITY_STORE_UNAVAILABLE',
      `IndexedDB would not open the identity store: ${describe(error)}`,
    );
  }
  // Another tab upgrading the database waits until every older connection closes.
  database.onversionchange = () => database.close();

  return {
    async list() {
      const records = await run(database, 'readonly', (store) => store.getAll());
      return records
        .map(readRecord)
        .sort((a, b) => a.createdAt - b.createdAt || (a.userId < b.userId ? -1 : 1));
    },
    async get(userId) {
      const record = await run(database, 'readonly', (store) => store.get(userId));
      return record === undefined ? undefined : readRecord(record);
    },
    async put(identity) {
      // Re-read what is about to be written, so that nothing unreadable is ever stored.
      const record = identityFileOf(identity);
      readIdentityFile(record);
      await run(database, 'readwrite', (store) => store.put(record));
    },
    async remove(userId) {
      await run(database, 'readwrite', (store) => store.delete(userId));
    },
    close() {
      database.close();
    },
  };
}

function openDatabase(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, DATABASE_VERSION);
    request.onupgradeneeded = () => {
      // Version 1 is the first: nothing to migrate yet.
      request.result.createObjectStore(STORE_NAME, { keyPath: 'userId' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('another tab holds an older version open'));
  });
}

/**
 * Runs one request in its own transaction. It settles when the transaction does, not when the
 * request succeeds: a write is durable only once its transaction completes.
 */
function run<T>(
  database: IDBDatabase,
  mode: IDBTransactionMode,
  operate: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) =>
      reject(
        new IdentityError(
          'IDENTITY_STORE_FAILED',
          `The identity store could not ${mode === 'readonly' ? 'read' : 'write'}: ${describe(error)}`,
        ),
      );
    try {
      const transaction = database.transaction(STORE_NAME, mode);
      const request = operate(transaction.objectStore(STORE_NAME));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onabort = () => fail(transaction.error ?? request.error);
    } catch (error) {
      fail(error);
    }
  });
}

function readRecord(record: unknown): Identity {
  try {
    return readIdentityFile(record);
  } catch (error) {
    const userId = (record as { userId?: unknown } | null)?.userId;
    throw new IdentityError(
      'IDENTITY_STORE_CORRUPT',
      `The stored identity ${typeof userId === 'string' ? userId : '(no userId)'} is damaged ` +
        `(${describe(error)}). Remove it, then import a saved copy.`,
    );
  }
}

function describe(error: unknown): string {
  // DOMException, what IndexedDB fails with, is an Error in browsers and in Node.
  if (error instanceof Error) return error.message;
  return String(error ?? 'unknown error');
}
