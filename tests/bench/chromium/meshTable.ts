/**
 * The campaign side of the mesh benchmark, in the page: the table doc synced as the app syncs it
 * (packages/sync `openSyncSession`: unmodified y-webrtc signalled through the relay's `/signal`,
 * with the glare watchdog, no ICE servers), and on it either the GM's peer (createCampaign, the
 * audit, GmValidator with the core rules or a module in the sandbox's Web Worker) or a player's
 * (IntentClient). Every page reports when its doc first holds a token's new position and each
 * new receipt, read in the doc's own observers on the shared clock.
 */
import {
  createCampaign,
  createIdentity,
  GmValidator,
  type Identity,
  INTENT_CLIENT_ORIGIN,
  IntentClient,
  type RulesHost,
  TableAudit,
} from '@meshtable/campaign';
import { Sandbox } from '@meshtable/sandbox';
import { browserWorkerLauncher } from '@meshtable/sandbox/browser';
import { TABLE_MAPS } from '@meshtable/schema';
import { openSyncSession, type SyncSession } from '@meshtable/sync';
import * as Y from 'yjs';
import { loadMoveRules, writeBenchTable } from '../intentCommitTable';
import { sharedNow } from './meshRawChannels';

/** Tells the driver that this page's doc holds something: `kind` `move` or `receipt`. */
export type TableReport = (
  kind: 'move' | 'receipt' | 'intentAtGm',
  key: string,
  at: number,
) => void;

/** The origin of the GM's direct writes, trusted by the audit as the app's `writeAsGm` is. */
const GM_WRITE_ORIGIN = Symbol('bench gm write');

/** Where a table doc lives: the relay that signals, the room and its key. */
export interface TableAddress {
  readonly relayUrl: string;
  readonly room: string;
  readonly tableKey: string;
}

/** Opens the doc's y-webrtc sync (no relay copy, no IndexedDB: the peer-to-peer path alone). */
function openTableSync(doc: Y.Doc, address: TableAddress): SyncSession {
  return openSyncSession(doc, {
    ...address,
    transports: { webrtc: true, relay: false, indexeddb: false },
    iceServers: [],
  });
}

/** Reports moved tokens and new receipts of `doc` as its observers see them. */
function watchTable(doc: Y.Doc, report: TableReport): void {
  doc.getMap(TABLE_MAPS.tokens).observeDeep((events) => {
    const at = sharedNow();
    for (const event of events) {
      const token = event.target;
      if (!(token instanceof Y.Map) || event.path.length !== 1) continue;
      if (!event.keys.has('x') && !event.keys.has('y')) continue;
      report('move', `${String(event.path[0])}:${token.get('x')},${token.get('y')}`, at);
    }
  });
  doc.getMap(TABLE_MAPS.receipts).observe((event) => {
    const at = sharedNow();
    for (const [key, change] of event.keys) if (change.action === 'add') report('receipt', key, at);
  });
}

/** One page's peer of the table. */
abstract class TablePeer {
  abstract readonly doc: Y.Doc;
  abstract readonly session: SyncSession;
  readonly problems: string[] = [];

  /** Peers whose WebRTC data channel is open. */
  peers(): number {
    return this.session.getState().webrtcPeers;
  }

  /** Tokens in this page's doc. */
  tokens(): number {
    return this.doc.getMap(TABLE_MAPS.tokens).size;
  }

  async close(): Promise<void> {
    await this.session.destroy();
  }
}

/** The GM's peer: makes the campaign, audits, and validates every intent. */
export class GmPeer extends TablePeer {
  readonly identity: Identity = createIdentity('Gemma', '#aa3300');
  readonly #created = createCampaign({
    gm: this.identity,
    name: 'Benchmark',
    system: { id: 'bench', version: '1.0.0', sha256: 'ab'.repeat(32) },
    settings: { autoAdmit: true },
  });
  readonly doc = this.#created.table;
  readonly session: SyncSession;
  readonly #audit: TableAudit;
  #validator: GmValidator;
  #sandbox: Sandbox | null = null;
  /** The module, once loaded: later runs rule with the same instance. */
  #module: RulesHost | null = null;

  constructor(relayUrl: string, report: TableReport) {
    super();
    const { table, campaignId, tableKey } = this.#created;
    watchTable(table, report);
    // When an intent reaches this peer, for the breakdown of intent to commit: the last entry of
    // each log a remote transaction changed (an intent log is a top-level Y.Array).
    table.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.local) return;
      const at = sharedNow();
      for (const type of transaction.changed.keys()) {
        if (!(type instanceof Y.Array) || type._item !== null || type.length === 0) continue;
        const id = (type.get(type.length - 1) as { id?: unknown } | null)?.id;
        if (typeof id === 'string') report('intentAtGm', id, at);
      }
    });
    // As on the app's GM device: the audit starts on the GM's own copy before it connects.
    this.#audit = new TableAudit({
      table,
      trusted: new Set([GM_WRITE_ORIGIN]),
      onReport: (audit) => this.problems.push(`audit: ${JSON.stringify(audit)}`),
    });
    this.#audit.start();
    this.#validator = this.#validate(null);
    this.session = openTableSync(table, { relayUrl, room: campaignId, tableKey });
  }

  /** What players need to open the table. */
  invite(): { room: string; tableKey: string; gmId: string } {
    return {
      room: this.#created.campaignId,
      tableKey: this.#created.tableKey,
      gmId: this.identity.userId,
    };
  }

  /** The scene, a sheet and a token of their own per player (a row each), and 24 NPC tokens. */
  setUpScene(players: readonly string[]): number {
    return writeBenchTable(this.doc, players, GM_WRITE_ORIGIN);
  }

  /**
   * Moves a token as the app's GM drag does on the validating device (`writeAsGm`): its `x` and
   * `y` fields set in one transaction. Returns when, on the shared clock.
   */
  move(tokenId: string, x: number, y: number): number {
    const token = this.doc.getMap(TABLE_MAPS.tokens).get(tokenId);
    if (!(token instanceof Y.Map)) throw new Error(`no token ${tokenId}`);
    const at = sharedNow();
    this.doc.transact(() => {
      token.set('x', x);
      token.set('y', y);
    }, GM_WRITE_ORIGIN);
    return at;
  }

  /**
   * Rules from now on with the core rules alone (`module` false), or with the benchmark's rules
   * module (tests/bench/intentCommitTable.ts) loaded into the sandbox's Web Worker.
   */
  async useRules(module: boolean): Promise<void> {
    if (module && this.#module === null) {
      this.#sandbox = new Sandbox({ launch: browserWorkerLauncher() });
      this.#module = await loadMoveRules(this.#sandbox);
    }
    this.#validator.stop();
    this.#validator = this.#validate(module ? this.#module : null);
  }

  override async close(): Promise<void> {
    this.#validator.stop();
    this.#audit.stop();
    this.#sandbox?.close();
    await super.close();
  }

  #validate(rules: RulesHost | null): GmValidator {
    const validator = new GmValidator({
      table: this.doc,
      gm: this.#created.gm,
      identity: this.identity,
      rules,
      onProblem: (problem) => this.problems.push(`validator: ${problem}`),
    });
    validator.start();
    return validator;
  }
}

/** A player's peer: an IntentClient on the synced table doc. */
export class PlayerPeer extends TablePeer {
  readonly identity: Identity;
  readonly doc = new Y.Doc();
  readonly session: SyncSession;
  readonly #intents: IntentClient;
  /** When the client last appended to this page's log, on the shared clock. */
  #appended = Number.NaN;

  constructor(
    name: string,
    address: TableAddress & { readonly gmId: string },
    report: TableReport,
  ) {
    super();
    this.identity = createIdentity(name, '#336699');
    watchTable(this.doc, report);
    // The moment an intent is in this page's log: its transaction's observers have run, and
    // y-webrtc sends it from the `update` event, which Yjs emits after this one.
    this.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin === INTENT_CLIENT_ORIGIN) this.#appended = sharedNow();
    });
    this.session = openTableSync(this.doc, address);
    this.#intents = new IntentClient({
      doc: this.doc,
      identity: this.identity,
      campaignId: address.room,
      gmIds: [address.gmId],
      onProblem: (problem) => this.problems.push(`intent client: ${problem}`),
    });
  }

  /** Asks to join (the campaign admits automatically); resolves with the receipt's status. */
  async join(): Promise<string> {
    const receipt = await this.#intents.requestJoin(this.identity.name, '#336699').receipt;
    return receipt.status === 'applied' ? 'applied' : `rejected: ${receipt.reason}`;
  }

  /**
   * Asks to move a token; returns the intent's id, when it was asked and when it was signed and
   * in the log, on the shared clock. A refusal is kept as a problem.
   */
  requestMove(tokenId: string, x: number, y: number): { id: string; at: number; appended: number } {
    const at = sharedNow();
    this.#appended = Number.NaN;
    const ticket = this.#intents.requestMoveToken(tokenId, x, y);
    const appended = this.#appended;
    if (Number.isNaN(appended)) throw new Error(`move ${ticket.id} was not appended at once`);
    void ticket.receipt.then((receipt) => {
      if (receipt.status !== 'applied') {
        this.problems.push(`move ${ticket.id} refused: ${receipt.reason}`);
      }
    });
    return { id: ticket.id, at, appended };
  }

  override async close(): Promise<void> {
    this.#intents.close();
    await super.close();
  }
}
