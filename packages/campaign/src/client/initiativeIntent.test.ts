/**
 * `combat.initiative` from a player's IntentClient to the real GM validator: the request is
 * checked before it is signed, the encounter is written in the receipt's transaction, and the
 * receipt's revealed seed gives the dice every peer can recompute.
 */
import { decodeSeedHex, deriveRollSeed } from '@meshtable/dice';
import { type Combat, intentLogName, type Receipt, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fromYValue, toYValue } from '../doc/yRecords';
import type { Intent } from '../intents/intent';
import { readMeta } from '../lifecycle/readCampaign';
import { BRAM } from '../testing/intents';
import { thrown } from '../testing/thrown';
import { fallbackInitiative, initiativeSeed } from '../validator/initiativeRules';
import { playerNonceOf } from '../validator/rollSeeds';
import { verifyReceiptDice } from '../validator/verifyReceipt';
import { IntentClient } from './IntentClient';
import { syncAll, tokenOf } from './tableFixture';
import { validatedCampaign } from './validatedCampaign';

const FIGHT: Combat = {
  id: 'fight',
  sceneId: 'cellar',
  active: true,
  round: 0,
  turn: 0,
  combatants: [
    { id: 'c-rat', tokenId: null, actorId: null, name: 'Rat', initiative: 30 },
    { id: 'c-bram', tokenId: 't1', actorId: null, name: 'Bram', initiative: null },
  ],
};

/** Aria's validated campaign and Bram's doc, with a round of rulings for it. */
function setUp() {
  const created = validatedCampaign();
  const playerDoc = new Y.Doc();
  return { ...created, playerDoc, round: () => created.round(playerDoc) };
}

describe('combat.initiative through the IntentClient and the GM validator', () => {
  it("rolls a player's own combatant, writes the encounter with the receipt, and the dice verify", async () => {
    const { table, campaignId, playerDoc, round } = setUp();
    const client = new IntentClient({ doc: playerDoc, identity: BRAM, campaignId });
    const join = client.requestJoin('Bram', '#aa2200');
    await round();
    await expect(join.receipt).resolves.toMatchObject({ status: 'applied' });
    table.transact(() => {
      table.getMap(TABLE_MAPS.tokens).set('t1', toYValue(tokenOf('t1', BRAM.userId)));
      table.getMap(TABLE_MAPS.combat).set('fight', toYValue(FIGHT as never));
    });
    syncAll(table, playerDoc);

    // The receipt and the encounter arrive in one transaction: never one without the other.
    const seen: string[] = [];
    table.on('afterTransaction', (transaction: Y.Transaction) => {
      const names = [...transaction.changedParentTypes.keys()]
        .map((type) =>
          type.parent === null ? [...table.share].find(([, t]) => t === type)?.[0] : null,
        )
        .filter((name): name is string => typeof name === 'string');
      if (names.includes(TABLE_MAPS.receipts) || names.includes(TABLE_MAPS.combat))
        seen.push(names.sort().join('+'));
    });
    const ticket = client.requestInitiative('fight', ['c-bram']);
    await round();
    const receipt = (await ticket.receipt) as Extract<Receipt, { status: 'applied' }>;
    expect(receipt.status).toBe('applied');
    expect(
      seen.some(
        (names) => names.includes(TABLE_MAPS.receipts) && names.includes(TABLE_MAPS.combat),
      ),
    ).toBe(true);

    // Any peer recomputes the roll from the receipt: chain seed → ruling seed → combatant seed.
    const intent = playerDoc
      .getArray<Intent>(intentLogName(BRAM.userId))
      .toArray()
      .find((entry) => entry.id === receipt.intentId) as Intent;
    expect(verifyReceiptDice(receipt, intent, readMeta(playerDoc)?.dice ?? undefined)).toEqual({
      ok: true,
      dice: true,
    });
    const chainSeed = decodeSeedHex(receipt.roll?.seed ?? '') as Uint8Array;
    const rulingSeed = deriveRollSeed(
      chainSeed,
      playerNonceOf(intent.payload, intent.sig),
      intent.id,
    );
    const die = fallbackInitiative(initiativeSeed(rulingSeed, 'c-bram'));
    expect(receipt.roll?.draws).toEqual([{ sides: 20, value: die }]);
    expect(receipt.result).toEqual({
      combatId: 'fight',
      rolls: [{ combatantId: 'c-bram', name: 'Bram', initiative: die, dice: [die], by: 'd20' }],
    });
    const stored = fromYValue(playerDoc.getMap(TABLE_MAPS.combat).get('fight')) as Combat;
    expect(stored.combatants.map((c) => [c.id, c.initiative])).toEqual([
      ['c-rat', 30],
      ['c-bram', die],
    ]);

    // Once rolled, it is the GM's to change.
    const again = client.requestInitiative('fight', ['c-bram']);
    await round();
    await expect(again.receipt).resolves.toMatchObject({
      status: 'rejected',
      reason: 'Bram has rolled initiative already: only the GM may change it',
    });
    expect(
      (fromYValue(table.getMap(TABLE_MAPS.combat).get('fight')) as Combat).combatants[1]
        ?.initiative,
    ).toBe(die);
  });

  it('refuses a malformed request before signing it', () => {
    const { campaignId, playerDoc } = setUp();
    const client = new IntentClient({ doc: playerDoc, identity: BRAM, campaignId });
    expect(thrown(() => client.requestInitiative('fight', [])).code).toBe('CLIENT_INVALID_REQUEST');
    expect(thrown(() => client.requestInitiative('fight', ['a', 'a'])).message).toMatch(
      /each combatant once/,
    );
    expect(thrown(() => client.requestInitiative('no such id!', ['a'])).code).toBe(
      'CLIENT_INVALID_REQUEST',
    );
    expect(playerDoc.getArray(intentLogName(BRAM.userId)).length).toBe(0);
  });
});
