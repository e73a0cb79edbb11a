import type { SyncState } from '@meshtable/sync';
import { describe, expect, it } from 'vitest';
import { connectionLoss } from './connectionLoss';

const base: SyncState = {
  webrtc: 'on',
  webrtcPeers: 0,
  relay: 'connected',
  online: true,
  persisted: 'ready',
};

describe('connectionLoss', () => {
  it('is offline whenever the browser has no network, even with a stale relay state', () => {
    expect(connectionLoss({ ...base, online: false })).toBe('offline');
    expect(connectionLoss({ ...base, online: false, webrtcPeers: 2 })).toBe('offline');
  });

  it('is reconnecting when the relay dropped and no peer is connected', () => {
    expect(connectionLoss({ ...base, relay: 'disconnected' })).toBe('reconnecting');
  });

  it('is nothing while a peer or the relay is reached, or the first connection opens', () => {
    expect(connectionLoss(base)).toBeNull();
    expect(connectionLoss({ ...base, relay: 'disconnected', webrtcPeers: 1 })).toBeNull();
    expect(connectionLoss({ ...base, relay: 'connecting' })).toBeNull();
    expect(connectionLoss({ ...base, relay: 'off', webrtc: 'off' })).toBeNull();
  });
});
