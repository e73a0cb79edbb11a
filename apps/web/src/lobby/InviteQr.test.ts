import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { qrPath } from './InviteQr';

describe('qrPath', () => {
  const link =
    'http://127.0.0.1:8080/#/join/c-0123456789abcdef/k-abcdefghijklmnopqrstuvwxyz012345?relay=http%3A%2F%2F127.0.0.1%3A8080&gm=u1.u2';

  it('draws one square per dark module, inside a quiet zone of four modules', () => {
    const { path, size } = qrPath(link);
    const { data } = encode(link, { ecc: 'M', border: 0 });
    const dark = data.flat().filter(Boolean).length;
    expect(path.match(/M/g)?.length).toBe(dark);
    expect(size).toBe(data.length + 8);
    const corners = [...path.matchAll(/M(\d+) (\d+)/g)].map(([, x, y]) => [Number(x), Number(y)]);
    for (const [x, y] of corners) {
      expect(x).toBeGreaterThanOrEqual(4);
      expect(y).toBeGreaterThanOrEqual(4);
      expect(x).toBeLessThan(size - 4);
      expect(y).toBeLessThan(size - 4);
    }
  });

  it('starts with the finder pattern in the top-left corner', () => {
    // The finder's top row is seven dark modules.
    expect(qrPath(link).path.startsWith('M4 4h1v1h-1zM5 4h1v1h-1zM6 4h1v1h-1z')).toBe(true);
  });

  it('differs for different links', () => {
    expect(qrPath(`${link}x`).path).not.toBe(qrPath(link).path);
  });
});
