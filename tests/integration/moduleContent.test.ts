/**
 * Every module in modules/ against the data formats and its own rules: the manifest and the
 * data files are valid, a new actor of each sheet (from `defaults`) derives every value its
 * sheet shows, and every roll button resolves to valid dice; so does an actor made from each
 * compendium entry. A new module folder is picked up on its own: no list to update.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ITEM_TYPE } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MODULES = fileURLToPath(new URL('../../modules/', import.meta.url));
/** Every folder of modules/ (files such as README.md are not modules). */
const FOLDERS = readdirSync(MODULES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
  .map((entry) => entry.name)
  .sort();

it('finds the modules, the template among them', () => {
  expect(FOLDERS).toContain('template');
});

describe.each(FOLDERS)('modules/%s', (folder) => {
  const dir = join(MODULES, folder);
  let rules: ModuleHarness;

  beforeAll(async () => {
    // A folder of modules/ that is not a module (yet) fails here, in every test below.
    expect(existsSync(join(dir, 'module.json')), `modules/${folder} has no module.json`).toBe(true);
    // The load checks the manifest, the hash limits and every sheet, compendium file and
    // reference page against its format; an unfit module fails with the reasons.
    rules = await loadModule(dir);
  });
  afterAll(() => rules?.close());

  it('has a valid manifest whose id is its folder, and loads with its data files', () => {
    expect(rules.manifest.id).toBe(folder);
    expect(Object.keys(rules.sheets)).toEqual(Object.keys(rules.manifest.sheets ?? {}));
    expect(Object.keys(rules.compendium)).toEqual(Object.keys(rules.manifest.compendium ?? {}));
  });

  it('derives a new actor of each sheet, giving every value the sheet shows; every roll resolves', async () => {
    for (const actorType of Object.keys(rules.sheets)) {
      // checkSheet derives the actor made from the sheet's defaults and throws a SheetCheckError
      // listing every missing derived path, unresolved @path and invalid notation.
      const { rolls } = await rules.checkSheet(actorType);
      for (const roll of rolls) expect(roll.notation).not.toContain('@');
    }
  });

  it('derives an actor of every compendium entry, which fits its sheet the same way', async () => {
    for (const [name, compendium] of Object.entries(rules.compendium)) {
      for (const entry of compendium.entries) {
        if (entry.type === ITEM_TYPE) continue;
        const actor = rules.newActor(entry.type, {
          id: entry.id,
          name: entry.name,
          data: entry.data,
        });
        await rules.checkSheet(entry.type, actor).catch((error: Error) => {
          throw new Error(`compendium ${name}, entry "${entry.id}": ${error.message}`);
        });
      }
    }
  });
});
