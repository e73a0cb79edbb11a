import { describe, expect, it } from 'vitest';
import { parseSyncTransports } from './syncOptions';

describe('parseSyncTransports', () => {
  it('turns everything on by default', () => {
    expect(parseSyncTransports('')).toEqual({ webrtc: true, relay: true, indexeddb: true });
  });

  it('?sync=webrtc turns the relay off; ?sync=relay turns WebRTC off', () => {
    expect(parseSyncTransports('?sync=webrtc')).toMatchObject({ webrtc: true, relay: false });
    expect(parseSyncTransports('?sync=relay')).toMatchObject({ webrtc: false, relay: true });
  });

  it('?persist=0 turns IndexedDB off, and combines with sync', () => {
    expect(parseSyncTransports('?sync=relay&persist=0')).toEqual({
      webrtc: false,
      relay: true,
      indexeddb: false,
    });
  });

  it('ignores unknown values rather than turning everything off', () => {
    expect(parseSyncTransports('?sync=bogus&persist=maybe')).toEqual({
      webrtc: true,
      relay: true,
      indexeddb: true,
    });
  });
});
