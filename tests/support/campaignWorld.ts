/**
 * A campaign as several peers hold it, for seeded randomized tests: a GM's peer (the table doc,
 * the gm doc, the audit, the validator and the GM's own intent client), players on their own
 * peers (one of them on two devices sharing an identity), a newcomer who joins later, all on a
 * {@link SimNetwork}. Everything random comes from the seed: keys, Yjs client ids, and (through
 * {@link withSeededCrypto}) the campaign's ids, its dice chain and the players' roll nonces.
 */
import {
  type AuditReport,
  createCampaign,
  createIdentity,
  encodePublicKey,
  GmValidator,
  type Identity,
  IntentClient,
  type IntentTicket,
  type RulesHost,
  TableAudit,
  toYValue,
  VALIDATOR_ORIGIN,
} from '@meshtable/campaign';
import type { CallOptions, CallOutcome, HookArgs, HookName } from '@meshtable/sandbox';
import { type Receipt, TABLE_MAPS } from '@meshtable/schema';
import * as Y from 'yjs';
import type { SimNetwork, SimPeer } from './simNetwork';

/** The people of the table. Cy is the one who attacks it. */
export type PersonKey = 'gm' | 'ana' | 'bo' | 'cy' | 'dee';

export interface Person {
  readonly key: PersonKey;
  readonly identity: Identity;
  /** The token and the character they own from the start (none for the GM and the newcomer). */
  readonly tokenId: string | null;
  readonly actorId: string | null;
}

/** One device: a copy of the table doc on the network, and the person's client on it. */
export interface Device {
  readonly name: string;
  readonly person: Person;
  readonly doc: Y.Doc;
  readonly peer: SimPeer;
  /** Made when the device first comes online (the newcomer's), else from the start. */
  client: IntentClient | null;
}

/** A request one device made, and how it ended. */
export interface TrackedRequest {
  /** Unique over the run, and readable from the payload of every entry the request appended. */
  readonly marker: string;
  readonly device: string;
  readonly author: string;
  readonly ticket: IntentTicket;
  outcome: { readonly receipt: Receipt } | { readonly error: Error } | null;
}

export const SCENE_ID = 'cellar';
/** Where `sheet.edit` intents write (`data.stats.<field>`): only the validator writes there. */
export const SHEET_FIELDS = ['str', 'dex', 'hp'] as const;
/** Where owners write their sheet directly (`data.notes`), which the validator never writes. */
export const DIRECT_FIELD = 'notes';
/** One grid square, in scene pixels. */
export const SQUARE = 70;

/**
 * A small game system for the seeds that run in the real sandbox: moves of at most six squares,
 * sheet edits, damage that draws a d20 and takes a point more on a 1, and rolls of a d20 by its
 * own `roll` hook. It reads no sheet data but the hit points only the validator writes: members
 * may write the rest directly, which a replay could not reproduce.
 */
export const FUZZ_RULES = `
exports.validate = (intent, state) => {
  const p = intent.payload;
  if (intent.kind === 'token.move') {
    const token = state.tokens[p.tokenId];
    const squares = Math.max(Math.abs(p.x - token.x), Math.abs(p.y - token.y)) / ${SQUARE};
    return squares <= 6 ? { ok: true } : { ok: false, reason: 'too far: ' + squares + ' squares' };
  }
  if (['sheet.edit', 'roll', 'damage.apply'].includes(intent.kind)) return { ok: true };
  return { ok: false, reason: 'this game has no ' + intent.kind };
};
exports.apply = (intent, state, ctx) => {
  const p = intent.payload;
  if (intent.kind !== 'damage.apply') throw new TypeError('apply: unknown intent ' + intent.kind);
  const stats = state.actors[p.actorId].data.stats || {};
  const hp = typeof stats.hp === 'number' ? stats.hp : 10;
  const graze = ctx.dice.die(20) === 1 ? 1 : 0;
  return [{ op: 'set', collection: 'actors', id: p.actorId, path: ['data', 'stats', 'hp'], value: hp - p.amount - graze }];
};
exports.roll = (request, ctx) => {
  const d20 = ctx.dice.die(20);
  return { total: d20, text: request.notation + ': d20 ' + d20 };
};`;

/**
 * The module's calls held until the test lets each one finish, so that when a ruling completes
 * is the seed's choice and not the worker's timing: the same seed gives the same run.
 */
export class GatedRules implements RulesHost {
  readonly #inner: RulesHost;
  readonly #waiting: (() => Promise<void>)[] = [];

  constructor(inner: RulesHost) {
    this.#inner = inner;
  }

  get hooks(): RulesHost['hooks'] {
    return this.#inner.hooks;
  }

  get commands(): RulesHost['commands'] {
    return this.#inner.commands;
  }

  call<H extends HookName>(
    hook: H,
    args: HookArgs[H],
    options?: CallOptions,
  ): Promise<CallOutcome<H>> {
    return new Promise((resolve) => {
      this.#waiting.push(async () => resolve(await this.#inner.call(hook, args, options)));
    });
  }

  /** Calls waiting to be let through. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs the oldest waiting call in the sandbox and hands its outcome to the validator. */
  async releaseOne(): Promise<boolean> {
    const next = this.#waiting.shift();
    if (next === undefined) return false;
    await next();
    return true;
  }
}

/** The GM's peer: what it runs besides its device. */
export interface GmPeer {
  readonly device: Device;
  readonly gmDoc: Y.Doc;
  readonly validator: GmValidator;
  readonly audit: TableAudit;
  readonly reports: AuditReport[];
  readonly problems: string[];
  /** The GM-owned parts of the table as they were after the validator's last commit. */
  readonly validatorView: { current: Record<string, unknown> };
}

/** A campaign on a simulated network. */
export interface CampaignWorld {
  readonly campaignId: string;
  readonly people: Readonly<Record<PersonKey, Person>>;
  readonly devices: readonly Device[];
  readonly gm: GmPeer;
  /** The table doc and gm doc as the run started, for the replay. */
  readonly initial: { readonly table: Uint8Array; readonly gm: Uint8Array };
  readonly clock: { now: number };
}

/** Options of {@link createWorld}. */
export interface WorldOptions {
  readonly random: () => number;
  readonly network: SimNetwork;
  readonly autoAdmit: boolean;
  readonly rules: RulesHost | null;
  /**
   * Reads the parts of a table doc only the validator writes (campaignChecks' guardedJson): the
   * world keeps them as they were after the validator's last commit.
   */
  readonly guardedJson: (table: Y.Doc) => Record<string, unknown>;
}

/** Makes the people, the campaign, its first records and every device, all but the newcomer online. */
export function createWorld(options: WorldOptions): CampaignWorld {
  const { random, network } = options;
  const clock = { now: 1_000 };
  const now = () => clock.now;
  const person = (key: PersonKey, name: string, color: string, owns: boolean): Person => ({
    key,
    identity: createIdentity(name, color, { secretKey: randomBytes(random, 32), createdAt: 1 }),
    tokenId: owns ? `t-${key}` : null,
    actorId: owns ? `a-${key}` : null,
  });
  const people: Record<PersonKey, Person> = {
    gm: person('gm', 'Gemma', '#aa3300', false),
    ana: person('ana', 'Ana', '#0066cc', true),
    bo: person('bo', 'Bo', '#00aa44', true),
    cy: person('cy', 'Cy', '#884488', true),
    dee: person('dee', 'Dee', '#cc8800', false),
  };
  const created = createCampaign({
    gm: people.gm.identity,
    name: 'Convergence',
    system: { id: 'fuzz', version: '1.0.0', sha256: 'ab'.repeat(32) },
    settings: { autoAdmit: options.autoAdmit },
    now,
    diceChainLength: 512,
  });
  const clientIds = distinctClientIds(random, 6);
  const newDoc = () => {
    const doc = new Y.Doc();
    doc.clientID = clientIds.pop() as number;
    return doc;
  };

  // The GM's device: its own copy of the new campaign, and the first records, written before
  // the audit starts (it takes what it finds as legitimate).
  const gmTable = newDoc();
  Y.applyUpdate(gmTable, Y.encodeStateAsUpdate(created.table));
  writeFirstRecords(gmTable, people);
  const initial = {
    table: Y.encodeStateAsUpdate(gmTable),
    gm: Y.encodeStateAsUpdate(created.gm),
  };

  const devices: Device[] = [];
  const device = (name: string, who: Person, doc: Y.Doc): Device => {
    const made: Device = { name, person: who, doc, peer: network.add(name, doc), client: null };
    devices.push(made);
    return made;
  };
  const copy = () => {
    const doc = newDoc();
    Y.applyUpdate(doc, initial.table);
    return doc;
  };
  const gmDevice = device('gm', people.gm, gmTable);
  device('ana', people.ana, copy());
  device('bo-laptop', people.bo, copy());
  device('bo-phone', people.bo, copy());
  device('cy', people.cy, copy());
  device('dee', people.dee, newDoc());

  const reports: AuditReport[] = [];
  const problems: string[] = [];
  const audit = new TableAudit({ table: gmTable, onReport: (report) => reports.push(report), now });
  audit.start();
  const validator = new GmValidator({
    table: gmTable,
    gm: created.gm,
    identity: people.gm.identity,
    rules: options.rules,
    now,
    onProblem: (problem) => problems.push(problem),
  });
  const validatorView = { current: options.guardedJson(gmTable) };
  gmTable.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.origin === VALIDATOR_ORIGIN)
      validatorView.current = options.guardedJson(gmTable);
  });
  validator.start();

  for (const each of devices) {
    if (each.person.key === 'dee') continue;
    each.client = new IntentClient({
      doc: each.doc,
      identity: each.person.identity,
      campaignId: created.campaignId,
      now,
      maxReissues: 50,
    });
    network.connect(each.peer);
  }
  return {
    campaignId: created.campaignId,
    people,
    devices,
    gm: { device: gmDevice, gmDoc: created.gm, validator, audit, reports, problems, validatorView },
    initial,
    clock,
  };
}

/** The GM's scene, a token and a character for each player, and a token nobody owns. */
function writeFirstRecords(table: Y.Doc, people: Record<PersonKey, Person>): void {
  table.transact(() => {
    const members = table.getMap(TABLE_MAPS.members);
    for (const key of ['ana', 'bo', 'cy'] as const) {
      const { identity } = people[key];
      members.set(
        identity.userId,
        toYValue({
          userId: identity.userId,
          publicKey: encodePublicKey(identity.publicKey),
          name: identity.name,
          color: identity.color,
          role: 'player',
          status: 'member',
          since: 1,
        }),
      );
    }
    table.getMap(TABLE_MAPS.scenes).set(
      SCENE_ID,
      toYValue({
        id: SCENE_ID,
        name: 'Cellar',
        order: 0,
        width: 2100,
        height: 1400,
        background: null,
        grid: {
          type: 'square',
          size: SQUARE,
          offsetX: 0,
          offsetY: 0,
          color: '#000000',
          distance: 5,
          units: 'ft',
        },
      }),
    );
    const tokens = table.getMap(TABLE_MAPS.tokens);
    const actors = table.getMap(TABLE_MAPS.actors);
    const owned = (['ana', 'bo', 'cy'] as const).map((key) => people[key]);
    for (const [index, { identity, tokenId, actorId }] of [
      ...owned,
      { identity: null, tokenId: 't-npc', actorId: null },
    ].entries()) {
      tokens.set(
        tokenId as string,
        toYValue({
          id: tokenId as string,
          sceneId: SCENE_ID,
          actorId,
          name: identity?.name ?? 'Rat',
          image: null,
          x: SQUARE * index,
          y: 0,
          size: 1,
          rotation: 0,
          bars: [],
          conditions: [],
          owners: identity === null ? [] : [identity.userId],
        }),
      );
      if (identity === null || actorId === null) continue;
      actors.set(
        actorId,
        toYValue({
          id: actorId,
          type: 'character',
          name: identity.name,
          image: null,
          owners: [identity.userId],
          data: { stats: { str: 10, dex: 10, hp: 8 }, [DIRECT_FIELD]: '' },
        }),
      );
    }
  });
}

/** Bytes from the test's generator. */
export function randomBytes(random: () => number, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => Math.floor(random() * 256));
}

function distinctClientIds(random: () => number, count: number): number[] {
  const ids = new Set<number>();
  while (ids.size < count) ids.add(1 + Math.floor(random() * 0x7fff_fffe));
  return [...ids];
}
