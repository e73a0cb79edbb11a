/**
 * The request headers that shape an asset download (RFC 9110 §13–14): `If-None-Match` (the
 * browser already has it: 304), `Range` (a part of it, for audio seeking: 206) and `If-Range`.
 * An asset's ETag is its SHA-256, so a strong validator that never changes.
 */

/** A byte range to send, both ends inclusive. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * What a `Range` header asks of a representation of `size` bytes: one range; `unsatisfiable`
 * (416) when it starts past the end; or null to send the whole (no header, another unit, a
 * malformed header, or several ranges, which a server may answer with the whole, RFC 9110 §14.2).
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | null {
  if (header === undefined) return null;
  const match = /^\s*bytes\s*=\s*([^,]*?)\s*$/i.exec(header);
  if (!match) return null;
  const spec = /^(\d*)-(\d*)$/.exec(match[1] ?? '');
  if (!spec) return null;
  const [, first = '', last = ''] = spec;
  if (first === '' && last === '') return null;
  if (first === '') {
    // A suffix: the last N bytes.
    const length = Number(last);
    if (length === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

/** The entity tags listed in a header (`*` stands for any), without their weakness marks. */
function entityTags(header: string): string[] | '*' {
  if (header.trim() === '*') return '*';
  return [...header.matchAll(/(?:W\/)?("[^"]*")/g)].map((m) => m[1] as string);
}

/** Whether `If-None-Match` lists the asset's ETag (weak comparison, as §13.1.2 says). */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const tags = entityTags(header);
  return tags === '*' || tags.includes(etag);
}

/**
 * Whether a `Range` may be honoured under `If-Range`: only when that holds the asset's ETag,
 * strongly (a date never matches: assets carry no Last-Modified). No `If-Range`, no condition.
 */
export function ifRangeAllows(header: string | undefined, etag: string): boolean {
  if (header === undefined) return true;
  return header.trim() === etag;
}
