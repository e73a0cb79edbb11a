import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RELAY_DEFAULTS, type RelayOptions } from '@meshtable/relay';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { relayHelp, resolveRelayConfig } from './relayConfig';
import { ALL_SETTINGS, envName, fileKey } from './relaySettings';
import { UsageError } from './usage';

describe('meshtable relay configuration', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshtable-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function configFile(contents: unknown): Promise<string> {
    const path = join(dir, 'relay.json');
    await writeFile(path, typeof contents === 'string' ? contents : JSON.stringify(contents));
    return path;
  }

  async function refusal(
    flags: Record<string, string | boolean>,
    env: Record<string, string> = {},
  ): Promise<string> {
    const error = await resolveRelayConfig(flags, env).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }

  it('takes a flag over the environment over the file', async () => {
    const config = await configFile({ port: 1111, host: '0.0.0.0', maxRooms: 7, syncMs: 'always' });
    const env = { MESHTABLE_PORT: '2222', MESHTABLE_HOST: '127.0.0.2' };
    const { options } = await resolveRelayConfig({ config, port: '3333' }, env);
    expect(options).toMatchObject({
      port: 3333,
      host: '127.0.0.2',
      maxRooms: 7,
      syncPolicy: 'always',
    } satisfies RelayOptions);
    // Anything unset stays unset, so the relay's defaults apply.
    expect(options.maxConnections).toBeUndefined();
  });

  it('finds the config file through MESHTABLE_CONFIG, and reads paths in it from its folder', async () => {
    const config = await configFile({ data: 'tables', tlsCert: 'c.pem', tlsKey: '/abs/k.pem' });
    const { options, tlsFiles } = await resolveRelayConfig({}, { MESHTABLE_CONFIG: config });
    expect(options.dataDir).toBe(join(dir, 'tables'));
    expect(tlsFiles).toEqual({ cert: join(dir, 'c.pem'), key: '/abs/k.pem' });
  });

  it('reads sizes with units, MiB settings with fractions, booleans and JSON from text', async () => {
    const { options } = await resolveRelayConfig(
      { 'max-sync-frame-bytes': '2MiB', 'compact-after-bytes': '65536' },
      {
        MESHTABLE_SIGNAL_BYTE_BURST: '512KiB',
        MESHTABLE_MAX_ASSET_MB: '0.5',
        MESHTABLE_TLS_SELF_SIGNED: 'yes',
        MESHTABLE_ICE_SERVERS: '[{"urls":"stun:stun.example.org"}]',
        MESHTABLE_SYNC_MS: '250',
      },
    );
    expect(options).toMatchObject({
      maxSyncFrameBytes: 2 * 1024 * 1024,
      compactAfterBytes: 65536,
      signalByteBurst: 512 * 1024,
      maxAssetBytes: 512 * 1024,
      tlsSelfSigned: true,
      iceServers: [{ urls: 'stun:stun.example.org' }],
      syncPolicy: 250,
    });
  });

  it('names the flag, variable or file key of a bad value', async () => {
    expect(await refusal({ port: 'eighty' })).toBe(
      '--port must be a whole number from 0 to 65535, not "eighty"',
    );
    expect(await refusal({}, { MESHTABLE_MAX_ROOMS: '0' })).toBe(
      'MESHTABLE_MAX_ROOMS must be a whole number of at least 1, not "0"',
    );
    expect(await refusal({ 'sync-ms': 'sometimes' })).toContain(
      '--sync-ms must be "always" or a whole number of milliseconds',
    );
    expect(await refusal({ 'max-sync-frame-bytes': '3 parsecs' })).toContain(
      '--max-sync-frame-bytes must be a size in bytes',
    );
    const config = await configFile({ maxConnections: '12', logLevel: 'loud' });
    expect(await refusal({ config })).toBe(
      `${config}: "maxConnections" must be a whole number of at least 1, not "12"`,
    );
  });

  it('never repeats a secret in a message', async () => {
    const config = await configFile({ tldrawLicenseKey: 42 });
    expect(await refusal({ config })).not.toContain('42');
  });

  it('refuses unknown keys, JSON that is not an object and files it cannot read', async () => {
    const config = await configFile({ prot: 80, port: 80, host: 'x', mystery: true });
    const message = await refusal({ config });
    expect(message).toContain('unknown keys "prot", "mystery"');
    expect(message).toContain('the keys are host, port,');
    expect(await refusal({ config: await configFile('{"port": 80,}') })).toContain('is not JSON');
    expect(await refusal({ config: await configFile([1, 2]) })).toContain('one JSON object');
    expect(await refusal({ config: join(dir, 'missing.json') })).toContain('--config: cannot read');
    // `config` names the file; it is not a key of the file.
    expect(await refusal({ config: await configFile({ config: 'other.json' }) })).toContain(
      'unknown key "config"',
    );
  });

  it('keeps the pairs and exclusions of TLS', async () => {
    expect(await refusal({ 'tls-cert': 'c.pem' })).toBe('--tls-cert and --tls-key go together');
    expect(
      await refusal({ 'tls-cert': 'c.pem', 'tls-key': 'k.pem', 'tls-self-signed': true }),
    ).toContain('exclude each other');
  });

  it('takes a Redis URL from a flag, the environment or the file, and refuses a malformed one', async () => {
    expect(
      (await resolveRelayConfig({ redis: 'redis://127.0.0.1:6379/2' }, {})).options.redis,
    ).toBe('redis://127.0.0.1:6379/2');
    expect((await resolveRelayConfig({}, { MESHTABLE_REDIS: 'redis://r' })).options.redis).toBe(
      'redis://r',
    );
    const config = await configFile({ redis: 'rediss://user:pw@r.example:6380' });
    expect((await resolveRelayConfig({ config }, {})).options.redis).toBe(
      'rediss://user:pw@r.example:6380',
    );
    for (const bad of [
      'localhost:6379',
      'http://r:6379',
      'redis://',
      'redis://r/abc',
      'redis://r:99999',
    ]) {
      const message = await refusal({ redis: bad });
      expect(message).toContain('--redis must be a Redis URL');
    }
    // The URL may carry a password: it is never repeated.
    expect(await refusal({}, { MESHTABLE_REDIS: 'redis://:secret@r/x' })).toBe(
      'MESHTABLE_REDIS must be a Redis URL: redis://[user:password@]host[:port][/db], or rediss:// for TLS',
    );
  });

  it('documents every setting in the help: flag, variable, file key and default', () => {
    const help = relayHelp();
    for (const setting of ALL_SETTINGS) {
      expect(help).toContain(`--${setting.flag}`);
      expect(help).toContain(envName(setting));
      if (setting.flag !== 'config') expect(help).toContain(`file "${fileKey(setting)}"`);
    }
    expect(help).toContain(`default ${RELAY_DEFAULTS.port}`);
    expect(help).toContain('MESHTABLE_TLDRAW_LICENSE_KEY');
  });

  it('sets every defaulted relay option through some setting', () => {
    const reachable = new Set(ALL_SETTINGS.map((setting) => setting.option));
    const notSettable = Object.keys(RELAY_DEFAULTS).filter(
      (key) => !reachable.has(key as keyof RelayOptions),
    );
    expect(notSettable).toEqual([]);
  });
});
