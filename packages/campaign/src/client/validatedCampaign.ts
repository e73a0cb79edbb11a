/**
 * For tests of the client against the real GM validator (core rules, no module): Aria's
 * campaign, auto-admitting, with her validator ready to rule on whatever the players' docs send.
 */
import { type SystemPin, TABLE_MAPS } from '@meshtable/schema';
import * as Y from 'yjs';
import { toYValue } from '../doc/yRecords';
import { type CreatedCampaign, createCampaign } from '../lifecycle/createCampaign';
import { ARIA, BRAM } from '../testing/intents';
import { GmValidator } from '../validator/GmValidator';
import { IntentClient } from './IntentClient';
import { SYSTEM, syncAll, tokenOf } from './tableFixture';

/** A campaign run by Aria with her validator, and a round of sync → rule → sync. */
export interface ValidatedCampaign extends CreatedCampaign {
  /** Sends the players' docs to the GM, rules, and sends the result back. */
  readonly round: (...players: Y.Doc[]) => Promise<void>;
}

/** Options of {@link validatedCampaign}. */
export interface ValidatedCampaignOptions {
  /** How many rolls the dice chain holds (32 when not given). */
  readonly diceChainLength?: number;
  /** The game system pinned (tableFixture's SYSTEM when not given); its rules never run. */
  readonly system?: SystemPin;
}

/** Aria's auto-admitting campaign and her validator with the core rules. */
export function validatedCampaign(options: ValidatedCampaignOptions = {}): ValidatedCampaign {
  const created = createCampaign({
    gm: ARIA,
    name: 'Tomb',
    system: options.system ?? SYSTEM,
    settings: { autoAdmit: true },
    diceChainLength: options.diceChainLength ?? 32,
  });
  const validator = new GmValidator({
    table: created.table,
    gm: created.gm,
    identity: ARIA,
    rules: null,
  });
  const round = async (...players: Y.Doc[]) => {
    syncAll(created.table, ...players);
    await validator.processPending();
    syncAll(created.table, ...players);
  };
  return { ...created, round };
}

/**
 * Aria's table (her validator) and her phone, and Bram joined, owning token `t1`: the docs
 * synced. Aria's phone does not run the table: what it asks for goes as intents.
 */
export async function gmPhoneAndPlayer() {
  const setup = validatedCampaign();
  const { table, campaignId, round } = setup;
  const gmPhone = new Y.Doc();
  const playerDoc = new Y.Doc();
  syncAll(table, gmPhone, playerDoc);
  const onGmPhone = new IntentClient({ doc: gmPhone, identity: ARIA, campaignId });
  const player = new IntentClient({ doc: playerDoc, identity: BRAM, campaignId });
  const join = player.requestJoin('Bram', '#aa2200');
  await round(playerDoc);
  await join.receipt;
  table.getMap(TABLE_MAPS.tokens).set('t1', toYValue(tokenOf('t1', BRAM.userId)));
  syncAll(table, gmPhone, playerDoc);
  return { ...setup, gmPhone, playerDoc, onGmPhone, player };
}
