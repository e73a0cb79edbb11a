import { describe, expect, it } from 'vitest';
import { RELAY_DEFAULTS } from './options';
import { RelayOptionsError, resolveSettings } from './settings';

describe('resolveSettings', () => {
  it('keeps every default that is not given, and takes what is', () => {
    expect(resolveSettings({})).toEqual(RELAY_DEFAULTS);
    const settings = resolveSettings({ maxRooms: 3, syncPolicy: 'always', port: undefined });
    expect(settings.maxRooms).toBe(3);
    expect(settings.syncPolicy).toBe('always');
    expect(settings.port).toBe(RELAY_DEFAULTS.port);
  });

  it('refuses a value the relay cannot run with, naming the option', () => {
    const refusals: [Parameters<typeof resolveSettings>[0], string][] = [
      [{ maxConnections: 0 }, 'maxConnections must be a whole number of at least 1, not 0'],
      [{ syncMessagesPerSecond: 1.5 }, 'syncMessagesPerSecond must be a whole number'],
      [{ port: 70_000 }, 'port must be a whole number from 0 to 65535'],
      [{ syncPolicy: 0 }, "syncPolicy must be 'always' or a whole number of milliseconds"],
      [
        { signalByteBurst: 1024, maxSignalMessageBytes: 4096 },
        'signalByteBurst (1024) must be at least maxSignalMessageBytes (4096)',
      ],
      [{ tls: { cert: 'c', key: 'k' }, tlsSelfSigned: true }, 'exclude each other'],
    ];
    for (const [options, message] of refusals) {
      expect(() => resolveSettings(options)).toThrow(RelayOptionsError);
      expect(() => resolveSettings(options)).toThrow(message);
    }
  });
});
