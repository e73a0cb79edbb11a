/**
 * `--tls-self-signed`: a certificate for LAN play, made on the first start and kept in
 * `<data>/tls/` (the key readable by its owner only), then reused, so that each browser has to
 * accept it once. It is made anew only when it no longer fits: it expires within 30 days, it
 * does not cover an address the relay now serves, or the files do not belong together. Browsers
 * need a secure context for WebCrypto and service workers, which plain HTTP on a LAN address is
 * not; the SHA-256 fingerprint printed at start lets players check what their browser shows.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { makeSelfSignedCertificate } from './x509';

/** The certificate in use and where it came from. */
export interface SelfSignedCertificate {
  cert: string;
  key: string;
  /** SHA-256 fingerprint, as browsers show it (`AB:CD:…`). */
  fingerprint256: string;
  certPath: string;
  keyPath: string;
  /** Names and addresses it covers. */
  names: string[];
  /** Its last day of validity. */
  validTo: Date;
  /** Null when the stored one was reused, else why a new one was made. */
  madeBecause: string | null;
}

const VALID_DAYS = 365;
const RENEW_DAYS_BEFORE = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]', '']);

/**
 * The names a certificate for a relay listening on `host` must cover: loopback always; the host
 * itself when it is one address or name; on a wildcard host, every address of this machine
 * (except link-local IPv6, which needs a zone) and its host name, with `.local` for mDNS.
 */
export function certificateNames(host: string): string[] {
  const names = new Set(['localhost', '127.0.0.1', '::1']);
  if (WILDCARD_HOSTS.has(host)) {
    for (const addresses of Object.values(networkInterfaces())) {
      for (const { address } of addresses ?? []) {
        if (!address.toLowerCase().startsWith('fe80:')) names.add(address);
      }
    }
    const machine = hostname();
    if (/^[A-Za-z0-9.-]+$/.test(machine)) {
      names.add(machine);
      if (!machine.includes('.')) names.add(`${machine}.local`);
    }
  } else {
    names.add(host.replace(/^\[(.*)\]$/, '$1'));
  }
  return [...names];
}

/**
 * Loads the certificate kept in `<dataDir>/tls`, or makes (and keeps) a new one when there is
 * none or it no longer fits {@link certificateNames}(host).
 */
export async function loadOrMakeSelfSignedCertificate(
  dataDir: string,
  host: string,
  now: Date = new Date(),
): Promise<SelfSignedCertificate> {
  const folder = join(dataDir, 'tls');
  const certPath = join(folder, 'self-signed-cert.pem');
  const keyPath = join(folder, 'self-signed-key.pem');
  const names = certificateNames(host);
  const stored = await readPair(certPath, keyPath);
  const problem = stored ? unfit(stored.x509, stored.key, names, now) : 'none was kept yet';
  if (stored && problem === null) {
    // A key file copied in with looser permissions is tightened rather than refused.
    if (((await stat(keyPath)).mode & 0o077) !== 0) await chmod(keyPath, 0o600);
    return describe(stored.cert, stored.key, stored.x509, certPath, keyPath, null);
  }
  const made = makeSelfSignedCertificate({
    commonName: 'Meshtable relay (self-signed)',
    names,
    notBefore: new Date(now.getTime() - 60 * 60 * 1000), // tolerate clocks an hour behind
    notAfter: new Date(now.getTime() + VALID_DAYS * DAY_MS),
  });
  await mkdir(folder, { recursive: true, mode: 0o700 });
  // Written beside and renamed into place, key first: a crash leaves either the old pair, or a
  // new key with the old certificate, which the next start sees do not belong together.
  await writeFile(`${keyPath}.tmp`, made.key, { mode: 0o600 });
  await chmod(`${keyPath}.tmp`, 0o600);
  await rename(`${keyPath}.tmp`, keyPath);
  await writeFile(`${certPath}.tmp`, made.cert, { mode: 0o644 });
  await rename(`${certPath}.tmp`, certPath);
  return describe(
    made.cert,
    made.key,
    new X509Certificate(made.cert),
    certPath,
    keyPath,
    problem ?? 'none was kept yet',
  );
}

async function readPair(certPath: string, keyPath: string) {
  try {
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    return { cert, key, x509: new X509Certificate(cert) };
  } catch {
    return null;
  }
}

/** Why a kept certificate cannot be used any more, or null when it can. */
function unfit(x509: X509Certificate, key: string, names: string[], now: Date): string | null {
  try {
    if (!x509.checkPrivateKey(createPrivateKey(key)))
      return 'the key does not match the certificate';
  } catch {
    return 'the key file cannot be read';
  }
  if (new Date(x509.validTo).getTime() - now.getTime() < RENEW_DAYS_BEFORE * DAY_MS) {
    return `it expires on ${new Date(x509.validTo).toISOString().slice(0, 10)}`;
  }
  if (new Date(x509.validFrom).getTime() > now.getTime()) return 'it is not valid yet';
  const missing = names.filter((entry) =>
    /^[0-9.]+$/.test(entry) || entry.includes(':')
      ? x509.checkIP(entry) === undefined
      : x509.checkHost(entry) === undefined,
  );
  if (missing.length > 0) return `it does not cover ${missing.join(', ')}`;
  return null;
}

function describe(
  cert: string,
  key: string,
  x509: X509Certificate,
  certPath: string,
  keyPath: string,
  madeBecause: string | null,
): SelfSignedCertificate {
  const names = (x509.subjectAltName ?? '')
    .split(', ')
    .map((entry) => entry.replace(/^(DNS|IP Address):/, ''))
    .filter(Boolean);
  return {
    cert,
    key,
    fingerprint256: x509.fingerprint256,
    certPath,
    keyPath,
    names,
    validTo: new Date(x509.validTo),
    madeBecause,
  };
}
