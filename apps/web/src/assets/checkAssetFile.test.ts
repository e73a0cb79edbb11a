import { describe, expect, it } from 'vitest';
import { AssetError } from './AssetError';
import { checkAssetFile, IMAGE_TYPES, LIBRARY_TYPES } from './checkAssetFile';
import { SAMPLE_HEADS, sampleFile } from './testing/fakeAssetSession';

async function refusal(promise: Promise<unknown>): Promise<AssetError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AssetError)) throw new Error(`expected an AssetError, got ${error}`);
  return error;
}

describe('checkAssetFile', () => {
  it('tells each type the library takes by its bytes, whatever its name says', async () => {
    for (const type of ['png', 'jpeg', 'gif', 'webp', 'mp3', 'ogg', 'wav'] as const) {
      const file = sampleFile(`misnamed-${type}.txt`, SAMPLE_HEADS[type], 64);
      expect(await checkAssetFile(file, LIBRARY_TYPES)).toBe(type);
    }
  });

  it('refuses SVG and HTML, which can carry script, with what to do instead', async () => {
    const svg = await refusal(
      checkAssetFile(sampleFile('dragon.svg', SAMPLE_HEADS.svg), LIBRARY_TYPES),
    );
    expect(svg.code).toBe('ASSET_TYPE_REFUSED');
    expect(svg.message).toMatch(
      /“dragon\.svg” cannot be added: .*SVG.*convert an SVG to PNG or WebP/,
    );
    const html = await refusal(
      checkAssetFile(sampleFile('page.png', SAMPLE_HEADS.html), LIBRARY_TYPES),
    );
    expect(html.code).toBe('ASSET_TYPE_REFUSED');
  });

  it('refuses text and empty files', async () => {
    const text = await refusal(
      checkAssetFile(sampleFile('notes.png', SAMPLE_HEADS.text), LIBRARY_TYPES),
    );
    expect(text.message).toMatch(/none of png, jpeg/);
    const empty = await refusal(checkAssetFile(new File([], 'empty.png'), LIBRARY_TYPES));
    expect(empty.message).toMatch(/“empty\.png” cannot be added: the body is empty/);
  });

  it('refuses a type the relay keeps but this upload does not take', async () => {
    const audio = await refusal(
      checkAssetFile(sampleFile('rain.ogg', SAMPLE_HEADS.ogg), IMAGE_TYPES),
    );
    expect(audio.message).toBe(
      '“rain.ogg” is Ogg audio; only PNG, JPEG, WEBP, GIF files are taken here.',
    );
    const map = await refusal(
      checkAssetFile(sampleFile('crypt.dd2vtt', SAMPLE_HEADS.json), LIBRARY_TYPES),
    );
    expect(map.message).toMatch(/Universal VTT map .* Import map/);
  });

  it('refuses a file over the relay’s cap, JSON at its own', async () => {
    const big = await refusal(
      checkAssetFile(sampleFile('huge.png', SAMPLE_HEADS.png, 25 * 1024 * 1024 + 1), LIBRARY_TYPES),
    );
    expect(big.code).toBe('ASSET_TOO_LARGE');
    expect(big.message).toBe(
      '“huge.png” is 25.1 MB, over the 25 MB the relay keeps. Make it smaller (as WebP or JPEG an image is often a tenth of its PNG).',
    );
    expect(
      await checkAssetFile(
        sampleFile('cap.png', SAMPLE_HEADS.png, 25 * 1024 * 1024),
        LIBRARY_TYPES,
      ),
    ).toBe('png');
    const json = await refusal(
      checkAssetFile(sampleFile('walls.json', SAMPLE_HEADS.json, 17 * 1024 * 1024), ['json']),
    );
    expect(json.code).toBe('ASSET_TOO_LARGE');
    const limits = { maxAssetBytes: 100, maxJsonAssetBytes: 100 };
    const small = await refusal(
      checkAssetFile(sampleFile('a.png', SAMPLE_HEADS.png, 101), LIBRARY_TYPES, limits),
    );
    expect(small.message).toMatch(/is 101 B, over the 100 B the relay keeps/);
  });
});
