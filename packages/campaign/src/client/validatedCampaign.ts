/**
 * For tests of the client against the real GM validator (core rules, no module): Aria's
 * campaign, auto-admitting, with her validator ready to rule on whatever the players' docs send.
 */
import type { SystemPin } from '@meshtable/schema';
import type * as Y from 'yjs';
import { type CreatedCampaign, createCampaign } from '../lifecycle/createCampaign';
import { ARIA } from '../testing/intents';
import { GmValidator } from '../validator/GmValidator';
import { SYSTEM, syncAll } from './tableFixture';

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
