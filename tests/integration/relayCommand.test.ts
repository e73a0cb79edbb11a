/**
 * `meshtable relay` as a user runs it: settings from flags, MESHTABLE_* variables and a config
 * file, with their precedence; a clear refusal of a bad file; and `--tls-self-signed`, whose
 * certificate is made once, kept with a private key file, printed by fingerprint and reused.
 */
import { X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMeshtable } from '../support/meshtableCli';
import { type RelayProcess, spawnRelay } from '../support/relayProcess';

/** GET over HTTPS trusting only `ca`; resolves with the status code. */
function httpsStatus(url: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('meshtable relay: configuration and --tls-self-signed', () => {
  let dir: string;
  let running: RelayProcess | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshtable-command-'));
  });
  afterEach(async () => {
    if (running && running.child.exitCode === null) await running.stop();
    running = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('takes a flag over a MESHTABLE_ variable over the config file, and file paths from the file', async () => {
    const folder = join(dir, 'conf');
    await mkdir(folder);
    await writeFile(
      join(folder, 'relay.json'),
      JSON.stringify({ host: '127.0.0.3', port: 0, data: 'tables', web: '.', logLevel: 'debug' }),
    );
    running = await spawnRelay(dir, 0, {
      bare: true,
      args: ['--config', join(folder, 'relay.json'), '--host', '127.0.0.4'],
      env: { MESHTABLE_HOST: '127.0.0.2', MESHTABLE_LOG_LEVEL: 'silent' },
      stderr: 'pipe',
    });
    const log: string[] = [];
    running.child.stderr?.on('data', (chunk) => log.push(String(chunk)));
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.4:\d+$/);
    expect(running.stdout()).toContain(`(data in ${join(folder, 'tables')})`);
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    expect(await running.stop()).toBe(0);
    // The variable's `silent` beat the file's `debug`.
    expect(log.join('')).toBe('');
  });

  it('refuses a config file with an unknown key, naming it, and exits 2', async () => {
    const file = join(dir, 'relay.json');
    await writeFile(file, JSON.stringify({ port: 0, prot: 80 }));
    const run = await runMeshtable(['relay', '--config', file], { deadlineMs: 30_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}: unknown key "prot"`);
  });

  it('refuses a bad variable as a usage error, before listening', async () => {
    const run = await runMeshtable(['relay', '--port', '0', '--data', dir], {
      env: { MESHTABLE_SYNC_MS: 'soon' },
      deadlineMs: 30_000,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('MESHTABLE_SYNC_MS must be "always" or a whole number');
  });

  it('turns relay option conflicts into usage errors', async () => {
    const run = await runMeshtable(
      ['relay', '--port', '0', '--data', dir, '--signal-byte-burst', '1KiB'],
      { deadlineMs: 30_000 },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('signalByteBurst (1024) must be at least maxSignalMessageBytes');
  });

  it('lists every flag with its variable in --help', async () => {
    const run = await runMeshtable(['relay', '--help'], { deadlineMs: 30_000 });
    expect(run.code).toBe(0);
    for (const text of ['--tls-self-signed', 'MESHTABLE_SYNC_MS', '--max-connections-per-room']) {
      expect(run.stdout).toContain(text);
    }
  });

  it('serves HTTPS with the certificate and key files given by --tls-cert and --tls-key', async () => {
    const tls = new URL('../support/tls/', import.meta.url);
    const certPath = new URL('localhost-cert.pem', tls).pathname;
    running = await spawnRelay(dir, 0, {
      env: {
        MESHTABLE_TLS_CERT: certPath,
        MESHTABLE_TLS_KEY: new URL('localhost-key.pem', tls).pathname,
      },
    });
    expect(running.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(await httpsStatus(`${running.url}/healthz`, await readFile(certPath, 'utf8'))).toBe(200);
  });

  it('makes a self-signed certificate on first start, prints its fingerprint and reuses it', async () => {
    running = await spawnRelay(dir, 0, { args: ['--tls-self-signed'] });
    expect(running.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const certPath = join(dir, 'tls', 'self-signed-cert.pem');
    const cert = await readFile(certPath, 'utf8');
    const fingerprint = new X509Certificate(cert).fingerprint256;
    expect(running.stdout()).toContain(`SHA-256 fingerprint ${fingerprint}`);
    expect(running.stdout()).toContain('made now (none was kept yet)');
    expect((await stat(join(dir, 'tls', 'self-signed-key.pem'))).mode & 0o777).toBe(0o600);
    // A client that trusts this certificate alone reaches the relay, names checked.
    expect(await httpsStatus(`${running.url}/healthz`, cert)).toBe(200);
    expect(await running.stop()).toBe(0);

    running = await spawnRelay(dir, 0, { args: ['--tls-self-signed'] });
    expect(running.stdout()).toContain(`reused: ${certPath}`);
    expect(running.stdout()).toContain(`SHA-256 fingerprint ${fingerprint}`);
    expect(await readFile(certPath, 'utf8')).toBe(cert);
    expect(await httpsStatus(`${running.url}/healthz`, cert)).toBe(200);
  });
});
