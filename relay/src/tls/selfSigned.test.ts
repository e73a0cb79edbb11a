import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { certificateNames, loadOrMakeSelfSignedCertificate } from './selfSigned';

const DAY = 24 * 60 * 60 * 1000;

describe('the self-signed certificate of --tls-self-signed', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshtable-tls-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes a valid certificate for loopback and the host, with a key only its owner reads', async () => {
    const made = await loadOrMakeSelfSignedCertificate(dir, '192.168.7.9');
    expect(made.madeBecause).toBe('none was kept yet');
    const x509 = new X509Certificate(made.cert);
    expect(x509.verify(createPublicKey(made.key))).toBe(true);
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkIP('::1')).toBe('::1');
    expect(x509.checkIP('192.168.7.9')).toBe('192.168.7.9');
    expect(x509.checkIP('192.168.7.10')).toBeUndefined();
    expect(x509.ca).toBe(false);
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(made.fingerprint256).toBe(x509.fingerprint256);
    expect((await stat(made.keyPath)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'tls'))).mode & 0o077).toBe(0);
    const days = (made.validTo.getTime() - Date.now()) / DAY;
    expect(days).toBeGreaterThan(360);
    expect(days).toBeLessThan(370);
  });

  it('reuses the kept certificate, and tightens a key file that others could read', async () => {
    const first = await loadOrMakeSelfSignedCertificate(dir, '127.0.0.1');
    await chmod(first.keyPath, 0o644);
    const again = await loadOrMakeSelfSignedCertificate(dir, '127.0.0.1');
    expect(again.madeBecause).toBeNull();
    expect(again.fingerprint256).toBe(first.fingerprint256);
    expect((await stat(again.keyPath)).mode & 0o777).toBe(0o600);
  });

  it('makes a new one a month before expiry, for a new address, or for a key that does not match', async () => {
    const old = await loadOrMakeSelfSignedCertificate(
      dir,
      '127.0.0.1',
      new Date(Date.now() - 340 * DAY),
    );
    const renewed = await loadOrMakeSelfSignedCertificate(dir, '127.0.0.1');
    expect(renewed.madeBecause).toMatch(/^it expires on \d{4}-\d\d-\d\d$/);
    expect(renewed.fingerprint256).not.toBe(old.fingerprint256);

    const moved = await loadOrMakeSelfSignedCertificate(dir, '10.1.2.3');
    expect(moved.madeBecause).toBe('it does not cover 10.1.2.3');

    const stranger = await loadOrMakeSelfSignedCertificate(join(dir, 'other'), '127.0.0.1');
    await writeFile(moved.keyPath, stranger.key);
    const repaired = await loadOrMakeSelfSignedCertificate(dir, '10.1.2.3');
    expect(repaired.madeBecause).toBe('the key does not match the certificate');
    const x509 = new X509Certificate(repaired.cert);
    expect(x509.checkPrivateKey(createPrivateKey(repaired.key))).toBe(true);
  });

  it('covers every address of the machine when the relay listens on all of them', () => {
    const names = certificateNames('0.0.0.0');
    expect(names).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', '::1']));
    expect(names.some((name) => name.toLowerCase().startsWith('fe80:'))).toBe(false);
    expect(certificateNames('[::1]')).toEqual(['localhost', '127.0.0.1', '::1']);
    expect(certificateNames('table.example')).toContain('table.example');
  });
});
