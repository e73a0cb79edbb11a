/**
 * A roll with options for the game system's `roll` hook (a sheet button's `options` and the
 * answers to its questions): they travel in the payload beside the protocol's keys, which they
 * can never replace; bad options are refused before anything is signed.
 */
import { checkRollRequest } from '@meshtable/dice';
import { intentLogName } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { ARIA, BRAM } from '../testing/intents';
import { thrown } from '../testing/thrown';
import { IntentClient } from './IntentClient';
import { campaignWithPlayer } from './tableFixture';

describe('IntentClient.requestRoll with options', () => {
  it('carries the options beside the notation, the label and the protocol keys', () => {
    const { table, campaignId } = campaignWithPlayer(ARIA, BRAM);
    const client = new IntentClient({ doc: table, identity: BRAM, campaignId });
    const ticket = client.requestRoll('1d20+3', {
      label: 'Strength check',
      request: { kind: 'check', mode: 'advantage', dc: 15, secret: false },
    });
    const payload = table.getArray(intentLogName(BRAM.userId)).get(0) as { payload: object };
    expect(payload.payload).toMatchObject({
      kind: 'check',
      mode: 'advantage',
      dc: 15,
      secret: false,
      notation: '1d20+3',
      label: 'Strength check',
      rollId: ticket.id,
    });
    expect(checkRollRequest(payload.payload)).toMatchObject({ ok: true });
  });

  it('refuses options that would replace the protocol’s keys, or that are not scalars', () => {
    const { table, campaignId } = campaignWithPlayer(ARIA, BRAM);
    const client = new IntentClient({ doc: table, identity: BRAM, campaignId });
    const bad: Record<string, string>[] = [
      { notation: '1d100' },
      { playerNonce: '00' },
      { label: 'x' },
    ];
    for (const request of bad) {
      const error = thrown(() => client.requestRoll('1d20', { request }));
      expect(error.code).toBe('CLIENT_INVALID_REQUEST');
      expect(error.message).toMatch(/is a key of the roll protocol/);
    }
    const nested = { target: { ac: 15 } } as unknown as Record<string, number>;
    expect(thrown(() => client.requestRoll('1d20', { request: nested })).code).toBe(
      'CLIENT_INVALID_REQUEST',
    );
    expect(table.getArray(intentLogName(BRAM.userId)).length).toBe(0);
  });
});
