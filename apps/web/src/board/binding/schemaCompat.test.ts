import type { SerializedSchemaV2 } from 'tldraw';
import { describe, expect, it } from 'vitest';
import { compareSchemas } from './schemaCompat';

const CURRENT: SerializedSchemaV2 = {
  schemaVersion: 2,
  sequences: { 'com.tldraw.store': 5, 'com.tldraw.shape': 4, 'com.tldraw.shape.geo': 10 },
};

describe('compareSchemas', () => {
  it('is same for an identical schema', () => {
    expect(compareSchemas(structuredClone(CURRENT), CURRENT)).toBe('same');
  });

  it('is newer when any sequence is ahead, even if another is behind', () => {
    const stored: SerializedSchemaV2 = {
      schemaVersion: 2,
      sequences: { ...CURRENT.sequences, 'com.tldraw.shape': 5 },
    };
    expect(compareSchemas(stored, CURRENT)).toBe('newer');
    stored.sequences['com.tldraw.store'] = 1;
    expect(compareSchemas(stored, CURRENT)).toBe('newer');
  });

  it('is newer when the board uses a sequence this build does not know', () => {
    const stored = {
      schemaVersion: 2,
      sequences: { ...CURRENT.sequences, 'com.tldraw.shape.hex': 1 },
    };
    expect(compareSchemas(stored, CURRENT)).toBe('newer');
  });

  it('is older when a sequence is behind or missing', () => {
    expect(
      compareSchemas(
        { schemaVersion: 2, sequences: { ...CURRENT.sequences, 'com.tldraw.shape.geo': 9 } },
        CURRENT,
      ),
    ).toBe('older');
    expect(
      compareSchemas({ schemaVersion: 2, sequences: { 'com.tldraw.store': 5 } }, CURRENT),
    ).toBe('older');
    expect(compareSchemas({ schemaVersion: 1, storeVersion: 1, recordVersions: {} }, CURRENT)).toBe(
      'older',
    );
  });

  it('is unreadable for anything that is not a serialized schema', () => {
    for (const bad of [undefined, null, 'x', [], { schemaVersion: 3, sequences: {} }]) {
      expect(compareSchemas(bad, CURRENT)).toBe('unreadable');
    }
    expect(
      compareSchemas({ schemaVersion: 2, sequences: { 'com.tldraw.store': 'five' } }, CURRENT),
    ).toBe('unreadable');
  });
});
