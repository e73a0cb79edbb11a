/**
 * `meshtable module check|call` through the real binary, on the modules in tests/fixtures/modules:
 * the exact stdout (one JSON line for `call`), stderr and exit code of each outcome, and that the
 * process ends on its own whatever the module does.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashModuleFiles } from '@meshtable/sandbox';
import { readModuleDir } from '@meshtable/sandbox/node';
import { afterAll, describe, expect, it } from 'vitest';
import { runMeshtable } from '../support/meshtableCli';

const FIXTURES = fileURLToPath(new URL('../fixtures/modules/', import.meta.url));
const SEED = 'c0ffee';
/** A module process that has not exited by then is stuck: it is killed and the test fails. */
const EXIT_DEADLINE_MS = 45_000;

/** Runs `meshtable module …` and resolves once the process has exited on its own. */
const meshtableModule = (...args: string[]) =>
  runMeshtable(['module', ...args], { deadlineMs: EXIT_DEADLINE_MS });

const fixture = (name: string) => join(FIXTURES, name);
const line = (value: unknown) => `${JSON.stringify(value)}\n`;
const failure = (code: string, message: string) => line({ ok: false, error: { code, message } });

const scratch: string[] = [];
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

describe('meshtable module check', () => {
  it('prints id, version, hash, hooks and commands of a good module', async () => {
    const hash = hashModuleFiles(await readModuleDir(fixture('good')));
    expect(await meshtableModule('check', fixture('good'))).toEqual({
      code: 0,
      stdout:
        'good 1.2.3 (Good Fixture): ok\n' +
        `  hash        ${hash}\n` +
        '  hooks       derive, roll, initiative, validate, apply, command\n' +
        '  commands    /greet: Says hello: /greet <name>\n' +
        '  sheets      character\n' +
        '  compendium  (none)\n' +
        '  reference   (none)\n',
      stderr: '',
    });
    expect(await meshtableModule('check', fixture('good'), '--json')).toEqual({
      code: 0,
      stdout: line({
        ok: true,
        id: 'good',
        version: '1.2.3',
        hash,
        hooks: ['derive', 'roll', 'initiative', 'validate', 'apply', 'command'],
        commands: [{ name: 'greet', description: 'Says hello: /greet <name>' }],
        sheets: ['character'],
        compendium: [],
        reference: [],
      }),
      stderr: '',
    });
  });

  it('accepts the right pin and refuses any other with MODULE_HASH_MISMATCH, exit 3', async () => {
    const hash = hashModuleFiles(await readModuleDir(fixture('good')));
    const pinned = await meshtableModule('check', fixture('good'), '--pin', hash.toUpperCase());
    expect(pinned.code).toBe(0);
    const wrong = 'ab'.repeat(32);
    expect(await meshtableModule('check', fixture('good'), '--pin', wrong, '--json')).toEqual({
      code: 3,
      stdout: failure(
        'MODULE_HASH_MISMATCH',
        `module "good" 1.2.3 hashes to ${hash}, but ${wrong} was pinned: its files changed`,
      ),
      stderr: '',
    });
  });

  it('names every mistake of a broken manifest, readable on stderr or as JSON, exit 3', async () => {
    const message =
      'module.json: id: must be 1 to 64 of a-z, 0-9 and "-", not starting with "-"; ' +
      'version: must be a semantic version such as 1.0.0; unknown field: colour';
    const dir = fixture('broken-manifest');
    expect(await meshtableModule('check', dir)).toEqual({
      code: 3,
      stdout: '',
      stderr: `meshtable: ${dir}: MODULE_INVALID_MANIFEST: ${message}\n`,
    });
    expect(await meshtableModule('check', dir, '--json')).toEqual({
      code: 3,
      stdout: failure('MODULE_INVALID_MANIFEST', message),
      stderr: '',
    });
  });

  it('refuses a character sheet that is not JSON, naming the manifest field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshtable-module-'));
    scratch.push(dir);
    await cp(fixture('good'), dir, { recursive: true });
    await writeFile(join(dir, 'sheets/character.json'), '{ "title": "Character", }');
    const result = await meshtableModule('check', dir, '--json');
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      error: {
        code: 'MODULE_INVALID_MANIFEST',
        message: expect.stringMatching(
          /^module\.json: sheets\.character: "sheets\/character\.json" is not valid JSON: /,
        ),
      },
    });
  });

  it('reports a folder that does not exist as a module failure, exit 3', async () => {
    const result = await meshtableModule('check', fixture('missing'), '--json');
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).error.code).toBe('MODULE_INVALID_MANIFEST');
  });
});

describe('meshtable module call', () => {
  it('prints one JSON line with the value; the module logs go to stderr', async () => {
    const first = await meshtableModule(
      'call',
      fixture('good'),
      'roll',
      '[{"notation":"2d6+1"}]',
      '--seed',
      SEED,
      '--timeout-ms',
      '5000',
    );
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^\{"ok":true,"value":\{"total":\d+,"text":"2d6\+1: .*"\}\}\n$/);
    const { total } = JSON.parse(first.stdout).value;
    expect(first.stderr).toBe(`[good] rolled 2d6+1 = ${total}\n`);
    // The same seed gives the same dice.
    const again = await meshtableModule(
      'call',
      fixture('good'),
      'roll',
      '[{"notation":"2d6+1"}]',
      '--seed',
      SEED,
      '--timeout-ms',
      '5000',
    );
    expect(again).toEqual(first);
  });

  it('without --seed, rolls from a random seed that it prints, so the call can be repeated', async () => {
    // The budget is not what this test is about: a loaded machine must not turn it into a timeout.
    const args = [
      'call',
      fixture('good'),
      'initiative',
      '[{"data":{"agility":3}}]',
      '--timeout-ms',
      '5000',
    ];
    const unseeded = await meshtableModule(...args);
    expect(unseeded.code).toBe(0);
    const seed = unseeded.stderr.match(
      /^meshtable: a random dice seed; to repeat this call, add --seed ([0-9a-f]{64})\n$/,
    )?.[1];
    expect(seed).toBeDefined();
    const repeated = await meshtableModule(...args, '--seed', seed as string);
    expect(repeated).toEqual({ code: 0, stdout: unseeded.stdout, stderr: '' });
  });

  it('runs validate, apply, derive and a chat command with their checked results', async () => {
    const dir = fixture('good');
    const state = JSON.stringify({ tokens: { t1: { x: 0, y: 0 } } });
    const move = JSON.stringify({ id: 'i1', kind: 'move', payload: { tokenId: 't1', x: 4 } });
    const call = (hook: string, args: string) =>
      meshtableModule('call', dir, hook, args, '--seed', SEED);

    expect(await call('validate', `[${move}, ${state}]`)).toEqual({
      code: 0,
      stdout: line({ ok: true, value: { ok: true } }),
      stderr: '',
    });
    expect((await call('validate', `[{"kind":"fly"}, ${state}]`)).stdout).toBe(
      line({ ok: true, value: { ok: false, reason: 'unknown intent "fly"' } }),
    );
    expect((await call('apply', `[${move}, ${state}]`)).stdout).toBe(
      line({
        ok: true,
        value: [{ op: 'set', collection: 'tokens', id: 't1', path: ['x'], value: 4 }],
      }),
    );
    expect((await call('derive', '[{"data":{"level":2}}]')).stdout).toBe(
      line({ ok: true, value: { maxHp: 20 } }),
    );
    expect((await call('command', '["greet", {"text":"Ana"}]')).stdout).toBe(
      line({ ok: true, value: { message: 'Hello, Ana!' } }),
    );
  });

  it('ends an infinite loop with MODULE_TIMEOUT, exit 3, and exits on its own', async () => {
    expect(
      await meshtableModule(
        'call',
        fixture('infinite-loop'),
        'validate',
        '[{}, {}]',
        '--seed',
        SEED,
        '--timeout-ms',
        '200',
      ),
    ).toEqual({
      code: 3,
      stdout: failure(
        'MODULE_TIMEOUT',
        'infinite-loop@1.0.0 validate ran past its budget of 200 ms; the worker was stopped',
      ),
      stderr: '',
    });
  });

  it("reports a module's throw as MODULE_ERROR with its message, and keeps its logs", async () => {
    expect(
      await meshtableModule(
        'call',
        fixture('throws'),
        'validate',
        '[{"kind":"move","payload":{"tokenId":"t9"}}, {}]',
        '--seed',
        SEED,
      ),
    ).toEqual({
      code: 3,
      stdout: failure('MODULE_ERROR', 'RangeError: no token t9 on this scene'),
      stderr: '[throws] looking for token t9\n',
    });
  });

  it('reports a result that breaks the hook schema as MODULE_INVALID_OUTPUT', async () => {
    const call = (hook: string) =>
      meshtableModule('call', fixture('bad-result'), hook, '[{}, {}]', '--seed', SEED);
    expect(await call('apply')).toEqual({
      code: 3,
      stdout: failure(
        'MODULE_INVALID_OUTPUT',
        'bad-result@1.0.0 apply: result.0.collection: Invalid option: expected one of "scenes"|"tokens"|"actors"|"handouts"|"combat"',
      ),
      stderr: '',
    });
    const validate = await call('validate');
    expect(validate.code).toBe(3);
    expect(JSON.parse(validate.stdout).error).toMatchObject({
      code: 'MODULE_INVALID_OUTPUT',
      message:
        'bad-result@1.0.0 validate: result.ok: must be { ok: true } or { ok: false, reason: "…" }',
    });
  });

  it('reports a hook or command the module lacks as MODULE_NO_SUCH_HOOK, exit 3', async () => {
    expect(
      await meshtableModule('call', fixture('throws'), 'derive', '[{}]', '--seed', SEED),
    ).toEqual({
      code: 3,
      stdout: failure('MODULE_NO_SUCH_HOOK', 'throws@1.0.0 does not export derive'),
      stderr: '',
    });
    const shout = await meshtableModule(
      'call',
      fixture('good'),
      'command',
      '["shout", {"text":"hey"}]',
      '--seed',
      SEED,
    );
    expect(shout.stdout).toBe(failure('MODULE_NO_SUCH_HOOK', 'good@1.2.3 has no command "shout"'));
  });

  it('prints the load failure of a broken module as the JSON line, exit 3', async () => {
    const result = await meshtableModule(
      'call',
      fixture('broken-manifest'),
      'derive',
      '[{}]',
      '--seed',
      SEED,
    );
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).error.code).toBe('MODULE_INVALID_MANIFEST');
    expect(result.stdout.split('\n')).toHaveLength(2);
  });
});

describe('meshtable module call against a module that misbehaves', () => {
  const dir = fixture('escape-attempts');

  it('lets nothing a module does reach stdout, and exits despite stray promises', async () => {
    expect(await meshtableModule('call', dir, 'derive', '[{}]', '--seed', SEED)).toEqual({
      code: 0,
      stdout: line({ ok: true, value: { printedThrough: [] } }),
      stderr: '',
    });
  });

  it('ends a microtask flood with MODULE_TIMEOUT and exits', async () => {
    expect(
      await meshtableModule('call', dir, 'roll', '[{}]', '--seed', SEED, '--timeout-ms', '300'),
    ).toEqual({
      code: 3,
      stdout: failure(
        'MODULE_TIMEOUT',
        'escape-attempts@1.0.0 roll ran past its budget of 300 ms; the worker was stopped',
      ),
      stderr: '',
    });
  });

  it('ends a memory bomb with MODULE_OUT_OF_MEMORY and exits', async () => {
    // The budget is generous so that the heap limit, not the watchdog, ends the call.
    expect(
      await meshtableModule(
        'call',
        dir,
        'initiative',
        '[{}]',
        '--seed',
        SEED,
        '--timeout-ms',
        '40000',
      ),
    ).toEqual({
      code: 3,
      stdout: failure(
        'MODULE_OUT_OF_MEMORY',
        'the module ran out of memory during escape-attempts@1.0.0 initiative',
      ),
      stderr: '',
    });
  });
});

describe('meshtable module usage errors (exit 2, nothing on stdout)', () => {
  const dir = fixture('good');
  it.each([
    [
      'arguments that are not JSON',
      ['call', dir, 'validate', '[{}'],
      "meshtable: the arguments are not JSON (Expected ',' or ']' after array element in JSON at position 3); validate takes a JSON array of 2 arguments: [intent, state]\n",
    ],
    [
      'too few arguments',
      ['call', dir, 'validate', '[{}]'],
      'meshtable: validate takes a JSON array of 2 arguments: [intent, state]; got an array of 1\n',
    ],
    [
      'arguments that are not an array',
      ['call', dir, 'derive', '{}'],
      'meshtable: derive takes a JSON array of 1 argument: [actor]; got an object\n',
    ],
    [
      'an unknown hook',
      ['call', dir, 'fly', '[{}]'],
      'meshtable: unknown hook "fly": the hooks are derive, roll, initiative, validate, apply, command\n',
    ],
    [
      'a zero timeout',
      ['call', dir, 'derive', '[{}]', '--timeout-ms', '0'],
      'meshtable: --timeout-ms must be a whole number from 1 to 60000\n',
    ],
    [
      'a timeout that is not a number',
      ['call', dir, 'derive', '[{}]', '--timeout-ms', 'soon'],
      'meshtable: --timeout-ms must be a whole number from 1 to 60000\n',
    ],
    [
      'a pin that is not a SHA-256',
      ['check', dir, '--pin', 'abc'],
      'meshtable: --pin must be a SHA-256 in hex (64 digits)\n',
    ],
  ])('refuses %s', async (_name, args, stderr) => {
    expect(await meshtableModule(...args)).toEqual({ code: 2, stdout: '', stderr });
  });

  it('refuses a bad seed, a missing subcommand and an unknown option', async () => {
    const seed = await meshtableModule('call', dir, 'derive', '[{}]', '--seed', 'xyz');
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('meshtable: --seed: A seed must be');
    const bare = await meshtableModule();
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('module needs a command: check or call');
    const unknown = await meshtableModule('check', dir, '--jsn');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--jsn'");
  });
});
