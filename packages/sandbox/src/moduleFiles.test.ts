import { describe, expect, it } from 'vitest';
import { SandboxError } from './errors';
import {
  createModuleBundle,
  hashModuleFiles,
  MODULE_LIMITS,
  moduleFilesFromText,
} from './moduleFiles';

const manifest = JSON.stringify({
  id: 'demo',
  name: 'Demo',
  version: '1.0.0',
  api: 1,
  entry: 'rules.js',
});
const texts = { 'module.json': manifest, 'rules.js': 'exports.derive = () => ({});' };

function bundleError(files: Parameters<typeof createModuleBundle>[0], pin?: string): SandboxError {
  try {
    createModuleBundle(files, pin === undefined ? {} : { pin });
  } catch (error) {
    if (error instanceof SandboxError) return error;
    throw error;
  }
  throw new Error('the module was accepted');
}

describe('hashModuleFiles', () => {
  it('does not depend on the order the files come in', () => {
    const forward = moduleFilesFromText(texts);
    const backward = new Map([...forward].reverse());
    expect(hashModuleFiles(backward)).toBe(hashModuleFiles(forward));
  });

  it('changes with any byte of any file, and with a renamed file', () => {
    const base = hashModuleFiles(moduleFilesFromText(texts));
    expect(
      hashModuleFiles(
        moduleFilesFromText({ ...texts, 'rules.js': 'exports.derive = () => ({ });' }),
      ),
    ).not.toBe(base);
    expect(hashModuleFiles(moduleFilesFromText({ ...texts, 'notes.md': '' }))).not.toBe(base);
    expect(
      hashModuleFiles(
        moduleFilesFromText({ 'module.json': manifest, 'rules2.js': texts['rules.js'] }),
      ),
    ).not.toBe(base);
  });

  it('cannot be fooled by moving bytes between a path and its content', () => {
    // Without length prefixes, "ab" + "c" and "a" + "bc" would hash alike.
    const one = hashModuleFiles(moduleFilesFromText({ ab: 'c' }));
    const two = hashModuleFiles(moduleFilesFromText({ a: 'bc' }));
    expect(one).not.toBe(two);
  });

  it('is pinned by a known answer (docs/modules/README.md defines it byte for byte)', () => {
    // SHA-256("meshtable module v1\0" ‖ u32be(1) ‖ "a" ‖ u32be(1) ‖ "b"), computed independently
    // with `printf 'meshtable module v1\0\0\0\0\1a\0\0\0\1b' | sha256sum`.
    expect(hashModuleFiles(moduleFilesFromText({ a: 'b' }))).toBe(KNOWN_AB);
  });
});

describe('createModuleBundle', () => {
  it('validates, hashes and decodes the entry', () => {
    const bundle = createModuleBundle(moduleFilesFromText(texts));
    expect(bundle.manifest.id).toBe('demo');
    expect(bundle.entrySource).toBe(texts['rules.js']);
    expect(bundle.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts the pinned hash in either case and refuses any other', () => {
    const { hash } = createModuleBundle(moduleFilesFromText(texts));
    expect(createModuleBundle(moduleFilesFromText(texts), { pin: hash.toUpperCase() }).hash).toBe(
      hash,
    );
    const changed = moduleFilesFromText({
      ...texts,
      'rules.js': 'exports.derive = () => ({ evil: 1 });',
    });
    const error = bundleError(changed, hash);
    expect(error.code).toBe('MODULE_HASH_MISMATCH');
    expect(error.message).toContain(hash);
  });

  it('explains a missing or broken manifest', () => {
    expect(bundleError(moduleFilesFromText({ 'rules.js': '' })).message).toContain(
      'no module.json',
    );
    expect(
      bundleError(moduleFilesFromText({ ...texts, 'module.json': '{ "id": ' })).message,
    ).toContain('not valid JSON');
  });

  it('names the manifest field whose file is missing', () => {
    const withSheet = JSON.stringify({
      ...JSON.parse(manifest),
      sheets: { character: 'sheets/character.json' },
    });
    const error = bundleError(moduleFilesFromText({ ...texts, 'module.json': withSheet }));
    expect(error.message).toContain('sheets.character');
    expect(bundleError(moduleFilesFromText({ 'module.json': manifest })).message).toContain(
      'entry',
    );
  });

  it('refuses an entry that is not UTF-8', () => {
    const files = new Map(moduleFilesFromText(texts));
    files.set('rules.js', Uint8Array.of(0xff, 0xfe, 0x00));
    expect(bundleError(files).message).toContain('not UTF-8');
  });

  it('refuses bad paths and oversized modules before hashing', () => {
    const files = new Map(moduleFilesFromText(texts));
    files.set('../escape.js', new Uint8Array(1));
    expect(bundleError(files).message).toContain('../escape.js');
    const big = new Map(moduleFilesFromText(texts));
    big.set('big.bin', new Uint8Array(MODULE_LIMITS.maxTotalBytes));
    expect(bundleError(big).message).toContain('add up to');
    const many = new Map(moduleFilesFromText(texts));
    for (let i = 0; i < MODULE_LIMITS.maxFiles; i++) many.set(`f/${i}.json`, new Uint8Array(0));
    expect(bundleError(many).message).toContain('files');
  });
});

const KNOWN_AB = '6b56a0bdf70e20202821208b8ba910485ee5f6931f55082285760f99dab9ba24';
