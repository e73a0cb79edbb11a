/**
 * Issue 8, "Initiative and combat", end to end: a GM and two players, each in their own browser
 * context, on the built app served by a real relay, with the srd5e game system running in each
 * browser's sandbox.
 *
 * The GM (Gemma) shows a scene with three tokens, Ann's fighter (Dex 14), Bob's rogue (Dex 18)
 * and a goblin (Dex 12), each standing for an actor. From the combat panel she starts an
 * encounter on the scene and adds its tokens (the fighter selected on the map, then the rest). Ann rolls initiative for her own fighter (and has
 * no button for the others); Bob's asking to roll for Ann's fighter is refused; the GM rolls for
 * everyone left. Each roll is srd5e's `initiative` hook, d20 + Dex modifier + Dex / 100, checked
 * against the receipts: the die in each receipt is the one the revealed seed of the GM's dice
 * chain gives. Every screen shows the same order. The GM starts round 1 and moves the turn with
 * the button and with Shift+N: on every board the token whose turn it is glows, and the round
 * goes up past the last combatant. A hand-set initiative re-orders without moving the turn, and
 * ending the encounter clears it everywhere.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  FALLBACK_INITIATIVE_NOTATION,
  type InitiativeRoll,
  type Intent,
  initiativeSeed,
  playerNonceOf,
  verifyReceiptDice,
} from '@meshtable/campaign';
import { decodeSeedHex, deriveRollSeed, roll } from '@meshtable/dice';
import type { Actor, Combat, Receipt, Token } from '@meshtable/schema';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickScenePoint, showSceneAsGm, squareScene } from '../support/campaignBoardPage';
import { type CampaignTable, closeCampaignTable, openPartyTable } from '../support/campaignPage';
import type { BrowserPeer } from '../support/chromium';
import { waitOn } from '../support/pageWaits';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const CELL = 70;
const SCENE = squareScene('arena', 'The arena', 12, 8, CELL);

/** An srd5e character or NPC with these Dexterity and owners. */
function actor(id: string, name: string, dex: number, owners: string[]): Actor {
  return {
    id,
    type: owners.length === 0 ? 'npc' : 'character',
    name,
    image: null,
    owners,
    data: { abilities: { str: 10, dex, con: 12, int: 10, wis: 10, cha: 10 }, hp: 10 },
  };
}

function token(id: string, name: string, actorId: string, col: number, owners: string[]): Token {
  return {
    id,
    sceneId: SCENE.id,
    actorId,
    name,
    image: null,
    x: col * CELL,
    y: 2 * CELL,
    size: 1,
    rotation: 0,
    bars: [],
    conditions: [],
    owners,
  };
}

/** Each combatant's Dexterity, by token id: what the srd5e initiative adds. */
const DEX: Record<string, number> = { 't-fighter': 14, 't-rogue': 18, 't-goblin': 12 };
const dexModifier = (dex: number) => Math.floor((dex - 10) / 2);

const combatant = (tokenId: string) => `[data-testid=combatant][data-token-id="${tokenId}"]`;

/** The order as the page's combat panel lists it: token ids, first to act first. */
async function shownOrder(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid=combatant]', (rows) =>
    rows.map((row) => row.getAttribute('data-token-id') ?? ''),
  );
}

/** Waits until the page's board makes `tokenId` (alone) the token whose turn it is. */
async function waitForTurnOnBoard(page: Page, tokenId: string | null) {
  await waitOn(
    page,
    `the turn ring on ${tokenId ?? 'no token'}`,
    (id) => {
      const glowing = [...document.querySelectorAll('[data-testid=token][data-turn=true]')].map(
        (element) => element.getAttribute('data-token-id'),
      );
      return id === null ? glowing.length === 0 : glowing.length === 1 && glowing[0] === id;
    },
    tokenId,
  );
}

/** Waits until the page's combat panel lists the combatants of these tokens in this order. */
async function waitForOrder(page: Page, tokenIds: readonly string[]) {
  await waitOn(
    page,
    `the order ${tokenIds.join(', ')}`,
    (wanted) =>
      [...document.querySelectorAll('[data-testid=combatant]')]
        .map((row) => row.getAttribute('data-token-id'))
        .join(' ') === wanted.join(' '),
    tokenIds,
  );
}

/** Waits until the page's combat panel says round `round`, with `tokenId`'s combatant up. */
async function waitForTurnInPanel(page: Page, round: number, tokenId: string) {
  await waitOn(
    page,
    `round ${round}, ${tokenId}'s turn in the panel`,
    ({ round, tokenId }) => {
      const line = document.querySelector('[data-testid=combat-turn]');
      const current = document.querySelector('[data-testid=combatant][data-current=true]');
      return (
        line?.getAttribute('data-round') === String(round) &&
        current?.getAttribute('data-token-id') === tokenId
      );
    },
    { round, tokenId },
  );
}

describe('initiative and combat: a GM and two players, srd5e', () => {
  let table: CampaignTable | undefined;
  let gm: BrowserPeer;
  let ann: BrowserPeer;
  let bob: BrowserPeer;
  let order: string[] = [];

  const everyone = () => [gm, ann, bob];
  const shot = (peer: BrowserPeer, name: string) =>
    peer.page.screenshot({ path: `${SCREENSHOT_DIR}combat-${name}.png` });

  beforeAll(async () => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    const opened = await openPartyTable('The Arena', 'srd5e');
    ({ table, gm, ann, bob } = opened);
    for (const peer of [ann, bob]) {
      await peer.page.waitForSelector('[data-testid=campaign-system][data-loaded=true]', {
        timeout: 30_000,
      });
    }
    await showSceneAsGm(
      gm.page,
      SCENE,
      {
        actors: [
          actor('a-fighter', 'Ann’s fighter', DEX['t-fighter'] as number, [opened.annId]),
          actor('a-rogue', 'Bob’s rogue', DEX['t-rogue'] as number, [opened.bobId]),
          actor('a-goblin', 'Goblin', DEX['t-goblin'] as number, []),
        ],
        tokens: [
          token('t-fighter', 'Ann’s fighter', 'a-fighter', 2, [opened.annId]),
          token('t-rogue', 'Bob’s rogue', 'a-rogue', 4, [opened.bobId]),
          token('t-goblin', 'Goblin', 'a-goblin', 8, []),
        ],
      },
      everyone().map((peer) => peer.page),
    );
  }, 240_000);

  afterAll(() => closeCampaignTable(table));

  it('starts an encounter on the scene and adds its tokens, seen by everyone', async () => {
    for (const peer of [ann, bob]) {
      await peer.page.waitForSelector('[data-testid=combat-none]');
      expect(await peer.page.locator('[data-testid=combat-start]').count()).toBe(0);
    }
    await gm.page.click('[data-testid=combat-start]');
    // The fighter picked on the map, then the rest of the scene's tokens.
    await clickScenePoint(gm.page, { x: 2.5 * CELL, y: 2.5 * CELL });
    await gm.page.waitForSelector('[data-testid=combat-add-selected]:has-text("(1)")');
    await gm.page.click('[data-testid=combat-add-selected]');
    await gm.page.waitForSelector(combatant('t-fighter'));
    await gm.page.click('[data-testid=combat-add-all]');
    for (const peer of everyone()) {
      await waitOn(
        peer.page,
        'three combatants, none rolled, in the set-up',
        () =>
          document.querySelectorAll('[data-testid=combatant][data-initiative=""]').length === 3 &&
          document.querySelector('[data-testid=combat-turn]')?.getAttribute('data-round') === '0',
        null,
      );
    }
  });

  it('lets Ann roll for her own fighter only, and refuses Bob a roll for it', async () => {
    // Ann has one roll button: her fighter's.
    await ann.page.waitForSelector(`${combatant('t-fighter')} [data-testid=combatant-roll]`);
    expect(await ann.page.locator('[data-testid=combatant-roll]').count()).toBe(1);
    await ann.page.click(`${combatant('t-fighter')} [data-testid=combatant-roll]`);
    for (const peer of everyone()) {
      await waitOn(
        peer.page,
        'the fighter’s initiative',
        (selector) => document.querySelector(selector)?.getAttribute('data-initiative') !== '',
        combatant('t-fighter'),
      );
    }
    // Rolled once, it is the GM's to change: her button is gone.
    await ann.page.waitForSelector(`${combatant('t-fighter')} [data-testid=combatant-roll]`, {
      state: 'detached',
    });
    await ann.page.waitForSelector('[data-testid=combat-last-rolls]');

    // Asked for anyway (as a modified client could), the GM's validator refuses it.
    const refused = await bob.page.evaluate(async () => {
      const hook = window.__meshtable?.campaign;
      const encounter = [...(hook?.table.getMap('combat').values() ?? [])][0] as
        | { toJSON(): Combat }
        | undefined;
      const fight = encounter?.toJSON();
      const fighter = fight?.combatants.find((c) => c.tokenId === 't-fighter');
      if (hook === undefined || fight === undefined || fighter === undefined)
        throw new Error('no encounter on Bob’s page');
      const receipt = await hook.intents.requestInitiative(fight.id, [fighter.id]).receipt;
      return receipt.status === 'rejected' ? receipt.reason : 'applied';
    });
    expect(refused).toBe('you may roll initiative only for your own combatants, not Ann’s fighter');
  });

  it('rolls for everyone left through srd5e, d20 + Dex modifier, as the receipts show', async () => {
    await gm.page.click('[data-testid=combat-roll-all]');
    for (const peer of everyone()) {
      await waitOn(
        peer.page,
        'every initiative rolled',
        () =>
          document.querySelectorAll('[data-testid=combatant]').length === 3 &&
          document.querySelectorAll('[data-testid=combatant][data-initiative=""]').length === 0,
        null,
      );
    }

    // The receipts, their intents and the dice commitment, as every peer can read them.
    const evidence = await ann.page.evaluate(() => {
      const table = window.__meshtable?.campaign?.table;
      if (table === undefined) throw new Error('no table');
      const intents: unknown[] = [];
      for (const name of table.share.keys()) {
        if (name.startsWith('intents/')) intents.push(...table.getArray(name).toArray());
      }
      const receipts = [...table.getMap('receipts').values()].map((stored) =>
        (stored as { toJSON(): unknown }).toJSON(),
      );
      const dice = (table.getMap('meta').get('dice') as { toJSON?: () => unknown }) ?? null;
      const combat = [...table.getMap('combat').values()].map((stored) =>
        (stored as { toJSON(): unknown }).toJSON(),
      );
      return {
        intents,
        receipts,
        dice: typeof dice?.toJSON === 'function' ? dice.toJSON() : dice,
        combat,
      };
    });
    const intents = evidence.intents as Intent[];
    const rolled = (evidence.receipts as Receipt[]).filter(
      (receipt): receipt is Extract<Receipt, { status: 'applied' }> =>
        receipt.status === 'applied' &&
        intents.find((intent) => intent.id === receipt.intentId)?.kind === 'combat.initiative',
    );
    // Ann's roll, and the GM's for the other two.
    expect(rolled).toHaveLength(2);
    const fight = (evidence.combat as Combat[])[0] as Combat;
    const byTokenOf = new Map(fight.combatants.map((c) => [c.id, c.tokenId as string]));
    const seen = new Set<string>();
    for (const receipt of rolled) {
      const intent = intents.find((entry) => entry.id === receipt.intentId) as Intent;
      expect(verifyReceiptDice(receipt, intent, evidence.dice as never)).toEqual({
        ok: true,
        dice: true,
      });
      const chainSeed = decodeSeedHex(receipt.roll?.seed ?? '') as Uint8Array;
      const rulingSeed = deriveRollSeed(
        chainSeed,
        playerNonceOf(intent.payload, intent.sig),
        intent.id,
      );
      const rolls = (receipt.result as unknown as { rolls: InitiativeRoll[] }).rolls;
      expect(receipt.roll?.draws).toEqual(rolls.map((r) => ({ sides: 20, value: r.dice[0] })));
      for (const rolledOne of rolls) {
        const tokenId = byTokenOf.get(rolledOne.combatantId) as string;
        const dex = DEX[tokenId] as number;
        seen.add(tokenId);
        expect(rolledOne.by).toBe('module');
        expect(rolledOne.dice).toHaveLength(1);
        // The die is the one the revealed seed gives this combatant.
        const die = rolledOne.dice[0] as number;
        const seed = initiativeSeed(rulingSeed, rolledOne.combatantId);
        expect(die).toBe(roll(FALLBACK_INITIATIVE_NOTATION, seed).total);
        expect(rolledOne.initiative).toBeCloseTo(die + dexModifier(dex) + dex / 100, 9);
        // And the encounter holds what the receipt says.
        expect(fight.combatants.find((c) => c.id === rolledOne.combatantId)?.initiative).toBe(
          rolledOne.initiative,
        );
      }
    }
    expect([...seen].sort()).toEqual(['t-fighter', 't-goblin', 't-rogue']);

    // Everyone sees the same order: highest initiative first.
    order = [...fight.combatants]
      .sort((a, b) => (b.initiative as number) - (a.initiative as number))
      .map((c) => c.tokenId as string);
    for (const peer of everyone()) {
      await waitForOrder(peer.page, order);
    }
    for (const peer of everyone()) expect(await shownOrder(peer.page)).toEqual(order);
  });

  it('moves the turn on every board, with the button and Shift+N, into round 2 and back', async () => {
    for (const peer of everyone()) await waitForTurnOnBoard(peer.page, null);
    await gm.page.click('[data-testid=combat-next]'); // Start round 1
    for (const peer of everyone()) {
      await waitForTurnInPanel(peer.page, 1, order[0] as string);
      await waitForTurnOnBoard(peer.page, order[0] as string);
    }
    await shot(ann, 'player-round1');
    await gm.page.click('[data-testid=combat-next]');
    for (const peer of everyone()) {
      await waitForTurnInPanel(peer.page, 1, order[1] as string);
      await waitForTurnOnBoard(peer.page, order[1] as string);
    }
    // The GM's shortcut, with the focus on the map, then on the panel (not in a field).
    await clickScenePoint(gm.page, { x: 10.5 * CELL, y: 6.5 * CELL });
    await gm.page.keyboard.press('Shift+N');
    for (const peer of everyone()) await waitForTurnOnBoard(peer.page, order[2] as string);
    await gm.page.locator('[data-testid=combat-turn]').click();
    await gm.page.keyboard.press('Shift+N');
    for (const peer of everyone()) {
      await waitForTurnInPanel(peer.page, 2, order[0] as string);
      await waitForTurnOnBoard(peer.page, order[0] as string);
    }
    await shot(gm, 'gm-round2');
    await shot(bob, 'player-round2');
    // On a phone the panel's rows wrap in the dock that spans the screen.
    const wide = bob.page.viewportSize();
    await bob.page.setViewportSize({ width: 390, height: 844 });
    await bob.page.locator('[data-testid=combat-panel]').scrollIntoViewIfNeeded();
    await shot(bob, 'player-phone');
    if (wide !== null) await bob.page.setViewportSize(wide);
    // Typing in a field is not a shortcut.
    const field = gm.page.locator(`${combatant(order[1] as string)} input`);
    await field.focus();
    await gm.page.keyboard.press('Shift+N');
    await field.press('Escape');
    await gm.page.click('[data-testid=combat-previous]');
    for (const peer of everyone()) {
      await waitForTurnInPanel(peer.page, 1, order[2] as string);
      await waitForTurnOnBoard(peer.page, order[2] as string);
    }
  });

  it('re-orders after a hand-set initiative, the turn staying with its combatant', async () => {
    const last = order[2] as string;
    const field = gm.page.locator(`${combatant(last)} input`);
    await field.fill('40');
    await field.press('Enter');
    order = [last, order[0] as string, order[1] as string];
    for (const peer of everyone()) {
      await waitForOrder(peer.page, order);
      await waitForTurnInPanel(peer.page, 1, last);
      await waitForTurnOnBoard(peer.page, last);
    }
    await shot(gm, 'gm-edited');
  });

  it('ends the encounter on every screen', async () => {
    await gm.page.click('[data-testid=combat-end]');
    await gm.page.click('[data-testid=combat-end-confirm]');
    for (const peer of everyone()) {
      await waitForTurnOnBoard(peer.page, null);
      await peer.page.waitForSelector('[data-testid=combatant]', { state: 'detached' });
    }
    await gm.page.waitForSelector('[data-testid=combat-start]');
    for (const peer of [ann, bob]) await peer.page.waitForSelector('[data-testid=combat-none]');
  });
});
