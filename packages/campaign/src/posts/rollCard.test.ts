/**
 * Roll cards from real receipts: a campaign with its dice chain, the GM's validator (core rules)
 * ruling on a player's rolls, and receipts a dishonest GM or a meddling peer might write instead.
 */
import { createSeededDice } from '@meshtable/dice';
import type { JsonValue } from '@meshtable/sandbox';
import { GM_MAPS, intentLogName, type Receipt, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IntentClient } from '../client/IntentClient';
import { syncAll } from '../client/tableFixture';
import { validatedCampaign } from '../client/validatedCampaign';
import { fromYValue } from '../doc/yRecords';
import { createIdentity, encodePublicKey } from '../identity/identity';
import { readMeta } from '../lifecycle/readCampaign';
import { ARIA, BRAM } from '../testing/intents';
import { signReceipt } from '../validator/receiptSignature';
import { nextRollSeed, playerNonceOf, readSeedChain } from '../validator/rollSeeds';
import { type RollCard, type RollCardSources, readRollCard } from './rollCard';

const GM_KEYS = { [ARIA.userId]: encodePublicKey(ARIA.publicKey) };

async function table() {
  const created = validatedCampaign({
    system: { id: 'template', version: '1.0.0', sha256: 'ab'.repeat(32) },
    diceChainLength: 16,
  });
  const player = new Y.Doc();
  syncAll(created.table, player);
  const client = new IntentClient({ doc: player, identity: BRAM, campaignId: created.campaignId });
  const round = () => created.round(player);
  const join = client.requestJoin('Bram', '#aa2200');
  await round();
  await join.receipt;
  /** What the card reads on the player's device for intent `id`. */
  const sources = (id: string, receipt?: unknown): RollCardSources => ({
    receipt:
      receipt === undefined ? fromYValue(player.getMap(TABLE_MAPS.receipts).get(id)) : receipt,
    intents: player.getArray(intentLogName(BRAM.userId)).toArray(),
    commitment: readMeta(player)?.dice ?? undefined,
    gmKeys: GM_KEYS,
  });
  return { ...created, client, round, sources, player };
}

type Applied = Extract<RollCard, { status: 'applied' }>;
/** An applied receipt of a core roll, as the validator writes it. */
type RolledReceipt = Omit<Extract<Receipt, { status: 'applied' }>, 'result'> & {
  result: { total: number; text: string; notation: string };
};

function applied(card: RollCard): Applied {
  if (card.status !== 'applied') throw new Error(`the card is ${card.status}`);
  return card;
}

describe('readRollCard', () => {
  it('shows a pending card until the GM rules, then every die of a verified roll', async () => {
    const { client, round, sources } = await table();
    const ticket = client.requestRoll('2d6+1', { label: 'Damage' });
    expect(readRollCard(sources(ticket.id))).toEqual({ status: 'pending' });
    await round();
    const card = applied(readRollCard(sources(ticket.id)));
    expect(card.trust).toEqual({ level: 'verified' });
    expect(card.label).toBe('Damage');
    expect(card.terms).toHaveLength(1);
    const dice = card.terms[0]?.dice ?? [];
    expect(dice).toHaveLength(2);
    expect(dice.every((die) => die.sides === 6 && die.kept)).toBe(true);
    expect(card.total).toBe(dice.reduce((sum, die) => sum + die.value, 0) + 1);
    expect(card.text).toContain('2d6+1');
  });

  it('marks the dropped dice of a keep-highest roll', async () => {
    const { client, round, sources } = await table();
    const ticket = client.requestRoll('4d6kh3');
    await round();
    const card = applied(readRollCard(sources(ticket.id)));
    const dice = card.terms[0]?.dice ?? [];
    expect(dice.filter((die) => die.kept)).toHaveLength(3);
    expect(dice.filter((die) => !die.kept)).toHaveLength(1);
    const kept = dice.filter((die) => die.kept).reduce((sum, die) => sum + die.value, 0);
    expect(card.total).toBe(kept);
  });

  it('does not verify a receipt altered after the GM signed it', async () => {
    const { client, round, sources } = await table();
    const ticket = client.requestRoll('1d20');
    await round();
    const receipt = sources(ticket.id).receipt as RolledReceipt;
    const total = receipt.result.total + 100;
    const altered = { ...receipt, result: { ...receipt.result, total, text: `1d20 = ${total}` } };
    expect(applied(readRollCard(sources(ticket.id, altered))).trust).toEqual({
      level: 'unverified',
      reason: 'the receipt is not signed by a GM of this table',
    });
  });

  it('does not verify a GM-signed receipt whose dice the seed does not give', async () => {
    const { client, round, sources } = await table();
    const ticket = client.requestRoll('1d20');
    await round();
    const { gmSig: _gmSig, ...receipt } = sources(ticket.id).receipt as RolledReceipt;
    const face = receipt.result.total === 20 ? 19 : 20;
    const lying = signReceipt(
      { ...receipt, result: { ...receipt.result, total: face, text: `1d20: [${face}] = ${face}` } },
      ARIA,
    );
    const trust = applied(readRollCard(sources(ticket.id, lying))).trust;
    expect(trust.level).toBe('unverified');
    expect(trust.level === 'unverified' && trust.reason).toMatch(/^the seed gives/);
  });

  it('does not verify a receipt signed by someone who is not a GM this device trusts', async () => {
    const { client, round, sources } = await table();
    const ticket = client.requestRoll('1d20');
    await round();
    const stranger = createIdentity('Mallory', '#000000');
    const card = readRollCard({
      ...sources(ticket.id),
      gmKeys: { [stranger.userId]: encodePublicKey(stranger.publicKey) },
    });
    expect(applied(card).trust.level).toBe('unverified');
    expect(applied(readRollCard({ ...sources(ticket.id), gmKeys: null })).trust.level).toBe(
      'unverified',
    );
  });

  it('shows a rejection with its reason', async () => {
    const { client, round, sources } = await table();
    const ticket = client.request('roll', { notation: '2d6+', label: 'Oops' });
    await round();
    const card = readRollCard(sources(ticket.id));
    expect(card.status).toBe('rejected');
    expect(card.status === 'rejected' && card.reason.length > 0).toBe(true);
  });

  it('calls a malformed receipt invalid', async () => {
    const { client, sources } = await table();
    const ticket = client.requestRoll('1d20');
    expect(readRollCard(sources(ticket.id, { status: 'applied' })).status).toBe('invalid');
  });

  it('verifies a module’s draws die by die from the seed, and refuses one changed', async () => {
    const { client, sources, gm } = await table();
    const ticket = client.requestRoll('3d6');
    const found = sources(ticket.id).intents.find(
      (entry) => (entry as { id: string }).id === ticket.id,
    ) as { id: string; sig: string; payload: unknown };
    const chain = readSeedChain(gm.getMap(GM_MAPS.validator));
    if (chain === null) throw new Error('the campaign has a dice chain');
    const pending = nextRollSeed(chain, ticket.id, playerNonceOf(found.payload, found.sig));
    const stream = createSeededDice(pending.seed);
    const draws = [6, 6, 6].map((sides) => ({ sides, value: stream.nextInt(sides) }));
    const total = draws.reduce((sum, draw) => sum + draw.value, 0);
    const receipt = (
      withDraws: typeof draws,
      result: JsonValue = { total, text: `${total}`, hits: 2, glitch: false },
    ) =>
      signReceipt(
        {
          intentId: ticket.id,
          sig: found.sig,
          status: 'applied',
          by: ARIA.userId,
          at: 1,
          result,
          roll: { index: pending.index, seed: pending.chainSeed, draws: withDraws },
        },
        ARIA,
      );
    const card = applied(readRollCard(sources(ticket.id, receipt(draws))));
    expect(card.trust).toEqual({ level: 'verified' });
    expect(card.terms).toEqual([
      expect.objectContaining({ notation: 'd6', dice: expect.arrayContaining([]) }),
    ]);
    expect(card.terms[0]?.dice.map((die) => die.value)).toEqual(draws.map((d) => d.value));
    expect(card.facts).toEqual([
      { name: 'hits', value: '2' },
      { name: 'glitch', value: 'false' },
    ]);
    // With the notation it rolled, the module's draws show which dice it kept.
    const values = draws.map((draw) => draw.value);
    const kept = values.reduce((sum, value) => sum + value, 0) - Math.min(...values);
    const replayed = applied(
      readRollCard(sources(ticket.id, receipt(draws, { notation: '3d6kh2', total: kept }))),
    );
    expect(replayed.trust).toEqual({ level: 'verified' });
    expect(replayed.terms[0]?.notation).toBe('3d6kh2');
    expect(replayed.terms[0]?.dice.filter((die) => !die.kept)).toHaveLength(1);
    // A notation the draws do not fit (or another total) leaves them listed as drawn.
    const misfit = applied(
      readRollCard(sources(ticket.id, receipt(draws, { notation: '2d6', total: kept }))),
    );
    expect(misfit.terms[0]?.notation).toBe('d6');
    expect(misfit.terms[0]?.dice.every((die) => die.kept)).toBe(true);
    const changed = draws.map((draw, index) =>
      index === 1 ? { ...draw, value: (draw.value % 6) + 1 } : draw,
    );
    expect(applied(readRollCard(sources(ticket.id, receipt(changed)))).trust).toEqual({
      level: 'unverified',
      reason: 'the dice do not come out of the revealed seed',
    });
  });

  it('reads a command’s message and what its intent reported, signed but without dice', async () => {
    const { client, sources } = await table();
    const ticket = client.request('chat.command', { name: 'check', text: 'stealth' });
    const found = sources(ticket.id).intents.find(
      (entry) => (entry as { id: string }).id === ticket.id,
    ) as { sig: string };
    const receipt = signReceipt(
      {
        intentId: ticket.id,
        sig: found.sig,
        status: 'applied',
        by: ARIA.userId,
        at: 1,
        result: {
          command: 'check',
          message: 'Bram makes a Stealth check.',
          intent: {
            kind: 'srd5e:check',
            result: { total: 14, text: '1d20+2 = 14', success: true },
          },
        },
      },
      ARIA,
    );
    const card = applied(readRollCard(sources(ticket.id, receipt)));
    expect(card).toMatchObject({
      message: 'Bram makes a Stealth check.',
      total: 14,
      text: '1d20+2 = 14',
      facts: [{ name: 'success', value: 'true' }],
      terms: [],
      trust: { level: 'signed' },
    });
  });
});
