import { createModuleBundle, moduleFilesFromText } from '@meshtable/sandbox';
import { describe, expect, it } from 'vitest';
import type { GameSystem } from './gameSystems';
import { loadCampaignRules } from './loadCampaignRules';
import { pinSystem } from './pinSystem';

const FILES = {
  'module.json': JSON.stringify({
    id: 'mini',
    name: 'Mini',
    version: '1.0.0',
    api: 1,
    entry: 'rules.js',
  }),
  'rules.js': 'exports.derive = () => ({ hp: 1 });',
};
const MINI: GameSystem = {
  id: 'mini',
  name: 'Mini',
  version: '1.0.0',
  description: null,
  load: async () => FILES,
};
const HASH = createModuleBundle(moduleFilesFromText(FILES)).hash;

/** Fails the test if a sandbox is started: the checks before it must decide. */
const noWorker = () => {
  throw new Error('no sandbox should start');
};

describe('loading a campaign’s rules', () => {
  it('pins a bundled system by the hash of its files', async () => {
    expect(await pinSystem(MINI)).toEqual({ id: 'mini', version: '1.0.0', sha256: HASH });
  });

  it('says so, without starting a sandbox, when the files are not the pinned ones', async () => {
    const loaded = await loadCampaignRules(
      { id: 'mini', version: '1.0.0', sha256: 'ab'.repeat(32) },
      [MINI],
      noWorker,
    );
    expect(loaded).toEqual({
      ok: false,
      problem: expect.stringMatching(
        /pins “mini” 1\.0\.0 with other files than this build carries/,
      ),
    });
  });

  it('says so when this build does not carry the system at all', async () => {
    const loaded = await loadCampaignRules(
      { id: 'srd5e', version: '2.0.0', sha256: HASH },
      [MINI],
      noWorker,
    );
    expect(loaded).toEqual({
      ok: false,
      problem: expect.stringMatching(/“srd5e” 2\.0\.0, a game system this build .* does not carry/),
    });
  });

  it('says so when the system’s files will not load', async () => {
    const broken: GameSystem = { ...MINI, load: () => Promise.reject(new Error('chunk missing')) };
    const loaded = await loadCampaignRules(
      { id: 'mini', version: '1.0.0', sha256: HASH },
      [broken],
      noWorker,
    );
    expect(loaded).toEqual({ ok: false, problem: expect.stringMatching(/chunk missing/) });
  });
});
