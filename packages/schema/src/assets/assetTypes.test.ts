import { describe, expect, it } from 'vitest';
import { MAX_JSON_LEADING_BYTES, sniffAssetType } from './assetTypes';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(
    parts.flatMap((part) =>
      typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part,
    ),
  );
const padded = (head: Uint8Array) => new Uint8Array([...head, ...new Uint8Array(16)]);
const typeOf = (head: Uint8Array, complete = true) => {
  const result = sniffAssetType(head, complete);
  return result.kind === 'type' ? result.type : result.kind;
};

describe('sniffAssetType', () => {
  it('recognises each allowed type by its first bytes', () => {
    expect(typeOf(padded(bytes([0x89], 'PNG\r\n', [0x1a], '\n')))).toBe('png');
    expect(typeOf(padded(bytes([0xff, 0xd8, 0xff, 0xe0])))).toBe('jpeg');
    expect(typeOf(padded(bytes('GIF87a')))).toBe('gif');
    expect(typeOf(padded(bytes('GIF89a')))).toBe('gif');
    expect(typeOf(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8L'))).toBe('webp');
    expect(typeOf(bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt '))).toBe('wav');
    expect(typeOf(padded(bytes('OggS', [0])))).toBe('ogg');
    expect(typeOf(padded(bytes('ID3', [4, 0, 0, 0, 0, 0, 15])))).toBe('mp3');
    // MPEG-1 layer III, 128 kbit/s, 44.1 kHz; MPEG-2 layer III, 64 kbit/s, 22.05 kHz.
    expect(typeOf(padded(bytes([0xff, 0xfb, 0x90, 0x64])))).toBe('mp3');
    expect(typeOf(padded(bytes([0xff, 0xf3, 0x80, 0xc4])))).toBe('mp3');
    expect(typeOf(bytes('{"format": 0.3}'))).toBe('json');
    expect(typeOf(bytes([0xef, 0xbb, 0xbf], '\r\n\t {'))).toBe('json');
  });

  it('refuses lookalikes of the allowed types', () => {
    // AAC in ADTS (layer bits 00), a "free" bitrate, a reserved sample rate, MPEG version 01.
    for (const header of [
      [0xff, 0xf1, 0x50, 0x80],
      [0xff, 0xfb, 0x00, 0x64],
      [0xff, 0xfb, 0x9c, 0x64],
      [0xff, 0xeb, 0x90, 0x64],
    ]) {
      expect(typeOf(padded(bytes(header))), String(header)).toBe('refused');
    }
    expect(typeOf(padded(bytes('ID3', [9, 0, 0, 0, 0, 0, 15])))).toBe('refused');
    expect(typeOf(padded(bytes('ID3', [4, 0, 0, 0x80, 0, 0, 15])))).toBe('refused');
    expect(typeOf(bytes('RIFF', [1, 2, 3, 4], 'AVI LIST'))).toBe('refused');
    expect(typeOf(padded(bytes('GIF90a')))).toBe('refused');
    expect(typeOf(bytes('[{"format": 0.3}]'))).toBe('refused');
  });

  it('refuses SVG, HTML and XML, saying why', () => {
    for (const text of ['<svg/>', '<?xml version="1.0"?><svg/>', '\n <!doctype html>']) {
      const result = sniffAssetType(bytes(text), true);
      expect(result).toEqual({
        kind: 'refused',
        reason:
          'SVG, HTML and XML are refused: they can carry script (convert an SVG to PNG or WebP)',
      });
    }
  });

  it('waits for enough bytes, and decides on what there is once the body is complete', () => {
    expect(typeOf(bytes('RIFF'), false)).toBe('more');
    expect(typeOf(bytes('RIFF'), true)).toBe('refused');
    expect(typeOf(bytes('{}'), true)).toBe('json');
    expect(typeOf(new Uint8Array(0), true)).toBe('refused');
    const blanks = new Uint8Array(MAX_JSON_LEADING_BYTES).fill(0x20);
    expect(typeOf(blanks, false)).toBe('more');
    expect(typeOf(new Uint8Array([...blanks, 0x20]), false)).toBe('refused');
    expect(typeOf(new Uint8Array([...blanks, 0x7b]), false)).toBe('json');
  });
});
