import { GM_MAPS, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import { AssetError } from '../AssetError';
import { readLibrary } from '../assetIndex';
import { fakeAssetSession, MemoryRelay, SAMPLE_HEADS } from '../testing/fakeAssetSession';
import { type ImportProgress, importUniversalVtt, sceneName } from './importUniversalVtt';

const image = btoa(String.fromCharCode(...SAMPLE_HEADS.png));
const uvtt = (fields: Record<string, unknown> = {}) =>
  new File(
    [
      JSON.stringify({
        format: 0.3,
        resolution: { map_origin: { x: 0, y: 0 }, map_size: { x: 10, y: 8 }, pixels_per_grid: 50 },
        line_of_sight: [
          [
            { x: 0, y: 0 },
            { x: 10, y: 0 },
          ],
        ],
        portals: [],
        lights: [{ position: { x: 1, y: 1 }, range: 2, intensity: 1, color: 'ffffffff' }],
        image,
        ...fields,
      }),
    ],
    'The Sunless Citadel.dd2vtt',
  );

describe('importUniversalVtt', () => {
  it('uploads the image and the walls, then makes a hidden scene of them', async () => {
    const session = fakeAssetSession();
    const relay = new MemoryRelay();
    const phases: ImportProgress['phase'][] = [];
    const imported = await importUniversalVtt(session, uvtt(), {
      upload: { transport: relay },
      onProgress: (progress) => {
        if (phases.at(-1) !== progress.phase) phases.push(progress.phase);
      },
    });
    expect(phases).toEqual(['reading', 'image', 'walls', 'done']);
    expect(imported.counts).toEqual({ walls: 1, doors: 0, lights: 1 });
    const { scene } = imported;
    expect(scene).toMatchObject({
      name: 'The Sunless Citadel',
      order: 0,
      width: 500,
      height: 400,
      background: imported.image.sha256,
      grid: { type: 'square', size: 50 },
    });
    // Both uploads are on the relay: the image as it was embedded, the walls as JSON.
    expect([...(relay.stored.get(imported.image.sha256) ?? [])]).toEqual([...SAMPLE_HEADS.png]);
    const walls = JSON.parse(
      new TextDecoder().decode(relay.stored.get(scene.geometry ?? '') ?? new Uint8Array()),
    );
    expect(walls).toMatchObject({
      walls: [[0, 0, 500, 0]],
      lights: [{ x: 50, y: 50, range: 100 }],
    });
    // Hidden: in the gm doc only, as the board makes new scenes.
    expect(session.gm?.getMap(GM_MAPS.scenes).has(imported.sceneId)).toBe(true);
    expect(session.table.getMap(TABLE_MAPS.scenes).has(imported.sceneId)).toBe(false);
    // The image is in the GM's library; the walls are not an asset anyone picks.
    expect(readLibrary(session).map((asset) => `${asset.name} ${asset.type}`)).toEqual([
      'The Sunless Citadel.png png',
    ]);
  });

  it('puts a second map after the first', async () => {
    const session = fakeAssetSession();
    const relay = new MemoryRelay();
    await importUniversalVtt(session, uvtt(), { upload: { transport: relay } });
    const second = await importUniversalVtt(session, uvtt({ lights: [] }), {
      name: 'Level 2',
      upload: { transport: relay },
    });
    expect(second.scene).toMatchObject({ name: 'Level 2', order: 1 });
  });

  it('writes nothing when the file is broken or an upload fails', async () => {
    const session = fakeAssetSession();
    const relay = new MemoryRelay();
    await expect(
      importUniversalVtt(session, uvtt({ image: 'not base64!' }), { upload: { transport: relay } }),
    ).rejects.toMatchObject({ code: 'UVTT_IMAGE_BASE64' });
    relay.putFailures.push(new AssetError('ASSET_QUOTA_EXCEEDED', 'full'));
    await expect(
      importUniversalVtt(session, uvtt(), { upload: { transport: relay } }),
    ).rejects.toMatchObject({ code: 'ASSET_QUOTA_EXCEEDED' });
    expect(session.gm?.getMap(GM_MAPS.scenes).size).toBe(0);
    expect(relay.stored.size).toBe(0);
  });

  it('is for GMs only', async () => {
    await expect(
      importUniversalVtt(fakeAssetSession({ role: 'player' }), uvtt()),
    ).rejects.toMatchObject({ code: 'ASSET_NOT_GM' });
  });

  it('names the scene after the file', () => {
    expect(sceneName('Crypt.dd2vtt')).toBe('Crypt');
    expect(sceneName('Tower.UVTT')).toBe('Tower');
    expect(sceneName('.dd2vtt')).toBe('Imported map');
    expect(sceneName(`${'x'.repeat(150)}.uvtt`)).toHaveLength(100);
  });
});
