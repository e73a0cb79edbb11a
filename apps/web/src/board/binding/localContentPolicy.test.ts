import type { TLRecord } from 'tldraw';
import { describe, expect, it } from 'vitest';
import { isLocalUrl, whyNotLocalOnly } from './localContentPolicy';

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

function bookmark(props: Record<string, unknown>): TLRecord {
  return {
    id: 'asset:b',
    typeName: 'asset',
    type: 'bookmark',
    props: { src: null, title: '', description: '', image: '', favicon: '', ...props },
    meta: {},
  } as unknown as TLRecord;
}

function user(imageUrl: string): TLRecord {
  return {
    id: 'user:u',
    typeName: 'user',
    name: '',
    color: '#000',
    imageUrl,
    meta: {},
  } as TLRecord;
}

/**
 * Strings that start with a single `/` (so a prefix test takes them for paths on this origin) but
 * that the URL parser, like the browser, resolves to another host.
 */
const DISGUISED_OFF_ORIGIN = [
  '/\\evil.example/p.png',
  '/\t/evil.example/p.png',
  '/\n/evil.example/p.png',
  '/\r/evil.example/p.png',
  '\\/evil.example/p.png',
  '\t//evil.example/p.png',
  ' //evil.example/p.png',
];

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
    const video = { ...asset({ src: 'http://evil.example/v.mp4' }), type: 'video' } as TLRecord;
    expect(whyNotLocalOnly(video, ORIGIN)).toMatch(/src/);
  });

  it('accepts inline data, paths and URLs on this origin, and null sources', () => {
    for (const src of ['data:image/png;base64,AAAA', '/assets/abc', `${ORIGIN}/assets/abc`, null]) {
      expect(whyNotLocalOnly(asset({ src }), ORIGIN)).toBeNull();
    }
  });

  it('refuses paths that the browser would resolve to another origin', () => {
    for (const src of DISGUISED_OFF_ORIGIN) {
      expect(new URL(src, ORIGIN).host, JSON.stringify(src)).toBe('evil.example');
      expect(whyNotLocalOnly(asset({ src }), ORIGIN), JSON.stringify(src)).toMatch(/src/);
      expect(whyNotLocalOnly(user(src), ORIGIN), JSON.stringify(src)).toMatch(/imageUrl/);
    }
  });

  it('refuses user records with an outside avatar, accepts those without one or with a local one', () => {
    expect(whyNotLocalOnly(user('https://tracker.example/me.png'), ORIGIN)).toMatch(/imageUrl/);
    expect(whyNotLocalOnly(user('//tracker.example/me.png'), ORIGIN)).toMatch(/imageUrl/);
    expect(whyNotLocalOnly(user(''), ORIGIN)).toBeNull();
    expect(whyNotLocalOnly(user('/assets/abc'), ORIGIN)).toBeNull();
    expect(whyNotLocalOnly(user('data:image/png;base64,AAAA'), ORIGIN)).toBeNull();
  });

  it('accepts a bookmark whose link points anywhere: nobody loads a bookmark src', () => {
    const link = 'https://example.org/some/article';
    expect(whyNotLocalOnly(bookmark({ src: link, title: link }), ORIGIN)).toBeNull();
  });

  it('refuses a bookmark whose preview image or favicon is outside this origin', () => {
    const src = 'https://example.org/';
    expect(
      whyNotLocalOnly(bookmark({ src, image: 'https://tracker.example/i.png' }), ORIGIN),
    ).toMatch(/image/);
    expect(whyNotLocalOnly(bookmark({ src, favicon: '/\\tracker.example/f.ico' }), ORIGIN)).toMatch(
      /favicon/,
    );
    expect(whyNotLocalOnly(bookmark({ src, image: '/assets/abc' }), ORIGIN)).toBeNull();
  });

  it('leaves ordinary shapes alone', () => {
    const geo = { id: 'shape:g', typeName: 'shape', type: 'geo', props: {} } as unknown as TLRecord;
    expect(whyNotLocalOnly(geo, ORIGIN)).toBeNull();
  });
});

describe('isLocalUrl', () => {
  it('accepts empty, data:, and paths and URLs on this origin', () => {
    for (const url of [
      '',
      'data:image/png;base64,AAAA',
      '/assets/abc',
      'assets/abc',
      '../assets/abc',
      `${ORIGIN}/assets/abc`,
      'HTTP://10.0.0.5:8080/assets/abc',
    ]) {
      expect(isLocalUrl(url, ORIGIN), url).toBe(true);
    }
  });

  it('refuses other origins, other schemes and URLs that do not parse', () => {
    for (const url of [
      ...DISGUISED_OFF_ORIGIN,
      'https://10.0.0.5:8080/assets/abc',
      'http://10.0.0.5:8081/assets/abc',
      'http://10.0.0.5/assets/abc',
      `blob:${ORIGIN}/0f6d0c1e-6a53-4a5c-9d0b-0a1c2d3e4f50`,
      'javascript:alert(1)',
      'asset:abc',
      'http://[::1',
    ]) {
      expect(isLocalUrl(url, ORIGIN), JSON.stringify(url)).toBe(false);
    }
  });
});
