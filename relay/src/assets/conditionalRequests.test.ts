import { describe, expect, it } from 'vitest';
import { ifRangeAllows, noneMatchHits, parseRange } from './conditionalRequests';

describe('parseRange', () => {
  it('reads a single range, clamped to the size', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-1000', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=50-1000', 100)).toEqual({ start: 50, end: 99 });
    expect(parseRange('Bytes = 1-1 ', 100)).toEqual({ start: 1, end: 1 });
  });

  it('finds a range that starts past the end unsatisfiable', () => {
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=100-200', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable');
  });

  it('ignores what it does not serve: no header, another unit, bad syntax, several ranges', () => {
    for (const header of [
      undefined,
      'items=0-1',
      'bytes=',
      'bytes=-',
      'bytes=5-1',
      'bytes=a-b',
      'bytes=0-1,5-6',
      'bytes=1.5-2',
    ]) {
      expect(parseRange(header, 100), String(header)).toBeNull();
    }
  });
});

describe('conditional headers', () => {
  const etag = `"${'ab'.repeat(32)}"`;

  it('If-None-Match hits on the ETag, weak or strong, in a list, or on *', () => {
    expect(noneMatchHits(etag, etag)).toBe(true);
    expect(noneMatchHits(`"x", W/${etag}`, etag)).toBe(true);
    expect(noneMatchHits('*', etag)).toBe(true);
    expect(noneMatchHits('"x"', etag)).toBe(false);
    expect(noneMatchHits(undefined, etag)).toBe(false);
  });

  it('If-Range allows the range only for the exact ETag', () => {
    expect(ifRangeAllows(undefined, etag)).toBe(true);
    expect(ifRangeAllows(etag, etag)).toBe(true);
    expect(ifRangeAllows(`W/${etag}`, etag)).toBe(false);
    expect(ifRangeAllows('Wed, 21 Oct 2015 07:28:00 GMT', etag)).toBe(false);
  });
});
