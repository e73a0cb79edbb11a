/**
 * The campaigns kept on this device: for each, where its table is and the keys to it, so that
 * `#/c/<campaignId>` reopens it without the invite link, offline too.
 *
 * Why IndexedDB on this device: the table key, and on a GM's device the gm key, are secrets (with
 * them anyone can read the campaign and write into its rooms). They belong where the identity's
 * secret key already lives (packages/campaign identityStore.ts): the origin's IndexedDB, which
 * no server ever receives (unlike a cookie, or a key left in a URL, which ends up in history,
 * logs and referrers), which survives reloads and works offline, and which only scripts of this
 * origin can read. Whoever can read this store can read the identity's secret key too, so the
 * keys gain no new exposure here. Like the identity, they can be lost with the browser's data:
 * the campaign file (`meshtable campaign export`) is the GM's backup.
 *
 * Raw IndexedDB in small single-request transactions, as the identity store does; records are
 * checked when read, so a damaged record is reported and skipped, never used.
 */
import { isCampaignKey } from '@meshtable/campaign';
import { isValidRoomName, recordIdSchema, userIdSchema } from '@meshtable/schema';

/** The IndexedDB database of the campaigns on this device. */
export const CAMPAIGN_DATABASE_NAME = 'meshtable-campaigns';

const DATABASE_VERSION = 1;
const STORE_NAME = 'campaigns';

/** A campaign as this device keeps it. */
export interface StoredCampaign {
  /** The campaign id (`meta.campaign.id`): intents are signed for it, whatever the room. */
  readonly id: string;
  /** The campaign's name as last seen, for the list of campaigns (meta has the real one). */
  readonly name: string;
  /** The identity this device uses at this table. */
  readonly userId: string;
  /** The current table key (it changes when a kick moves the table): a secret. */
  readonly tableKey: string;
  /** The key epoch: 0 until a kick. */
  readonly epoch: number;
  /** The table doc's room in this epoch (the campaign id in epoch 0). */
  readonly room: string;
  /** The relay from the invite, or null for the relay that serves this app. */
  readonly relayUrl: string | null;
  /** The GMs' user ids from the invite (or, for the GM who made it, their own): pinned as GMs. */
  readonly gmIds: readonly string[];
  /** The gm doc's key, on GM devices only: a secret never put in an invite. */
  readonly gmKey: string | null;
  /** When this device last opened it (ms since 1970), to list the latest first. */
  readonly lastOpened: number;
}

/** The campaigns on this device. */
export interface CampaignStore {
  /** Every readable stored campaign, the last opened first. Damaged records are skipped. */
  list(): Promise<StoredCampaign[]>;
  /** The campaign with this id, or undefined (also when its record is damaged). */
  get(id: string): Promise<StoredCampaign | undefined>;
  /**
   * Stores a campaign, replacing the one with the same id.
   * @throws Error naming what is wrong, for a record that would not read back
   */
  put(campaign: StoredCampaign): Promise<void>;
  /** Forgets a campaign on this device (its keys go with it). */
  remove(id: string): Promise<void>;
  /** Closes the database; the store cannot be used afterwards. */
  close(): void;
}

/** Options of {@link openCampaignStore}. */
export interface OpenCampaignStoreOptions {
  /** Defaults to the realm's `indexedDB`; tests pass fake-indexeddb's. */
  readonly indexedDB?: IDBFactory;
  readonly databaseName?: string;
  /** Hears of each stored record that is damaged (and so skipped). */
  readonly onDamaged?: (problem: string) => void;
}

/**
 * Opens the campaign store, creating the database on first use.
 * @throws Error when the browser offers no IndexedDB or it will not open (some private modes)
 * @example
 * ```ts
 * const store = await openCampaignStore();
 * for (const campaign of await store.list()) console.log(campaign.name);
 * ```
 */
export async function openCampaignStore(
  options: OpenCampaignStoreOptions = {},
): Promise<CampaignStore> {
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory === undefined) throw new Error('This browser offers no IndexedDB.');
  const database = await openDatabase(factory, options.databaseName ?? CAMPAIGN_DATABASE_NAME);
  database.onversionchange = () => database.close();
  const damaged = options.onDamaged ?? (() => {});

  const read = (record: unknown): StoredCampaign | undefined => {
    const problem = storedCampaignProblem(record);
    if (problem === null) return record as StoredCampaign;
    damaged(problem);
    return undefined;
  };

  return {
    async list() {
      const records = await run(database, 'readonly', (store) => store.getAll());
      return records
        .map(read)
        .filter((campaign): campaign is StoredCampaign => campaign !== undefined)
        .sort((a, b) => b.lastOpened - a.lastOpened || (a.id < b.id ? -1 : 1));
    },
    async get(id) {
      const record = await run(database, 'readonly', (store) => store.get(id));
      return record === undefined ? undefined : read(record);
    },
    async put(campaign) {
      // Only plain data that reads back is written: no stray fields, no class instances.
      const record: StoredCampaign = {
        id: campaign.id,
        name: campaign.name,
        userId: campaign.userId,
        tableKey: campaign.tableKey,
        epoch: campaign.epoch,
        room: campaign.room,
        relayUrl: campaign.relayUrl,
        gmIds: [...campaign.gmIds],
        gmKey: campaign.gmKey,
        lastOpened: campaign.lastOpened,
      };
      const problem = storedCampaignProblem(record);
      if (problem !== null) throw new Error(`Cannot store the campaign: ${problem}`);
      await run(database, 'readwrite', (store) => store.put(record));
    },
    async remove(id) {
      await run(database, 'readwrite', (store) => store.delete(id));
    },
    close() {
      database.close();
    },
  };
}

/**
 * What is wrong with a stored campaign record, or null when it is sound.
 * @returns a message naming the record and its first bad field
 */
export function storedCampaignProblem(record: unknown): string | null {
  if (typeof record !== 'object' || record === null) return 'a stored campaign is not a record';
  const r = record as Record<string, unknown>;
  const id = typeof r.id === 'string' ? r.id : '(no id)';
  const bad = (field: string) => `the stored campaign ${id} has a bad ${field}`;
  if (!recordIdSchema.safeParse(r.id).success) return bad('id');
  if (typeof r.name !== 'string' || r.name.trim() === '' || r.name.length > 100) return bad('name');
  if (!userIdSchema.safeParse(r.userId).success) return bad('userId');
  if (!isCampaignKey(r.tableKey)) return bad('tableKey');
  if (typeof r.epoch !== 'number' || !Number.isSafeInteger(r.epoch) || r.epoch < 0)
    return bad('epoch');
  if (typeof r.room !== 'string' || !isValidRoomName(r.room)) return bad('room');
  if (r.relayUrl !== null && !isHttpUrl(r.relayUrl)) return bad('relayUrl');
  if (!Array.isArray(r.gmIds) || !r.gmIds.every((g) => userIdSchema.safeParse(g).success))
    return bad('gmIds');
  if (r.gmKey !== null && !isCampaignKey(r.gmKey)) return bad('gmKey');
  if (typeof r.lastOpened !== 'number' || !Number.isFinite(r.lastOpened)) return bad('lastOpened');
  return null;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function openDatabase(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, DATABASE_VERSION);
    request.onupgradeneeded = () => {
      // Version 1 is the first: nothing to migrate yet.
      request.result.createObjectStore(STORE_NAME, { keyPath: 'id' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () =>
      reject(new Error(`IndexedDB would not open the campaign store: ${request.error?.message}`));
    request.onblocked = () =>
      reject(new Error('Another tab holds an older version of the campaign store open.'));
  });
}

/** One request in its own transaction, settled when the transaction is (a write is durable then). */
function run<T>(
  database: IDBDatabase,
  mode: IDBTransactionMode,
  operate: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) =>
      reject(
        new Error(
          `The campaign store could not ${mode === 'readonly' ? 'read' : 'write'}: ${
            error instanceof Error ? error.message : String(error ?? 'unknown error')
          }`,
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
