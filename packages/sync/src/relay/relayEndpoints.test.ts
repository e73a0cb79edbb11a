import { describe, expect, it } from 'vitest';
import { relayEndpoints } from './relayEndpoints';

describe('relayEndpoints', () => {
  it('maps an http origin to ws endpoints', () => {
    expect(relayEndpoints('http://127.0.0.1:8080')).toEqual({
      signalUrl: 'ws://127.0.0.1:8080/signal',
      syncUrl: 'ws://127.0.0.1:8080/sync',
    });
  });

  it('maps https to wss and keeps a path prefix without doubling slashes', () => {
    expect(relayEndpoints('https://example.org/meshtable/')).toEqual({
      signalUrl: 'wss://example.org/meshtable/signal',
      syncUrl: 'wss://example.org/meshtable/sync',
    });
  });

  it('drops the query and fragment of the page URL', () => {
    expect(relayEndpoints('http://h:1/?sync=relay#/board/a/b').syncUrl).toBe('ws://h:1/sync');
  });

  it('rejects non-http protocols and relative URLs with a typed error', () => {
    expect(() => relayEndpoints('ftp://h')).toThrow(
      expect.objectContaining({ code: 'SYNC_INVALID_RELAY_URL' }),
    );
    expect(() => relayEndpoints('/relay')).toThrow(
      expect.objectContaining({ code: 'SYNC_INVALID_RELAY_URL' }),
    );
  });
});
