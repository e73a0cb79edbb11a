import { describe, expect, it } from 'vitest';
import { audioStateSchema } from './audioRecords';

const playing = {
  track: 'a'.repeat(64),
  name: 'Tavern.mp3',
  playing: true,
  loop: false,
  volume: 0.8,
  startedAt: 1_700_000_000_000,
  offset: 12.5,
};

describe('audioStateSchema', () => {
  it('accepts a playing track and silence', () => {
    expect(audioStateSchema.safeParse(playing).success).toBe(true);
    const silence = { ...playing, track: null, name: null, playing: false, offset: 0 };
    expect(audioStateSchema.safeParse(silence).success).toBe(true);
  });

  it('refuses a volume out of 0–1, a negative offset, a bad hash and extra fields', () => {
    for (const bad of [
      { ...playing, volume: 1.5 },
      { ...playing, volume: -0.1 },
      { ...playing, offset: -1 },
      { ...playing, offset: Number.NaN },
      { ...playing, track: 'A'.repeat(64) },
      { ...playing, startedAt: -5 },
      { ...playing, url: 'https://example.com/x.mp3' },
    ]) {
      expect(audioStateSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
