import { describe, expect, it } from 'vitest';
import { initialSyncState, isRefusalCloseCode, nextRelayState } from './syncState';

const ALL = { webrtc: true, relay: true, indexeddb: true };

describe('initialSyncState', () => {
  it('starts connecting and loading when every transport is on', () => {
    expect(initialSyncState(ALL, { online: true, secureContext: true })).toEqual({
      webrtc: 'on',
      webrtcPeers: 0,
      relay: 'connecting',
      online: true,
      persisted: 'loading',
    });
  });

  it('reports turned-off transports as off', () => {
    const state = initialSyncState(
      { webrtc: false, relay: false, indexeddb: false },
      { online: false, secureContext: true },
    );
    expect(state).toMatchObject({ webrtc: 'off', relay: 'off', persisted: 'off', online: false });
  });

  it('says WebRTC needs a secure context instead of pretending to connect', () => {
    expect(initialSyncState(ALL, { online: true, secureContext: false }).webrtc).toBe(
      'needs-secure-context',
    );
  });
});

describe('isRefusalCloseCode', () => {
  it('treats 4401 and the rest of 44xx as final', () => {
    expect(isRefusalCloseCode(4401)).toBe(true);
    expect(isRefusalCloseCode(4400)).toBe(true);
    expect(isRefusalCloseCode(4499)).toBe(true);
  });

  it('retries after network drops, going-away and storage failures', () => {
    for (const code of [1000, 1001, 1006, 4002, 4399, 4500, 4503])
      expect(isRefusalCloseCode(code)).toBe(false);
  });
});

describe('nextRelayState', () => {
  it('is connecting until the initial sync completes, then connected', () => {
    let state = nextRelayState('connecting', { type: 'status', status: 'connected' });
    expect(state).toBe('connecting');
    state = nextRelayState(state, { type: 'synced' });
    expect(state).toBe('connected');
  });

  it('goes disconnected on a drop and connecting on the retry', () => {
    let state = nextRelayState('connected', { type: 'closed', code: 1006 });
    expect(state).toBe('connected');
    state = nextRelayState(state, { type: 'status', status: 'disconnected' });
    expect(state).toBe('disconnected');
    expect(nextRelayState(state, { type: 'status', status: 'connecting' })).toBe('connecting');
  });

  it('is refused after a 4401 close, and stays refused whatever follows', () => {
    let state = nextRelayState('connecting', { type: 'closed', code: 4401 });
    expect(state).toBe('refused');
    state = nextRelayState(state, { type: 'status', status: 'disconnected' });
    state = nextRelayState(state, { type: 'status', status: 'connecting' });
    state = nextRelayState(state, { type: 'synced' });
    expect(state).toBe('refused');
  });

  it('stays off when the relay transport is off', () => {
    expect(nextRelayState('off', { type: 'synced' })).toBe('off');
  });
});
