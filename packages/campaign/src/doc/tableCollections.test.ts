/**
 * The maps a GM's other device reaches through `gm.edit` beyond the board's (tableCollections.ts):
 * journal pages sealed to chosen members and the ambient audio, ruled by the real GM validator.
 * Each is committed from the GM's phone; a player's edit of it, a malformed entry and a wrong
 * key are refused, and nothing of them is written.
 */
import { AMBIENT_AUDIO_KEY, type AudioState, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { gmPhoneAndPlayer } from '../client/validatedCampaign';
import { sealText } from '../sealed/sealText';
import { ARIA, BRAM } from '../testing/intents';
import { memberRecord } from '../testing/records';
import { GM_EDIT_COLLECTIONS, TABLE_COLLECTION_RULES } from './tableCollections';

const PLAYING: AudioState = {
  track: 'ab'.repeat(32),
  name: 'Dripping cave',
  playing: true,
  loop: false,
  volume: 0.6,
  startedAt: 1_700_000_000_000,
  offset: 0,
};

describe('gm.edit of sealed journal pages and the ambient audio', () => {
  it('names both maps, each written whole under its own key', () => {
    expect(GM_EDIT_COLLECTIONS).toEqual(expect.arrayContaining(['sealedHandouts', 'audio']));
    expect(TABLE_COLLECTION_RULES.audio.validKey(AMBIENT_AUDIO_KEY)).toBe(true);
    expect(TABLE_COLLECTION_RULES.audio.validKey('music')).toBe(false);
    expect(TABLE_COLLECTION_RULES.sealedHandouts.validKey('page-1')).toBe(true);
    expect(TABLE_COLLECTION_RULES.sealedHandouts.validKey('a/b')).toBe(false);
    expect(TABLE_COLLECTION_RULES.audio.plain && TABLE_COLLECTION_RULES.sealedHandouts.plain).toBe(
      true,
    );
  });

  it('commits the GM phone’s track and sealed page; refuses the player’s, leaving them as they were', async () => {
    const { campaignId, gmPhone, playerDoc, onGmPhone, player, round } = await gmPhoneAndPlayer();
    const bram = memberRecord(BRAM, 'player');
    const aria = memberRecord(ARIA, 'gm');
    const sealed = sealText(
      JSON.stringify({ name: 'A note', body: 'Under the stairs.', image: null }),
      [bram, aria],
      `${campaignId}/handout/page-1`,
    );
    const page = { id: 'page-1', sealed };

    const play = onGmPhone.request('gm.edit', {
      changes: [
        { op: 'set', collection: 'audio', id: AMBIENT_AUDIO_KEY, path: [], value: PLAYING },
      ],
    });
    const share = onGmPhone.request('gm.edit', {
      changes: [{ op: 'set', collection: 'sealedHandouts', id: 'page-1', path: [], value: page }],
    });
    await round(gmPhone, playerDoc);
    await expect(play.receipt).resolves.toMatchObject({ status: 'applied' });
    await expect(share.receipt).resolves.toMatchObject({ status: 'applied' });
    expect(playerDoc.getMap(TABLE_MAPS.audio).get(AMBIENT_AUDIO_KEY)).toEqual(PLAYING);
    expect(playerDoc.getMap(TABLE_MAPS.sealedHandouts).get('page-1')).toEqual(page);

    const silence = player.request('gm.edit', {
      changes: [
        {
          op: 'set',
          collection: 'audio',
          id: AMBIENT_AUDIO_KEY,
          path: [],
          value: { ...PLAYING, playing: false },
        },
      ],
    });
    const unshare = player.request('gm.edit', {
      changes: [{ op: 'delete', collection: 'sealedHandouts', id: 'page-1', path: [] }],
    });
    await round(gmPhone, playerDoc);
    for (const forged of [silence, unshare]) {
      await expect(forged.receipt).resolves.toMatchObject({
        status: 'rejected',
        reason: 'only a GM edits the table’s records',
      });
    }
    expect(playerDoc.getMap(TABLE_MAPS.audio).get(AMBIENT_AUDIO_KEY)).toEqual(PLAYING);
    expect(playerDoc.getMap(TABLE_MAPS.sealedHandouts).get('page-1')).toEqual(page);
  });

  it('refuses a malformed track, a field edit of a whole entry, a wrong key and an unsealed page', async () => {
    const { gmPhone, playerDoc, onGmPhone, round } = await gmPhoneAndPlayer();
    const edit = (change: Record<string, unknown>) =>
      onGmPhone.request('gm.edit', { changes: [change] } as never);
    const refused = [
      edit({
        op: 'set',
        collection: 'audio',
        id: AMBIENT_AUDIO_KEY,
        path: [],
        value: { ...PLAYING, volume: 3 },
      }),
      edit({ op: 'set', collection: 'audio', id: AMBIENT_AUDIO_KEY, path: ['volume'], value: 1 }),
      edit({ op: 'set', collection: 'audio', id: 'music', path: [], value: PLAYING }),
      edit({
        op: 'set',
        collection: 'sealedHandouts',
        id: 'page-2',
        path: [],
        value: { id: 'page-2', sealed: { words: 'in the clear' } },
      }),
      edit({
        op: 'set',
        collection: 'sealedHandouts',
        id: 'page-3',
        path: [],
        value: { id: 'page-4', sealed: {} },
      }),
    ];
    await round(gmPhone, playerDoc);
    const reasons = await Promise.all(refused.map((ticket) => ticket.receipt));
    expect(reasons.map((receipt) => receipt.status)).toEqual(Array(5).fill('rejected'));
    expect(reasons.map((receipt) => (receipt as { reason: string }).reason)).toEqual([
      expect.stringMatching(/audio\/ambient would be invalid: volume/),
      expect.stringContaining('audio entries are replaced whole'),
      expect.stringContaining('"music" is no key of audio'),
      expect.stringMatching(/sealedHandouts\/page-2 would be invalid: sealed/),
      expect.stringMatching(/sealedHandouts\/page-3 would be invalid/),
    ]);
    expect(playerDoc.getMap(TABLE_MAPS.audio).size).toBe(0);
    expect(playerDoc.getMap(TABLE_MAPS.sealedHandouts).size).toBe(0);
  });
});
