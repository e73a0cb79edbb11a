/**
 * Makes a self-signed X.509 v3 certificate (RFC 5280) with Node's own crypto: an ECDSA P-256 key
 * from `generateKeyPairSync`, the signature from `crypto.sign`, and the certificate's DER written
 * here. Writing DER is a few dozen lines of tag-length-value encoding; the alternatives were a
 * dependency tree (@peculiar/x509, or selfsigned with node-forge) or the `openssl` binary, which a
 * fresh Debian machine does not necessarily have. Nothing cryptographic is implemented here.
 * `new X509Certificate(pem)` reads the result back; the tests check it that way and over TLS.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** A certificate and its private key, both PEM. */
export interface PemPair {
  cert: string;
  key: string;
}

/** What the certificate says. */
export interface CertificateRequest {
  /** Subject and issuer common name. */
  commonName: string;
  /** Host names (DNS) and IP addresses the certificate is valid for. */
  names: readonly string[];
  /** Validity start and end. */
  notBefore: Date;
  notAfter: Date;
}

// DER tags.
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const OID = 0x06;
const UTF8_STRING = 0x0c;
const SEQUENCE = 0x30;
const SET = 0x31;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;
const BOOLEAN = 0x01;

/** One tag-length-value. */
function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  const length = body.length;
  let header: Buffer;
  if (length < 0x80) header = Buffer.from([tag, length]);
  else {
    const bytes: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
    header = Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([header, body]);
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) {
      groups.unshift((value & 0x7f) | 0x80);
    }
    bytes.push(...groups);
  }
  return tlv(OID, Buffer.from(bytes));
}

/** A positive INTEGER from big-endian bytes. */
function positiveInteger(bytes: Buffer): Buffer {
  const first = bytes[0] ?? 0;
  return tlv(INTEGER, first & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
function time(date: Date): Buffer {
  const iso = date.toISOString(); // 2025-01-02T03:04:05.678Z
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return date.getUTCFullYear() < 2050
    ? tlv(UTC_TIME, Buffer.from(digits.slice(2), 'ascii'))
    : tlv(GENERALIZED_TIME, Buffer.from(digits, 'ascii'));
}

function name(commonName: string): Buffer {
  return tlv(
    SEQUENCE,
    tlv(SET, tlv(SEQUENCE, oid('2.5.4.10'), tlv(UTF8_STRING, Buffer.from('Meshtable', 'utf8')))),
    tlv(SET, tlv(SEQUENCE, oid('2.5.4.3'), tlv(UTF8_STRING, Buffer.from(commonName, 'utf8')))),
  );
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  const flag = critical ? [tlv(BOOLEAN, Buffer.from([0xff]))] : [];
  return tlv(SEQUENCE, oid(id), ...flag, tlv(OCTET_STRING, value));
}

/** The subjectAltName GeneralNames: dNSName [2] and iPAddress [7], both implicit. */
function alternativeNames(names: readonly string[]): Buffer {
  return tlv(
    SEQUENCE,
    ...names.map((entry) => {
      if (isIPv4(entry)) return tlv(0x87, Buffer.from(entry.split('.').map(Number)));
      if (isIPv6(entry)) return tlv(0x87, ipv6Bytes(entry));
      return tlv(0x82, Buffer.from(entry, 'ascii'));
    }),
  );
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail] = address.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  // An embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups.
  const expand = (groups: string[]) =>
    groups.flatMap((group) => {
      if (!group.includes('.')) return [Number.parseInt(group, 16)];
      const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
      return [a * 256 + b, c * 256 + d];
    });
  const leftGroups = expand(left);
  const rightGroups = expand(right);
  const zeros = new Array(8 - leftGroups.length - rightGroups.length).fill(0);
  const groups = tail === undefined ? leftGroups : [...leftGroups, ...zeros, ...rightGroups];
  const bytes = Buffer.alloc(16);
  for (const [i, group] of groups.entries()) bytes.writeUInt16BE(group, i * 2);
  return bytes;
}

/**
 * Makes a key pair and a self-signed certificate for `request.names`, fit for a TLS server:
 * not a CA, key usage digitalSignature, extended key usage serverAuth.
 */
export function makeSelfSignedCertificate(request: CertificateRequest): PemPair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const ecdsaWithSha256 = tlv(SEQUENCE, oid('1.2.840.10045.4.3.2'));
  // The key identifier is the SHA-1 of the key's bits (RFC 5280 §4.2.1.2, method 1); SHA-1 is
  // the convention there and no security rests on it.
  const keyBits = spki.subarray(spki.length - 65);
  const keyId = createHash('sha1').update(keyBits).digest();
  const serial = randomBytes(16);
  serial[0] = (serial[0] as number) & 0x7f;
  const issuer = name(request.commonName);
  const tbs = tlv(
    SEQUENCE,
    tlv(0xa0, tlv(INTEGER, Buffer.from([2]))), // version v3
    positiveInteger(serial),
    ecdsaWithSha256,
    issuer,
    tlv(SEQUENCE, time(request.notBefore), time(request.notAfter)),
    issuer,
    spki,
    tlv(
      0xa3,
      tlv(
        SEQUENCE,
        extension('2.5.29.19', true, tlv(SEQUENCE)), // basicConstraints: not a CA
        extension('2.5.29.15', true, tlv(BIT_STRING, Buffer.from([0x07, 0x80]))), // digitalSignature
        extension('2.5.29.37', false, tlv(SEQUENCE, oid('1.3.6.1.5.5.7.3.1'))), // serverAuth
        extension('2.5.29.14', false, tlv(OCTET_STRING, keyId)),
        extension('2.5.29.17', false, alternativeNames(request.names)),
      ),
    ),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = tlv(
    SEQUENCE,
    tbs,
    ecdsaWithSha256,
    tlv(BIT_STRING, Buffer.concat([Buffer.from([0]), signature])),
  );
  return {
    cert: pem('CERTIFICATE', der),
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
