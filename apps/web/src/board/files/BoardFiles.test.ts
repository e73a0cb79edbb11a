import { fromYValue, toYValue } from '@meshtable/campaign';
import { GM_MAPS, type Scene, TABLE_MAPS, type Token } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import type { AssetSession } from '../../assets';
import {
  MemoryRelay,
  networkFailure,
  SAMPLE_HEADS,
  sampleFile,
} from '../../assets/testing/fakeAssetSession';
import { fakeBoardSession } from '../campaignBoard/fakeBoardSession';
import { newSceneRecord } from '../scene/sceneWrites';
import { describeAssetUses } from './assetUses';
import { type BoardFileJob, BoardFiles } from './BoardFiles';
import type { RelayRemoval, RemoveFromRelay } from './relayAssetRemoval';

const scene: Scene = newSceneRecord('s1', 'Crypt', 0);

/** A GM's (or a player's) board with one shared scene, uploading to a relay in memory. */
function setUp(
  role: 'gm' | 'player' = 'gm',
  options: { scene?: boolean; validating?: boolean; relayRemoval?: RelayRemoval } = {},
) {
  const board = fakeBoardSession({ role, validating: options.validating ?? role === 'gm' });
  if (options.scene !== false) {
    board.table.getMap(TABLE_MAPS.scenes).set(scene.id, toYValue(scene as never));
  }
  const assets: AssetSession = {
    campaignId: board.campaignId,
    me: board.me,
    table: board.table,
    gm: board.gm,
    tableSync: {
      getState: () => ({
        webrtc: 'off',
        webrtcPeers: 0,
        relay: 'connected',
        online: true,
        persisted: 'off',
      }),
      subscribe: () => () => {},
    },
    assetRelay: { url: 'http://relay.test', room: 'c1', token: 't'.repeat(64) },
    writeAsGm: board.writeAsGm,
    state: board.state,
    subscribe: board.subscribe,
  };
  const relay = new MemoryRelay();
  const viewed: string[] = [];
  // The relay's DELETE: its own tests are the integration tests (relayAssetDeletion.test.ts).
  const removals: string[] = [];
  const removeFromRelay: RemoveFromRelay = async (target, sha256) => {
    removals.push(`${target.room} ${sha256}`);
    return options.relayRemoval ?? { deleted: true, otherRooms: 0, held: true };
  };
  const files = new BoardFiles({
    board,
    assets,
    viewedScene: () => (options.scene === false ? null : readScene(board.table)),
    viewScene: (id) => viewed.push(id),
    upload: { transport: relay, retry: { baseDelayMs: 1, maxDelayMs: 1 } },
    removeFromRelay,
  });
  return { board, files, relay, viewed, removals };
}

function readScene(table: ReturnType<typeof fakeBoardSession>['table']): Scene {
  return fromYValue(table.getMap(TABLE_MAPS.scenes).get(scene.id)) as Scene;
}

function tokens(table: ReturnType<typeof fakeBoardSession>['table']): Token[] {
  return [...table.getMap(TABLE_MAPS.tokens).values()].map((t) => fromYValue(t) as Token);
}

/** Waits until every job is over. */
async function settled(files: BoardFiles): Promise<readonly BoardFileJob[]> {
  const over = () =>
    files.jobs().every((job) => ['done', 'failed', 'cancelled'].includes(job.state));
  if (over()) return files.jobs();
  return new Promise((resolve) => {
    const stop = files.subscribe(() => {
      if (over()) {
        stop();
        resolve(files.jobs());
      }
    });
  });
}

const png = (name: string, size = 64) => sampleFile(name, SAMPLE_HEADS.png, size);

describe('BoardFiles', () => {
  it('uploads an image dropped by the GM and places a token with it in the cell it fell in', async () => {
    const { board, files, relay } = setUp();
    const seen = new Set<string>();
    files.subscribe(() => {
      for (const job of files.jobs()) seen.add(job.state);
    });
    files.drop([png('goblin_archer.png')], { x: 130, y: 70 });
    const [job] = await settled(files);
    expect(job).toMatchObject({ kind: 'token', state: 'done', name: 'goblin_archer.png' });
    expect(job?.message).toBe('Placed “goblin archer” on “Crypt”.');
    expect([...seen]).toEqual(['waiting', 'working', 'done']);
    const [token] = tokens(board.table);
    expect(token).toMatchObject({ name: 'goblin archer', sceneId: 's1', x: 100, y: 50, size: 1 });
    expect(relay.stored.has(token?.image ?? '')).toBe(true);
    expect(job?.placed).toEqual({ tokenId: token?.id, sceneId: 's1', sha256: token?.image });
    // It is in the GM's library, to be used again.
    expect(board.gm?.getMap('assets').has(token?.image ?? '')).toBe(true);
  });

  it('places several images of one drop side by side, one at a time', async () => {
    const { board, files, relay } = setUp();
    files.drop([png('a.png', 70), png('b.png', 80)], { x: 130, y: 70 });
    await settled(files);
    const placed = tokens(board.table)
      .map((t) => [t.name, t.x, t.y])
      .sort();
    expect(placed).toEqual([
      ['a', 100, 50],
      ['b', 150, 50],
    ]);
    // One after the other: the second was not asked for before the first was sent.
    expect(relay.calls.map((call) => call.slice(0, 4))).toEqual(['HEAD', 'PUT ', 'HEAD', 'PUT ']);
  });

  it('makes an image dropped with Shift the background, and a placed one on request', async () => {
    const { board, files } = setUp();
    files.drop([png('cave.png')], { x: 10, y: 10 }, { asBackground: true });
    const [job] = await settled(files);
    expect(job).toMatchObject({ kind: 'background', state: 'done' });
    const first = readScene(board.table).background;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(tokens(board.table)).toEqual([]);

    files.drop([png('river.png', 90)], { x: 10, y: 10 });
    const [placed] = await settled(files);
    expect(tokens(board.table)).toHaveLength(1);
    files.makeBackgroundInstead(placed?.id ?? 0);
    expect(tokens(board.table)).toEqual([]);
    expect(readScene(board.table).background).toBe(placed?.placed?.sha256);
    expect(files.jobs()[0]).toMatchObject({
      kind: 'background',
      message: '“river.png” is the scene’s background now.',
    });
    expect(files.jobs()[0]?.placed).toBeUndefined();
  });

  it("refuses a player's drop with a message, sending nothing", async () => {
    const { files, relay } = setUp('player');
    files.drop([png('me.png'), png('you.png')], { x: 0, y: 0 });
    expect(files.jobs()).toEqual([
      expect.objectContaining({
        name: '2 files',
        state: 'failed',
        message: 'Only the GM adds files to the board: send it to your GM.',
      }),
    ]);
    expect(relay.calls).toEqual([]);
  });

  it('says to make a scene first when there is none, and what is wrong with a file', async () => {
    const { files } = setUp('gm', { scene: false });
    files.drop([png('goblin.png')], { x: 0, y: 0 });
    expect(files.jobs()[0]?.message).toMatch(/^There is no scene to put it on/);

    const { files: onScene, board } = setUp();
    onScene.drop([sampleFile('dragon.svg', SAMPLE_HEADS.svg)], { x: 0, y: 0 });
    const [job] = await settled(onScene);
    expect(job?.state).toBe('failed');
    expect(job?.message).toMatch(/“dragon\.svg” cannot be added/);
    expect(tokens(board.table)).toEqual([]);
  });

  it('imports a dropped map as a scene and shows it', async () => {
    const { board, files, viewed } = setUp();
    const map = new File(
      [
        JSON.stringify({
          format: 0.3,
          resolution: { map_origin: { x: 0, y: 0 }, map_size: { x: 4, y: 3 }, pixels_per_grid: 70 },
          line_of_sight: [],
          portals: [],
          lights: [],
          image: btoa(String.fromCharCode(...SAMPLE_HEADS.png)),
        }),
      ],
      'Ruins.dd2vtt',
    );
    files.drop([map], { x: 0, y: 0 });
    const [job] = await settled(files);
    expect(job).toMatchObject({ kind: 'map', state: 'done' });
    expect(job?.message).toBe(
      'Made the scene “Ruins”, hidden from the players until you share it (0 walls, 0 doors, 0 lights).',
    );
    const hidden = [...(board.gm?.getMap('scenes').keys() ?? [])];
    expect(viewed).toEqual(hidden);
  });

  it('retries a failed upload with progress, and cancels one that waits', async () => {
    const { files, relay } = setUp();
    relay.putFailures.push(networkFailure());
    const messages: string[] = [];
    files.subscribe(() => {
      const message = files.jobs()[0]?.message;
      if (message !== undefined && messages.at(-1) !== message) messages.push(message);
    });
    files.drop([png('a.png', 200), png('b.png', 300)], { x: 0, y: 0 });
    files.cancel(files.jobs()[1]?.id ?? 0);
    const [first, second] = await settled(files);
    expect(first?.state).toBe('done');
    expect(messages).toContain('The relay could not be reached. Trying again (try 2)…');
    expect(messages).toContain('Uploading…');
    expect(first?.loaded).toBe(200);
    expect(second).toMatchObject({ state: 'cancelled', message: 'Cancelled.' });
    files.dismiss(second?.id ?? 0);
    expect(files.jobs()).toHaveLength(1);
  });

  it('says what a drop would do while files hover', () => {
    expect(setUp().files.dropHint(false)).toEqual({
      text: expect.stringMatching(/^Drop to place the image as a token here\. Hold Shift/),
      refused: false,
    });
    expect(setUp().files.dropHint(true).text).toBe(
      'Drop to make the image the background of “Crypt”.',
    );
    expect(setUp('gm', { scene: false }).files.dropHint(false).text).toMatch(/Images need a scene/);
    expect(setUp('player').files.dropHint(false)).toEqual({
      text: 'Only the GM adds files to the board.',
      refused: true,
    });
  });

  describe('removing an asset from the campaign', () => {
    /** A GM's board where `goblin.png` was dropped as a token: in the library, and in use. */
    async function withPlacedToken(options: Parameters<typeof setUp>[1] = {}) {
      const made = setUp('gm', options);
      made.files.drop([png('goblin.png')], { x: 10, y: 10 });
      await settled(made.files);
      const sha256 = tokens(made.board.table)[0]?.image ?? '';
      return { ...made, sha256 };
    }

    it('says which scenes and tokens still use it, hidden ones included', async () => {
      const { board, files, sha256 } = await withPlacedToken();
      const hidden: Scene = { ...newSceneRecord('s2', 'Lair', 1), background: sha256 };
      board.gm?.getMap(GM_MAPS.scenes).set(hidden.id, toYValue(hidden as never));
      const uses = files.usesOf(sha256);
      expect(uses.map((use) => [use.kind, use.name])).toEqual([
        ['scene-background', 'Lair'],
        ['token', 'goblin'],
      ]);
      expect(describeAssetUses(uses)).toBe(
        'the background of the scene “Lair”; the token “goblin” on “Crypt”',
      );
      expect(files.usesOf('0'.repeat(64))).toEqual([]);
    });

    it('asks the relay, then takes it out of the GM’s library and the players’', async () => {
      const { board, files, sha256, removals } = await withPlacedToken();
      const record = board.gm?.getMap(GM_MAPS.assets).get(sha256);
      board.table.getMap(TABLE_MAPS.assets).set(sha256, toYValue(fromYValue(record) as never));
      expect(await files.removeAsset(sha256)).toBe(
        'Removed “goblin.png”: the relay deleted it and freed its space.',
      );
      expect(removals).toEqual([`c1 ${sha256}`]);
      expect(board.gm?.getMap(GM_MAPS.assets).has(sha256)).toBe(false);
      expect(board.table.getMap(TABLE_MAPS.assets).has(sha256)).toBe(false);
      // What used it is left as it is (the confirmation said so).
      expect(tokens(board.table)[0]?.image).toBe(sha256);
    });

    it('says when the relay keeps the file for other tables, or held none', async () => {
      const kept = await withPlacedToken({
        relayRemoval: { deleted: false, otherRooms: 2, held: true },
      });
      expect(await kept.files.removeAsset(kept.sha256)).toBe(
        'Removed “goblin.png” and freed its space; the relay keeps the file for 2 other tables that use it too.',
      );
      const none = await withPlacedToken({
        relayRemoval: { deleted: false, otherRooms: 0, held: false },
      });
      expect(await none.files.removeAsset(none.sha256)).toBe(
        'Removed “goblin.png” from the library (the relay held no copy for this table).',
      );
      expect(none.board.gm?.getMap(GM_MAPS.assets).has(none.sha256)).toBe(false);
    });

    it('refuses a player, and a shared asset on a GM device that does not run the table', async () => {
      const player = setUp('player');
      await expect(player.files.removeAsset('a'.repeat(64))).rejects.toMatchObject({
        code: 'ASSET_NOT_GM',
      });
      // A second GM device: its library lists a file the players see too.
      const second = setUp('gm', { validating: false });
      const sha256 = 'b'.repeat(64);
      const record = {
        sha256,
        name: 'map.png',
        type: 'png',
        size: 64,
        addedBy: second.board.me.userId,
        addedAt: 1,
      };
      second.board.gm?.getMap(GM_MAPS.assets).set(sha256, toYValue(record as never));
      second.board.table.getMap(TABLE_MAPS.assets).set(sha256, toYValue(record as never));
      await expect(second.files.removeAsset(sha256)).rejects.toMatchObject({
        code: 'ASSET_NOT_VALIDATING',
      });
      // Refused before the relay was asked: nothing changed anywhere.
      expect(second.removals).toEqual([]);
      expect(second.board.gm?.getMap(GM_MAPS.assets).has(sha256)).toBe(true);
    });
  });
});
