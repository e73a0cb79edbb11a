import { AMBIENT_AUDIO_KEY, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fakeTableWriter } from '../campaign/fakeTableWriter';
import { ambientSteps, playForTable, readAmbient, SILENCE, watchAmbient } from './ambientAudio';
import { trackPosition } from './audioPosition';

const RAIN = 'b'.repeat(64);

describe('the ambient record', () => {
  it('reads as silence in a campaign that never played anything', () => {
    expect(readAmbient(new Y.Doc())).toEqual({ ok: true, state: SILENCE });
  });

  it('is written whole and read back, and watchers hear of it', () => {
    const runner = fakeTableWriter({ role: 'gm', validating: true });
    const { table } = runner;
    let heard = 0;
    const stop = watchAmbient(table, () => heard++);
    const state = ambientSteps.choose(SILENCE, RAIN, 'Rain.ogg', 1000);
    expect(playForTable(runner, state)).toBeNull();
    expect(readAmbient(table)).toEqual({ ok: true, state });
    expect(heard).toBe(1);
    stop();
    playForTable(runner, ambientSteps.play(state, 2000, 30));
    expect(heard).toBe(1);
  });

  it('is sent from a GM’s other device, and the table plays it', async () => {
    const phone = fakeTableWriter({ role: 'gm', validating: false });
    const state = ambientSteps.play(ambientSteps.choose(SILENCE, RAIN, 'Rain.ogg', 1000), 2000, 30);
    const sent = playForTable(phone, state);
    expect(readAmbient(phone.table)).toEqual({ ok: true, state: SILENCE });
    phone.rule();
    await expect(sent?.receipt).resolves.toMatchObject({ status: 'applied' });
    expect(readAmbient(phone.table)).toEqual({ ok: true, state });
  });

  it('refuses to write, and reports on reading, a record that does not fit', () => {
    const runner = fakeTableWriter({ role: 'gm', validating: true });
    const { table } = runner;
    expect(() => playForTable(runner, { ...SILENCE, volume: 3 })).toThrow(/volume/);
    const phone = fakeTableWriter({ role: 'gm', validating: false }, table);
    expect(() => playForTable(phone, { ...SILENCE, volume: 3 })).toThrow(/volume/);
    expect(phone.sent).toEqual([]);
    expect(table.getMap(TABLE_MAPS.audio).size).toBe(0);
    table.getMap(TABLE_MAPS.audio).set(AMBIENT_AUDIO_KEY, { ...SILENCE, track: 'not a hash' });
    const read = readAmbient(table);
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.problem).toMatch(/nothing plays/);
  });
});

describe('the GM’s steps', () => {
  const chosen = ambientSteps.choose(SILENCE, RAIN, 'Rain.ogg', 1000);

  it('plays from the start, pauses where it is and goes on from there', () => {
    const playing = ambientSteps.play(chosen, 2000, 30);
    expect(playing).toMatchObject({ playing: true, startedAt: 2000, offset: 0 });
    const paused = ambientSteps.pause(playing, 6500, 30);
    expect(paused).toMatchObject({ playing: false, offset: 4.5 });
    const again = ambientSteps.play(paused, 60_000, 30);
    expect(trackPosition(again, 61_000, 30).seconds).toBe(5.5);
  });

  it('starts a track that played to its end again from its start', () => {
    const playing = ambientSteps.play(chosen, 2000, 30);
    expect(ambientSteps.play(playing, 40_000, 30)).toMatchObject({ offset: 0, startedAt: 40_000 });
  });

  it('keeps the position when the loop is turned on, and the volume within 0–1', () => {
    const playing = ambientSteps.play(chosen, 2000, 30);
    const looping = ambientSteps.setLoop(playing, true, 12_000, 30);
    expect(looping).toMatchObject({ loop: true, startedAt: 12_000, offset: 10, playing: true });
    expect(ambientSteps.setVolume(looping, 2).volume).toBe(1);
    expect(ambientSteps.setVolume(looping, -1).volume).toBe(0);
  });

  it('changes track from its start, playing on if it was playing', () => {
    const playing = ambientSteps.play(chosen, 2000, 30);
    const other = ambientSteps.choose(playing, 'c'.repeat(64), 'Wind.mp3', 9000);
    expect(other).toMatchObject({ playing: true, offset: 0, startedAt: 9000, name: 'Wind.mp3' });
    expect(ambientSteps.stop(other, 9500)).toMatchObject({ playing: false, offset: 0 });
  });
});
