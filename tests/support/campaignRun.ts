/**
 * One seeded run of a {@link CampaignWorld}: each step, chosen by the seed, delivers messages,
 * has someone ask for something, edit their sheet directly, attack, or join, or changes the
 * network; `settle` then heals and delivers everything until the GM has ruled on all there is.
 */
import { IntentClient, type IntentTicket } from '@meshtable/campaign';
import { TABLE_MAPS } from '@meshtable/schema';
import * as Y from 'yjs';
import { ATTACKS } from './campaignAttacks';
import { markedPosition, stableJson } from './campaignChecks';
import {
  type CampaignWorld,
  type Device,
  DIRECT_FIELD,
  type GatedRules,
  type Person,
  SHEET_FIELDS,
  type TrackedRequest,
} from './campaignWorld';
import type { SimNetwork } from './simNetwork';

/** Options of {@link CampaignRun}. */
export interface CampaignRunOptions {
  readonly world: CampaignWorld;
  readonly network: SimNetwork;
  /** The module's calls, held until a step lets one through; null with the core rules. */
  readonly gate: GatedRules | null;
  readonly random: () => number;
  /** The attacks of {@link ATTACKS} the hostile player uses. */
  readonly attacks: readonly string[];
  /**
   * Whether they may delete log entries the GM's peer has not seen (which only the author's
   * client can put back), or only those it has (which its audit puts back).
   */
  readonly deleteUnseen: boolean;
}

/** Codes of requests a client refuses before sending anything. */
const REFUSED_AT_ONCE = new Set(['CLIENT_NO_DICE_CHAIN', 'CAMPAIGN_INVALID_META']);

/** Rounds of delivering and ruling after which a run that has not settled is a failure. */
const MAX_SETTLE_ROUNDS = 10_000;

export class CampaignRun {
  /** Every request made, with its outcome once the ticket ends. */
  readonly requests: TrackedRequest[] = [];
  /** Every GM-owned record and log the hostile player wrote to. */
  readonly attacked = new Set<string>();
  readonly #world: CampaignWorld;
  readonly #network: SimNetwork;
  readonly #gate: GatedRules | null;
  readonly #random: () => number;
  readonly #attacks: readonly string[];
  readonly #deleteUnseen: boolean;
  #counter = 0;

  constructor(options: CampaignRunOptions) {
    this.#world = options.world;
    this.#network = options.network;
    this.#gate = options.gate;
    this.#random = options.random;
    this.#attacks = [...options.attacks].sort();
    this.#deleteUnseen = options.deleteUnseen;
  }

  /** One random step, then a random number of turns for what waits on promises. */
  async step(): Promise<void> {
    this.#world.clock.now += 1 + Math.floor(this.#random() * 20);
    const roll = this.#random();
    if (roll < 0.4) {
      const count = 1 + Math.floor(this.#random() * 5);
      for (let index = 0; index < count; index++) this.#network.deliverOne();
    } else if (roll < 0.62) {
      this.#request();
    } else if (roll < 0.68) {
      this.#editSheetDirectly();
    } else if (roll < 0.76) {
      this.#attack();
    } else if (roll < 0.86) {
      this.#changeNetwork();
    } else if (roll < 0.9) {
      this.#join();
    } else if (this.#gate !== null) {
      await this.#gate.releaseOne();
    }
    const turns = Math.floor(this.#random() * 4);
    for (let turn = 0; turn < turns; turn++) await null;
  }

  /**
   * Brings everyone online, heals every partition, and delivers and rules until nothing is left
   * in flight and the validator has nothing to do.
   */
  async settle(): Promise<void> {
    this.#network.healAll();
    for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
      this.#network.drain();
      if (this.#gate !== null && (await this.#gate.releaseOne())) continue;
      // After a macrotask turn, a validator with the core rules has done all it can.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.#network.inFlight > 0 || (this.#gate?.waiting ?? 0) > 0) continue;
      await this.#world.gm.validator.settled();
      await new Promise((resolve) => setImmediate(resolve));
      if (this.#network.inFlight === 0 && (this.#gate?.waiting ?? 0) === 0) return;
    }
    throw new Error(`the run did not settle in ${MAX_SETTLE_ROUNDS} rounds`);
  }

  #request(): void {
    const device = this.#pick(this.#world.devices.filter((each) => each.client !== null));
    const client = device.client as IntentClient;
    const { person } = device;
    const others = (['ana', 'bo', 'cy'] as const)
      .map((key) => this.#world.people[key])
      .filter((each) => each !== person);
    const n = this.#fresh();
    const choice = this.#random();
    if (choice < 0.35) {
      // Mostly one's own token; sometimes another's, which only a GM may move.
      const target =
        person.tokenId !== null && this.#random() < 0.8
          ? person.tokenId
          : (this.#pick([...others.map((each) => each.tokenId), 't-npc']) as string);
      const x = markedPosition(Math.floor(this.#random() * 12), n);
      const y = 70 * Math.floor(this.#random() * 8);
      this.#track(device, `move:${n}`, () => client.requestMoveToken(target, x, y));
    } else if (choice < 0.55) {
      this.#track(device, `roll:${n}`, () => client.requestRoll('1d20+2', { label: String(n) }));
    } else if (choice < 0.85) {
      const actorId =
        person.actorId !== null && this.#random() < 0.8
          ? person.actorId
          : (this.#pick(others).actorId as string);
      const path = ['stats', this.#pick(SHEET_FIELDS)];
      this.#track(device, `edit:${n}`, () =>
        client.request('sheet.edit', { actorId, path, value: n }),
      );
    } else if (choice < 0.92) {
      const actorId = this.#pick(others).actorId as string;
      this.#track(device, `damage:${n}`, () => client.requestApplyDamage(actorId, n));
    } else {
      const name = `${person.identity.name} ${n}`;
      this.#track(device, `join:${name}`, () => client.requestJoin(name, person.identity.color));
    }
  }

  /** Makes a request and follows its ticket; `marker` is what its payload says (markerOf). */
  #track(device: Device, marker: string, issue: () => IntentTicket): void {
    let ticket: IntentTicket;
    try {
      ticket = issue();
    } catch (error) {
      // Refused at once, nothing sent: a roll on a newcomer's device before meta has come, or
      // while a peer's meta lacks an entry for a moment (an entry's replacement can arrive
      // after the deletion of what it replaced).
      if (REFUSED_AT_ONCE.has((error as { code?: string }).code ?? '')) return;
      throw error;
    }
    const request: TrackedRequest = {
      marker,
      device: device.name,
      author: device.person.identity.userId,
      ticket,
      outcome: null,
    };
    ticket.receipt.then(
      (receipt) => {
        request.outcome = { receipt };
      },
      (error: Error) => {
        request.outcome = { error };
      },
    );
    this.requests.push(request);
  }

  /**
   * An owner writes their sheet's notes directly, as the audit allows: from a device the GM's
   * peer has answered an entry of (IntentClient.introduced, the app's rule in apps/web/src/sheets:
   * the audit knows whom such a device writes for; another's edit would be undone).
   */
  #editSheetDirectly(): void {
    const known = this.#world.devices.filter(
      (each) => each.person.actorId !== null && each.client?.introduced() === true,
    );
    if (known.length === 0) return;
    const device = this.#pick(known);
    const actor = device.doc.getMap(TABLE_MAPS.actors).get(device.person.actorId as string);
    const data = actor instanceof Y.Map ? actor.get('data') : undefined;
    if (data instanceof Y.Map) data.set(DIRECT_FIELD, `note ${this.#fresh()}`);
  }

  #attack(): void {
    const { people } = this.#world;
    const attacker = this.#device('cy');
    if (this.#attacks.length === 0) return;
    const attack = ATTACKS[this.#pick(this.#attacks)];
    const gmTable = this.#world.gm.device.doc;
    const where = attack?.({
      doc: attacker.doc,
      attacker: people.cy,
      victims: [people.gm, people.ana, people.bo, people.dee],
      gmUserId: people.gm.identity.userId,
      random: this.#random,
      fresh: () => this.#fresh(),
      mayDelete: (logName, entry) => {
        if (this.#deleteUnseen) return true;
        const known = stableJson(entry);
        return gmTable
          .getArray(logName)
          .toJSON()
          .some((each) => stableJson(each) === known);
      },
    });
    if (where !== null && where !== undefined) this.attacked.add(where);
  }

  #changeNetwork(): void {
    const peers = this.#world.devices
      .filter((each) => each.client !== null)
      .map((each) => each.peer);
    const a = this.#pick(peers);
    const b = this.#pick(peers);
    const choice = this.#random();
    if (choice < 0.3) this.#network.partition(a, b);
    else if (choice < 0.6) this.#network.heal(a, b);
    else if (choice < 0.8) this.#network.disconnect(a);
    else this.#network.connect(a);
  }

  /** The newcomer comes online and asks to join; or a member asks again (and is told no). */
  #join(): void {
    const newcomer = this.#device('dee');
    if (newcomer.client !== null) {
      this.#request();
      return;
    }
    const { identity } = newcomer.person;
    const client = new IntentClient({
      doc: newcomer.doc,
      identity,
      campaignId: this.#world.campaignId,
      now: () => this.#world.clock.now,
      maxReissues: 50,
    });
    newcomer.client = client;
    this.#network.connect(newcomer.peer);
    const name = `${identity.name} ${this.#fresh()}`;
    this.#track(newcomer, `join:${name}`, () => client.requestJoin(name, identity.color));
  }

  #device(key: Person['key']): Device {
    const device = this.#world.devices.find((each) => each.person.key === key);
    if (device === undefined) throw new Error(`no device of ${key}`);
    return device;
  }

  #fresh(): number {
    this.#counter += 1;
    return this.#counter;
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#random() * items.length)] as T;
  }
}
