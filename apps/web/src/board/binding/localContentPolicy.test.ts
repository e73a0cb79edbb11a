import type { TLRecord } from 'tldraw';
import { describe, expect, it } from 'vitest';
import { whyNotLocalOnly } from './localContentPolicy';

const ORIGIN = 'http://10.0.0.5:8080';

function asset(props: Record<string, unknown>): TLRecord {
  return {
    id: 'asset:a',
    typeName: 'asset',
    type: 'image',
    props: { name: 'x', w: 1, h: 1, mimeType: 'image/png', isAnimated: false, ...props },
    meta: {},
  } as unknown as TLRecord;
}

describe('whyNotLocalOnly', () => {
  it('refuses embed shapes', () => {
    const embed = {
      id: 'shape:e',
      typeName: 'shape',
      type: 'embed',
      props: {},
    } as unknown as TLRecord;
    expect(whyNotLocalOnly(embed, ORIGIN)).toMatch(/embed/);
  });

  it('refuses assets that point at other origins, including protocol-relative ones', () => {
    expect(whyNotLocalOnly(asset({ src: 'https://tracker.example/p.png' }), ORIGIN)).toMatch(/src/);
    expect(whyNotLocalOnly(asset({ src: '//tracker.example/p.png' }), ORIGIN)).toMatch(/src/);
    expect(
      whyNotLocalOnly(asset({ src: '/assets/x', image: 'http://evil.example/i.png' }), ORIGIN),
    ).toMatch(/image/);
  });

  it('accepts inline data, paths and URLs on this origin, and null sources', () => {
    for (const src of ['data:image/png;base64,AAAA', '/assets/abc', `${ORIGIN}/assets/abc`, null]) {
      expect(whyNotLocalOnly(asset({ src }), ORIGIN)).toBeNull();
    }
  });

  it('refuses user records with an outside avatar, accepts those without one', () => {
    const user = (imageUrl: string) =>
      ({ id: 'user:u', typeName: 'user', name: '', color: '#000', imageUrl, meta: {} }) as TLRecord;
    expect(whyNotLocalOnly(user('https://tracker.example/me.png'), ORIGIN)).toMatch(/imageUrl/);
    expect(whyNotLocalOnly(user(''), ORIGIN)).toBeNull();
  });

  it('leaves ordinary shapes alone', () => {
    const geo = { id: 'shape:g', typeName: 'shape', type: 'geo', props: {} } as unknown as TLRecord;
    expect(whyNotLocalOnly(geo, ORIGIN)).toBeNull();
  });
});
