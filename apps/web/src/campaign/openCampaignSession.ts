/**
 * Opens a campaign kept on this device (campaignStore.ts) as a {@link CampaignSession}: the one
 * place where the campaign engine (packages/campaign) is wired to the sync transports
 * (packages/sync), the rules sandbox (packages/sandbox) and the device's stores.
 *
 * The order matters on a GM's device (see GmDuties.ts): the gm doc opens first (the validator
 * needs its dice chain), then the table doc's own copy is loaded from IndexedDB with no
 * connection open (localCopy.ts), the audit starts on it, and only then does the table connect;
 * the election runs in that same task, before anything can arrive.
 */
import {
  type AuditReport,
  GmTrust,
  type Identity,
  IntentClient,
  kickMember,
  MAX_INVITE_GMS,
  makeInviteLink,
  readMeta,
} from '@meshtable/campaign';
import type { SandboxModule, WorkerLauncher } from '@meshtable/sandbox';
import {
  GM_TABLE_KEYS_MAP,
  gmRoomName,
  type RelayAssetLimits,
  type SystemPin,
  TABLE_MAPS,
} from '@meshtable/schema';
import {
  deriveRelayToken,
  type IceServers,
  openSyncSession,
  type SyncSession,
  type SyncSessionEvent,
  type SyncTransports,
} from '@meshtable/sync';
import * as Y from 'yjs';
import { CodedError } from '../errors/CodedError';
import { loadSystemSheets } from '../sheets/moduleSheets';
import type { CampaignSession } from './CampaignSession';
import type { StoredCampaign } from './campaignStore';
import type { DeviceStores } from './deviceStores';
import { applyHandedOffDoc, handOffDoc } from './docHandoff';
import { GmDuties } from './GmDuties';
import type { GameSystem } from './gameSystems';
import { needsJoinRequest } from './joinRequest';
import { loadCampaignRules } from './loadCampaignRules';
import { loadLocalCopy } from './localCopy';
import { SessionStateStore } from './sessionState';
import { checkTableMove } from './tableMove';
import { readTableRole } from './tableRole';

/** Options of {@link openCampaignSession}. */
export interface OpenCampaignSessionOptions {
  /** The campaign to open: one kept on this device. */
  readonly campaignId: string;
  readonly stores: DeviceStores;
  /** Which transports to attach (`?sync=` and `?persist=` switch them for tests). */
  readonly transports: SyncTransports;
  /** ICE servers from the relay's `/config`. */
  readonly iceServers?: IceServers;
  /** The asset caps from `/config` of the relay at `defaultRelayUrl`. */
  readonly assetLimits?: RelayAssetLimits;
  /** This app's address, for invite links (`location.origin + location.pathname`). */
  readonly appUrl: string;
  /** The relay that serves the app (`location.origin`), for campaigns whose invite named none. */
  readonly defaultRelayUrl: string;
  /** The game systems this build carries (gameSystems.ts). */
  readonly systems: readonly GameSystem[];
  /** Starts the rules sandbox's worker; default: the browser's dedicated worker. */
  readonly launchSandbox?: WorkerLauncher;
  /** Diagnostic events of both syncs, for the console. */
  readonly onEvent?: (event: SyncSessionEvent) => void;
}

/** Why a campaign did not open. */
export class CampaignOpenError extends CodedError<
  'CAMPAIGN_NOT_ON_DEVICE' | 'CAMPAIGN_IDENTITY_MISSING'
> {
  override readonly name = 'CampaignOpenError';
}

/**
 * Opens a campaign kept on this device.
 * @throws CampaignOpenError when the campaign or its identity is not on this device; SyncError
 *   for a stored room or key that the transports refuse
 * @example
 * ```ts
 * const session = await openCampaignSession({ campaignId, stores: await deviceStores(), … });
 * session.subscribe(() => render(session.state()));
 * // … later
 * await session.close();
 * ```
 */
export async function openCampaignSession(
  options: OpenCampaignSessionOptions,
): Promise<CampaignSession> {
  const { campaigns, identities } = options.stores;
  const found = await campaigns.get(options.campaignId);
  if (found === undefined) {
    throw new CampaignOpenError(
      'CAMPAIGN_NOT_ON_DEVICE',
      'This campaign is not kept on this device. Open its invite link to join it here.',
    );
  }
  const me = await identities.get(found.userId);
  if (me === undefined) {
    throw new CampaignOpenError(
      'CAMPAIGN_IDENTITY_MISSING',
      `The identity this device used at “${found.name}” is no longer in this browser. Import it from its file, or join again with the invite link.`,
    );
  }
  const identity: Identity = me;
  let stored: StoredCampaign = { ...found, lastOpened: Date.now() };
  await campaigns.put(stored);

  const table = new Y.Doc();
  const gm = stored.gmKey === null ? null : new Y.Doc();
  const syncs: SyncSession[] = [];
  try {
    return await wire();
  } catch (error) {
    await Promise.all(syncs.map((sync) => sync.destroy()));
    table.destroy();
    gm?.destroy();
    throw error;
  }

  // Everything that opens something, so that a failure part-way closes what was opened.
  async function wire(): Promise<CampaignSession> {
    const campaignId = stored.id;
    const relayUrl = stored.relayUrl ?? options.defaultRelayUrl;
    const common = {
      relayUrl,
      transports: options.transports,
      iceServers: options.iceServers ?? [],
      ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
    };
    const state = new SessionStateStore();
    const trust = new GmTrust(table, { campaignId, gmIds: stored.gmIds }, (problem) =>
      state.problem(problem),
    );

    let gmSync: SyncSession | null = null;
    let duties: GmDuties | null = null;
    applyHandedOffDoc(campaignId, 'table', stored.epoch, table);
    if (gm !== null && stored.gmKey !== null) {
      applyHandedOffDoc(campaignId, 'gm', 0, gm);
      gmSync = openSyncSession(gm, {
        ...common,
        room: gmRoomName(campaignId),
        tableKey: stored.gmKey,
      });
      syncs.push(gmSync);
      if (options.transports.indexeddb) {
        await loadLocalCopy(table, { room: stored.room, tableKey: stored.tableKey, relayUrl });
      }
      await gmSync.whenPersisted;
      duties = new GmDuties({
        table,
        gm,
        identity,
        campaignId,
        gmIds: stored.gmIds,
        onValidatingChange: (validating) => state.update({ validating }),
        onProblem: (problem) => state.problem(problem),
        onAudit: (report) => state.problem(describeAudit(report)),
      });
      duties.startAudit();
    }
    const tableSync = openSyncSession(table, {
      ...common,
      room: stored.room,
      tableKey: stored.tableKey,
    });
    syncs.push(tableSync);
    // Same task as the connection's opening: see GmDuties.elect.
    duties?.elect(tableSync.awareness);

    const intents = new IntentClient({
      doc: table,
      identity,
      campaignId,
      gmIds: stored.gmIds,
      onProblem: (problem) => state.problem(problem),
    });

    let closed = false;
    let rules: SandboxModule | null = null;
    let closeRules: (() => void) | null = null;
    let rulesAsked = false;
    let joinAsked = false;
    let moving = false;

    const loadRules = (pin: SystemPin) => {
      // The pin is read once: a campaign does not change its game system under a session.
      if (rulesAsked) return;
      rulesAsked = true;
      void loadCampaignRules(pin, options.systems, options.launchSandbox).then((loaded) => {
        if (!loaded.ok) {
          if (!closed) state.problem(loaded.problem);
          return;
        }
        if (closed) {
          loaded.close();
          return;
        }
        rules = loaded.rules;
        closeRules = loaded.close;
        state.update({ system: { id: pin.id, version: pin.version, loaded: true } });
        duties?.setRules(loaded.rules);
        // The audit judges owners' direct edits by the sheets (packages/campaign ownerWrites.ts).
        void loadSystemSheets(pin.id, options.systems).then((sheets) => {
          if (closed) return;
          if (sheets.ok) duties?.setSheets(sheets.sheets);
          else state.problem(sheets.problem);
        });
      });
    };

    const followMove = () => {
      if (moving) return;
      const move = checkTableMove(table, gm, identity, stored);
      if (move === null) return;
      if (move.kind !== 'moved') {
        // A kicked member's role says so already (the kick marks their record in this room).
        if (move.kind !== 'left-behind' || !move.kicked) state.problem(move.message);
        return;
      }
      moving = true;
      stored = { ...stored, epoch: move.epoch, room: move.room, tableKey: move.tableKey };
      campaigns.put(stored).then(
        () => state.update({ moved: { epoch: move.epoch } }),
        (error: unknown) =>
          state.problem(
            `The table moved, but this device could not keep its new key: ${(error as Error).message}`,
          ),
      );
    };

    const refresh = () => {
      scheduled = false;
      if (closed) return;
      let meta: ReturnType<typeof readMeta> = null;
      try {
        meta = readMeta(table);
      } catch (error) {
        state.problem((error as Error).message);
      }
      state.update({
        role: readTableRole(table, identity.userId, trust),
        name: meta?.campaign.name ?? null,
        system:
          meta === null
            ? null
            : {
                id: meta.campaign.system.id,
                version: meta.campaign.system.version,
                loaded: rules !== null,
              },
      });
      if (meta !== null) {
        loadRules(meta.campaign.system);
        if (meta.campaign.name !== stored.name) {
          stored = { ...stored, name: meta.campaign.name };
          void campaigns.put(stored).catch(() => {}); // only the list's label
        }
      }
      if (!joinAsked && !moving && needsJoinRequest(table, identity.userId)) {
        joinAsked = true;
        try {
          // Its outcome shows in my member record; a close before the ruling is no error.
          intents.requestJoin(identity.name, identity.color).receipt.catch(() => {});
        } catch (error) {
          state.problem(`Could not ask to join: ${(error as Error).message}`);
        }
      }
      followMove();
    };
    // Outside the transaction that caused it, and once per burst of changes.
    let scheduled = false;
    const schedule = () => {
      if (scheduled || closed) return;
      scheduled = true;
      queueMicrotask(refresh);
    };
    const meta = table.getMap(TABLE_MAPS.meta);
    const members = table.getMap(TABLE_MAPS.members);
    const tableKeys = gm?.getMap(GM_TABLE_KEYS_MAP) ?? null;
    meta.observeDeep(schedule);
    members.observeDeep(schedule);
    tableKeys?.observeDeep(schedule);
    refresh();

    let closing: Promise<void> | null = null;
    const session: CampaignSession = {
      campaignId,
      me: identity,
      table,
      gm,
      tableSync,
      gmSync,
      intents,
      get rules() {
        return rules;
      },
      get inviteLink() {
        if (gm === null) return null;
        const trusted = Object.keys(trust.keys() ?? {}).sort();
        return makeInviteLink(options.appUrl, {
          campaignId,
          tableKey: stored.tableKey,
          relayUrl: stored.relayUrl,
          epoch: stored.epoch,
          gmIds: (trusted.length > 0 ? trusted : stored.gmIds).slice(0, MAX_INVITE_GMS),
        });
      },
      // The room this session syncs (a kick moves the table on; this session stays).
      assetRelay: {
        url: relayUrl,
        room: stored.room,
        token: deriveRelayToken(stored.tableKey),
        // `/config` speaks for the relay that served the app; another relay's caps are unknown.
        ...(options.assetLimits !== undefined && relayUrl === options.defaultRelayUrl
          ? { limits: options.assetLimits }
          : {}),
      },
      writeAsGm: (write) => duties?.writeAsGm(write) ?? false,
      async kick(userId) {
        if (duties === null || gm === null || !duties.validating) {
          throw new Error('Only the GM device that runs the table can kick: open it there.');
        }
        const kick = kickMember({ table, gm, identity, userId });
        moving = true;
        // The carried-over table exists only here: the next session starts from it.
        handOffDoc(campaignId, 'table', kick.epoch, kick.table);
        if (options.transports.indexeddb) {
          await loadLocalCopy(kick.table, { room: kick.room, tableKey: kick.tableKey, relayUrl });
        }
        kick.table.destroy();
        stored = { ...stored, epoch: kick.epoch, room: kick.room, tableKey: kick.tableKey };
        await campaigns.put(stored);
        state.update({ moved: { epoch: kick.epoch } });
      },
      state: state.get,
      subscribe: (listener) => state.subscribe(listener),
      close() {
        closing ??= (async () => {
          closed = true;
          meta.unobserveDeep(schedule);
          members.unobserveDeep(schedule);
          tableKeys?.unobserveDeep(schedule);
          duties?.close();
          intents.close();
          closeRules?.();
          state.clear();
          await Promise.all(syncs.map((sync) => sync.destroy()));
          table.destroy();
          gm?.destroy();
        })();
        return closing;
      },
    };
    return session;
  }
}

function describeAudit(report: AuditReport): string {
  return `Undid a change to ${report.where} (${report.what}) that did not come from the GM.`;
}
