/**
 * For the validator's tests: a one-file game-system module ("demo" 1.0.0, entry `rules.js`) loaded
 * into a real sandbox, so that each test states only the rules it needs.
 */
import { createModuleBundle, moduleFilesFromText, type Sandbox } from '@meshtable/sandbox';
import type { RulesHost } from '../validator/GmValidator';

/**
 * Loads `rules` (the source of `rules.js`) as the module "demo" into `sandbox`.
 * @returns the module's hooks, as the GM validator calls them
 */
export async function loadDemoModule(sandbox: Sandbox, rules: string): Promise<RulesHost> {
  const files = moduleFilesFromText({
    'module.json': JSON.stringify({
      id: 'demo',
      name: 'Demo',
      version: '1.0.0',
      api: 1,
      entry: 'rules.js',
    }),
    'rules.js': rules,
  });
  return await sandbox.load(createModuleBundle(files));
}
