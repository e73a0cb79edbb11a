/**
 * The harness against the real sandbox (Node workers): loading from files, folders and URLs,
 * typed hook calls, failures as errors with their code, and the determinism check.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { moduleFilesFromText } from '@meshtable/sandbox';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  DeterminismError,
  loadModule,
  loadModuleContent,
  type ModuleHarness,
  ModuleHarnessError,
  SheetCheckError,
} from './harness';
import { derivedPathsOf, type Sheet } from './index';
import type { Actor, Intent } from './types';

const MANIFEST = JSON.stringify({
  id: 'demo',
  name: 'Demo',
  version: '1.0.0',
  api: 1,
  entry: 'rules.js',
});

const RULES = `
exports.derive = (actor) => ({ maxHp: 10 + actor.data.level * 4 });
exports.roll = (request, ctx) => {
  const result = ctx.dice.roll(request.notation);
  ctx.log('rolled', result.total);
  return { total: result.total, text: result.text };
};
exports.initiative = (actor, ctx) => ctx.dice.die(20) + actor.data.level;
exports.validate = (intent) =>
  intent.kind === 'wave' ? { ok: true } : { ok: false, reason: 'only waving here' };
exports.apply = (intent, state, ctx) => {
  ctx.log('applying', intent.kind);
  if (intent.payload.crash) throw new Error('the table flipped');
  return [{ op: 'set', collection: 'actors', id: 'a1', path: ['data', 'waved'], value: true }];
};
exports.commands = {
  wave: { description: 'Waves', run: (input) => ({ message: 'waves at ' + input.text }) },
};
`;

const files = (rules: string) =>
  moduleFilesFromText({ 'module.json': MANIFEST, 'rules.js': rules });

const actor: Actor = {
  id: 'a1',
  type: 'character',
  name: 'Ana',
  owners: ['u1'],
  data: { level: 2 },
};
const wave: Intent = { id: 'i1', kind: 'wave', payload: {}, author: 'u1', seq: 1 };

const open: ModuleHarness[] = [];
afterEach(() => {
  for (const harness of open.splice(0)) harness.close();
});

async function load(rules = RULES, options = {}): Promise<ModuleHarness> {
  const harness = await loadModule(files(rules), options);
  open.push(harness);
  return harness;
}

describe('loadModule', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('loads a module folder given as a path or a file URL, with its manifest, hash and hooks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'module-sdk-'));
    dirs.push(dir);
    await writeFile(join(dir, 'module.json'), MANIFEST);
    await writeFile(join(dir, 'rules.js'), RULES);
    const byPath = await loadModule(dir);
    open.push(byPath);
    const byUrl = await loadModule(pathToFileURL(`${dir}/`));
    open.push(byUrl);
    const fromFiles = await load();
    expect(byPath.manifest).toEqual(JSON.parse(MANIFEST));
    expect(byPath.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(byUrl.hash).toBe(byPath.hash);
    expect(fromFiles.hash).toBe(byPath.hash);
    expect(byPath.hooks).toEqual(['derive', 'roll', 'initiative', 'validate', 'apply', 'command']);
    expect(byPath.commands).toEqual([{ name: 'wave', description: 'Waves' }]);
  });

  it('throws a ModuleHarnessError with the sandbox code when the module is unfit', async () => {
    const broken = await loadModule(files('exports.derive = (')).catch((e) => e);
    expect(broken).toBeInstanceOf(ModuleHarnessError);
    expect(broken).toMatchObject({ code: 'MODULE_LOAD_ERROR', hook: null });
    expect(broken.message).toMatch(
      /^cannot load the module files: MODULE_LOAD_ERROR: demo@1\.0\.0: SyntaxError: /,
    );
    await expect(loadModule(files(RULES), { pin: '00'.repeat(32) })).rejects.toMatchObject({
      code: 'MODULE_HASH_MISMATCH',
    });
    await expect(loadModule('/nonexistent/module')).rejects.toThrow(
      /^cannot load \/nonexistent\/module: MODULE_INVALID_MANIFEST: cannot read the module folder/,
    );
  });
});

describe('ModuleHarness hooks', () => {
  it('resolves each hook with its checked result', async () => {
    const rules = await load();
    expect(await rules.derive(actor)).toEqual({ maxHp: 18 });
    expect(await rules.validate(wave, {})).toEqual({ ok: true });
    expect(await rules.validate({ ...wave, kind: 'shout' }, {})).toEqual({
      ok: false,
      reason: 'only waving here',
    });
    expect(await rules.apply(wave, {})).toEqual([
      { op: 'set', collection: 'actors', id: 'a1', path: ['data', 'waved'], value: true },
    ]);
    expect(await rules.command('wave', { text: 'the table' })).toEqual({
      message: 'waves at the table',
    });
    const initiative = await rules.initiative(actor, { seed: 'ab12' });
    expect(initiative).toBeGreaterThanOrEqual(3);
    expect(initiative).toBeLessThanOrEqual(22);
  });

  it('rolls the same dice for the same seed', async () => {
    const rules = await load();
    const first = await rules.roll({ notation: '4d6kh3' }, { seed: 'c0ffee' });
    expect(await rules.roll({ notation: '4d6kh3' }, { seed: 'c0ffee' })).toEqual(first);
    expect(first.text).toMatch(/^4d6kh3: \[/);
  });

  it('rejects with the code, the hook and what the module logged when a call fails', async () => {
    const rules = await load();
    const error = await rules.apply({ ...wave, payload: { crash: true } }, {}).catch((e) => e);
    expect(error).toBeInstanceOf(ModuleHarnessError);
    expect(error).toMatchObject({ code: 'MODULE_ERROR', hook: 'apply', logs: ['applying wave'] });
    expect(error.message).toBe(
      'demo@1.0.0 apply failed with MODULE_ERROR: the table flipped\n' +
        'The module logged:\n  applying wave',
    );
    await expect(rules.roll({ notation: '1d6' })).rejects.toThrow(
      'demo@1.0.0 roll failed with MODULE_ERROR: TypeError: this call has no dice seed, so it cannot roll',
    );
  });

  it('gives the raw outcome with draws and logs through call, and passes logs to onLog', async () => {
    const lines: string[] = [];
    const rules = await load(RULES, {
      onLog: (line: string, hook: string) => lines.push(`${hook}: ${line}`),
    });
    const outcome = await rules.call('roll', [{ notation: '2d6' }], { seed: '00' });
    expect(outcome.ok).toBe(true);
    expect(outcome.draws).toHaveLength(2);
    expect(outcome.logs).toEqual([`rolled ${outcome.ok ? outcome.value.total : ''}`]);
    expect(lines).toEqual([`roll: ${outcome.logs[0]}`]);
    expect(await rules.call('validate', [wave, {}, {}] as never)).toMatchObject({
      ok: false,
      error: { code: 'MODULE_INVALID_ARGS' },
    });
  });

  it('applies the budget of loadModule to every call', async () => {
    const rules = await load('exports.derive = () => { for (;;) {} };', { timeoutMs: 100 });
    await expect(rules.derive(actor)).rejects.toThrow(
      'demo@1.0.0 derive failed with MODULE_TIMEOUT: demo@1.0.0 derive ran past its budget of 100 ms',
    );
  });

  it('refuses calls after close with SANDBOX_CLOSED', async () => {
    const rules = await load();
    rules.close();
    await expect(rules.derive(actor)).rejects.toMatchObject({ code: 'SANDBOX_CLOSED' });
  });
});

describe('ModuleHarness.checkDeterminism', () => {
  it('passes a hook that uses only its arguments and ctx, and returns its outcome', async () => {
    const rules = await load();
    const outcome = await rules.checkDeterminism('roll', [{ notation: '3d6!' }], { seed: 'beef' });
    expect(outcome.ok).toBe(true);
    expect(outcome.draws.length).toBeGreaterThanOrEqual(3);
    // Failing the same way every time is deterministic too.
    const failure = await rules.checkDeterminism(
      'apply',
      [{ ...wave, payload: { crash: true } }, {}],
      {
        seed: 'beef',
      },
    );
    expect(failure.ok).toBe(false);
  });

  it('catches a hook that counts its calls in a module-level variable', async () => {
    const rules = await load('let calls = 0;\nexports.derive = () => ({ calls: ++calls });');
    const error = await rules.checkDeterminism('derive', [actor], { seed: '00' }).catch((e) => e);
    expect(error).toBeInstanceOf(DeterminismError);
    expect(error).toMatchObject({
      hook: 'derive',
      difference: { path: 'value.calls', first: '1', second: '2' },
    });
    expect(error.message).toBe(
      'demo@1.0.0 derive is not deterministic: with the same arguments and seed, call 2 (same worker) ' +
        'gave value.calls = 2 where the first call gave 1. ' +
        'A hook may use only its arguments and ctx, and must keep nothing between calls.',
    );
  });

  it('catches a hook whose answer depends on an earlier call, through a fresh worker', async () => {
    // The first answer is cached: every later call in this worker agrees with it, but a fresh
    // worker, which never saw the earlier call, does not.
    const rules = await load(
      'let first;\nexports.derive = (actor) => { first ??= actor.data.level; return { level: first }; };',
    );
    await rules.derive({ ...actor, data: { level: 7 } });
    const error = await rules.checkDeterminism('derive', [actor], { seed: '00' }).catch((e) => e);
    expect(error).toMatchObject({ difference: { path: 'value.level', first: '7', second: '2' } });
    expect(error.message).toContain('a call in a fresh worker gave value.level = 2');
  });

  it('catches a roll whose dice differ between calls', async () => {
    // Draws a die per earlier call before the one it reports: same seed, other dice.
    const rules = await load(
      'let calls = 0;\nexports.roll = (request, ctx) => { for (let i = 0; i < calls; i++) ctx.dice.die(6); calls++; return { total: ctx.dice.die(6) }; };',
    );
    await expect(
      rules.checkDeterminism('roll', [{ notation: '1d6' }], { seed: '00', runs: 2 }),
    ).rejects.toMatchObject({
      difference: { path: expect.stringMatching(/^(value\.total|draws)/) },
    });
  });

  it('needs at least two runs', async () => {
    const rules = await load();
    await expect(
      rules.checkDeterminism('derive', [actor], { seed: '00', runs: 1 }),
    ).rejects.toThrow('runs must be 2 or more');
  });
});

describe('module content', () => {
  const SHEET = {
    format: 1,
    actorType: 'character',
    title: { field: 'name' },
    defaults: { level: 1, weapon: '1d6' },
    sections: [
      {
        title: 'Main',
        fields: [
          { label: 'Level', field: 'data.level', type: 'number', min: 1, editable: 'gm' },
          { label: 'Max HP', derived: 'maxHp' },
          {
            label: 'Weapon',
            field: 'data.weapon',
            type: 'dice',
            roll: { label: 'Damage', notation: '@data.weapon+@data.level' },
          },
        ],
      },
    ],
  };
  const BESTIARY = {
    format: 1,
    title: 'Bestiary',
    entries: [{ id: 'ogre', type: 'character', name: 'Ogre', data: { level: 4 } }],
  };
  const withContent = (sheet: unknown = SHEET, rules = RULES) =>
    moduleFilesFromText({
      'module.json': JSON.stringify({
        ...JSON.parse(MANIFEST),
        sheets: { character: 'sheets/character.json' },
        compendium: { bestiary: 'compendium/bestiary.json' },
        reference: ['reference/rules.md'],
      }),
      'rules.js': rules,
      'sheets/character.json': JSON.stringify(sheet),
      'compendium/bestiary.json': JSON.stringify(BESTIARY),
      'reference/rules.md': '# Rules\n',
    });

  it('loads the checked sheets, compendium files and reference pages', async () => {
    const rules = await loadModule(withContent());
    open.push(rules);
    expect(rules.sheets).toEqual({ character: SHEET });
    expect(rules.compendium).toEqual({ bestiary: BESTIARY });
    expect(rules.reference).toEqual({ 'reference/rules.md': '# Rules\n' });
    expect(await loadModuleContent(withContent())).toEqual({
      sheets: { character: SHEET },
      compendium: { bestiary: BESTIARY },
      reference: { 'reference/rules.md': '# Rules\n' },
    });
  });

  it('refuses to load a module whose sheet breaks the format, naming the file and the place', async () => {
    const sheet = {
      ...SHEET,
      sections: [{ title: 'Main', fields: [{ label: 'x', derived: 'a', editable: 'gm' }] }],
    };
    const error = await loadModule(withContent(sheet)).catch((e) => e);
    expect(error).toBeInstanceOf(ModuleHarnessError);
    expect(error.message).toBe(
      'cannot load the module files: MODULE_INVALID_MANIFEST: sheets/character.json: ' +
        'sections.0.fields.0.editable: a derived value is read-only: derive computes it',
    );
    await expect(loadModuleContent(withContent(sheet))).rejects.toMatchObject({
      code: 'MODULE_INVALID_MANIFEST',
    });
  });

  it('makes new actors from the defaults, with data laid over them', async () => {
    const rules = await loadModule(withContent());
    open.push(rules);
    expect(rules.newActor('character')).toEqual({
      id: 'new-character',
      type: 'character',
      name: 'New character',
      owners: [],
      data: { level: 1, weapon: '1d6' },
    });
    expect(rules.newActor('character', { id: 'o', name: 'Ogre', data: { level: 4 } }).data).toEqual(
      {
        level: 4,
        weapon: '1d6',
      },
    );
    expect(() => rules.newActor('vehicle')).toThrow(
      'the module has no "vehicle" sheet (its sheets: character)',
    );
  });

  it('checks a sheet against derive: derived paths present, rolls valid dice', async () => {
    const rules = await loadModule(withContent());
    open.push(rules);
    expect(await rules.checkSheet('character')).toEqual({
      derived: { maxHp: 14 },
      rolls: [{ at: ['sections', 0, 'fields', 2], label: 'Damage', notation: '1d6+1' }],
    });
    expect(derivedPathsOf(rules.sheets.character as Sheet)).toEqual(['maxHp']);

    const broken = await loadModule(withContent(SHEET, `exports.derive = () => ({ hp: 3 });`));
    open.push(broken);
    const badDice = broken.newActor('character', { data: { weapon: 'a sword' } });
    const error = await broken.checkSheet('character', badDice).catch((e) => e);
    expect(error).toBeInstanceOf(SheetCheckError);
    expect(error.problems).toEqual([
      `sheets/character.json: sections.0.fields.1.derived: derive's output has no "maxHp"`,
      expect.stringMatching(
        /^sheets\/character\.json: sections\.0\.fields\.2\.roll\.notation: "a sword\+1" is not valid dice: /,
      ),
    ]);
  });
});
