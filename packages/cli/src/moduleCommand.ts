/**
 * `meshtable module check|call`: a module author's loop in the terminal. Both load the module
 * folder exactly as a campaign does (manifest, file hash, optional pin, SES compartment in a
 * sandbox worker with its watchdog), so what passes here passes at the table.
 *
 * Output contract (DESIGN.md §6): `call` prints one JSON line on stdout and nothing else there;
 * what the module logs, and the seed of an unseeded call, go to stderr. Exit codes: 0 success,
 * 2 a usage error, 3 the module failed (the error's code says how).
 */
import { parseSeedHex, seedToHex } from '@meshtable/dice';
import {
  createModuleBundle,
  HOOK_ARITY,
  HOOK_NAMES,
  type HookArgs,
  type HookName,
  isHookName,
  MAX_CALL_TIMEOUT_MS,
  Sandbox,
  SandboxError,
  type SandboxModule,
} from '@meshtable/sandbox';
import { nodeWorkerLauncher, readModuleDir } from '@meshtable/sandbox/node';
import type { ModuleContent } from '@meshtable/schema';
import { checkContentFiles } from './moduleContentFiles';
import { parseOrExplain, runSubcommand, UsageError } from './usage';

/** The exit code of a module that failed to load or whose call failed. */
export const MODULE_FAILED_EXIT_CODE = 3;

/** What each hook's JSON array holds, for help and usage messages. */
const HOOK_PARAMETERS: Readonly<Record<HookName, string>> = {
  derive: 'actor',
  roll: 'request',
  initiative: 'actor',
  validate: 'intent, state',
  apply: 'intent, state',
  command: 'name, input',
};

const HELP = `Usage: meshtable module <check|call> …

Commands:
  check <dir>                     validate the module's files and load the entry in the sandbox
  call <dir> <hook> '<json args>' run one hook in the sandbox and print its result as JSON

Exit codes: 0 success, 2 a usage error, 3 the module failed (the error's code says how).
Run "meshtable module <check|call> --help" for their options.
`;

const CHECK_HELP = `Usage: meshtable module check <dir> [--pin SHA256] [--json]

Validates the module folder (module.json, the files it names, sizes), checks its sheets,
compendium files and reference pages against their formats, hashes its files, loads the entry
in the sandbox and lists the hooks, chat commands and data files.

Options:
  --pin SHA256   refuse the module unless its files hash to this (as a campaign pins it)
  --json         print {"ok":true,"id","version","hash","hooks","commands","sheets",
                 "compendium","reference"}, or
                 {"ok":false,"error":{"code","message"}}

Exit codes: 0 the module is fit to load, 3 it is not (the message says why).
`;

const CALL_HELP = `Usage: meshtable module call <dir> <hook> '<json array of args>' [options]

Runs one hook in the sandbox, as the GM's validator would, and prints one line on stdout:
{"ok":true,"value":…} (exit 0) or {"ok":false,"error":{"code","message"}} (exit 3).
Lines the module logs with ctx.log go to stderr, prefixed with the module's id.

Hooks and their arguments (the sandbox appends ctx):
${HOOK_NAMES.map((hook) => `  ${hook.padEnd(11)} [${HOOK_PARAMETERS[hook]}]`).join('\n')}

Options:
  --seed HEX        the dice seed in hex (default: a random one, printed on stderr so that
                    the call can be repeated)
  --timeout-ms N    the call's budget, 1 to ${MAX_CALL_TIMEOUT_MS} (default: the manifest's budgetMs, else 250)
  --pin SHA256      refuse the module unless its files hash to this

Example:
  meshtable module call modules/template roll '[{"notation":"1d20+3","mode":"advantage"}]' --seed c0ffee
`;

/** Runs `meshtable module …`; resolves with the exit code. */
export async function runModuleCommand(argv: string[]): Promise<number> {
  return await runSubcommand('module', argv, { check: runCheck, call: runCall }, HELP);
}

async function runCheck(argv: string[]): Promise<number> {
  const { values, positionals } = parseOrExplain(argv, CHECK_HELP, {
    pin: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(CHECK_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(`module check takes one folder\n\n${CHECK_HELP}`);
  }
  const dir = positionals[0] as string;
  const pin = checkPin(values.pin);

  const sandbox = new Sandbox({ launch: nodeWorkerLauncher() });
  try {
    const files = await readModuleDir(dir);
    const bundle = createModuleBundle(files, { pin });
    const content = checkContentFiles(bundle);
    const module = await sandbox.load(bundle);
    const { id, version, name } = module.manifest;
    const summary = summarizeContent(content);
    if (values.json) {
      printLine({
        ok: true,
        id,
        version,
        hash: module.hash,
        hooks: module.hooks,
        commands: module.commands,
        ...summary,
      });
    } else {
      const commands = module.commands.map(
        ({ name: command, description }) =>
          `/${command}${description === '' ? '' : `: ${description}`}`,
      );
      const list = (items: readonly string[], separator = ', ') =>
        items.length === 0 ? '(none)' : items.join(separator);
      const compendium = summary.compendium.map(
        ({ name: file, entries }) => `${file} (${entries} ${entries === 1 ? 'entry' : 'entries'})`,
      );
      process.stdout.write(
        `${id} ${version} (${name}): ok\n` +
          `  hash        ${module.hash}\n` +
          `  hooks       ${list(module.hooks)}\n` +
          `  commands    ${list(commands, `\n${' '.repeat(14)}`)}\n` +
          `  sheets      ${list(summary.sheets)}\n` +
          `  compendium  ${list(compendium)}\n` +
          `  reference   ${list(summary.reference)}\n`,
      );
    }
    return 0;
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    if (values.json) printLine({ ok: false, error });
    else process.stderr.write(`meshtable: ${dir}: ${error.code}: ${error.message}\n`);
    return MODULE_FAILED_EXIT_CODE;
  } finally {
    sandbox.close();
  }
}

async function runCall(argv: string[]): Promise<number> {
  const { values, positionals } = parseOrExplain(argv, CALL_HELP, {
    seed: { type: 'string' },
    'timeout-ms': { type: 'string' },
    pin: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(CALL_HELP);
    return 0;
  }
  if (positionals.length !== 3) {
    throw new UsageError(
      `module call takes a folder, a hook and a JSON array of arguments\n\n${CALL_HELP}`,
    );
  }
  const [dir, hook, argsJson] = positionals as [string, string, string];
  if (!isHookName(hook)) {
    throw new UsageError(`unknown hook "${hook}": the hooks are ${HOOK_NAMES.join(', ')}`);
  }
  const args = parseHookArgs(hook, argsJson);
  const timeoutMs = checkTimeout(values['timeout-ms']);
  const pin = checkPin(values.pin);

  // Without --seed the call still gets dice, from a random seed that is printed. A user who
  // runs `module call … roll '[…]'` expects dice to roll, as `meshtable roll` does without a
  // seed, and at the table the GM's validator gives every ruling a roll seed: failing with "no
  // dice seed" would test a situation players never meet. Printing the seed (on stderr, so
  // stdout stays one JSON line) makes any surprising result reproducible with --seed.
  let seed: string;
  if (values.seed === undefined) {
    seed = seedToHex(crypto.getRandomValues(new Uint8Array(32)));
    process.stderr.write(
      `meshtable: a random dice seed; to repeat this call, add --seed ${seed}\n`,
    );
  } else {
    try {
      seed = seedToHex(parseSeedHex(values.seed));
    } catch (error) {
      throw new UsageError(`--seed: ${(error as Error).message}`);
    }
  }

  const sandbox = new Sandbox({ launch: nodeWorkerLauncher() });
  try {
    let module: SandboxModule;
    try {
      module = await loadModule(sandbox, dir, pin);
    } catch (error) {
      if (!(error instanceof SandboxError)) throw error;
      printLine({ ok: false, error });
      return MODULE_FAILED_EXIT_CODE;
    }
    const outcome = await module.call(hook, args, { seed, timeoutMs });
    const prefix = `[${module.manifest.id}] `;
    for (const line of outcome.logs) process.stderr.write(`${prefix}${line}\n`);
    if (outcome.ok) {
      printLine({ ok: true, value: outcome.value });
      return 0;
    }
    printLine({ ok: false, error: outcome.error });
    return MODULE_FAILED_EXIT_CODE;
  } finally {
    // Ends the worker whatever the module left behind (a loop, queued promises), so the
    // process exits on its own.
    sandbox.close();
  }
}

/** Reads the folder, checks manifest, sizes and pin, and loads the entry into `sandbox`. */
async function loadModule(
  sandbox: Sandbox,
  dir: string,
  pin: string | undefined,
): Promise<SandboxModule> {
  // `call` runs a hook: the data files do not matter to it, and an author mid-way through a
  // sheet can still try the rules. `check` checks them.
  return await sandbox.load(createModuleBundle(await readModuleDir(dir), { pin }));
}

/** What `check` lists of the data files: actor types, compendium files with their sizes, pages. */
function summarizeContent(content: ModuleContent) {
  return {
    sheets: Object.keys(content.sheets),
    compendium: Object.entries(content.compendium).map(([name, file]) => ({
      name,
      entries: file.entries.length,
    })),
    reference: Object.keys(content.reference),
  };
}

function parseHookArgs<H extends HookName>(hook: H, json: string): HookArgs[H] {
  const arity = HOOK_ARITY[hook];
  const expected = `${hook} takes a JSON array of ${arity} argument${arity === 1 ? '' : 's'}: [${HOOK_PARAMETERS[hook]}]`;
  let args: unknown;
  try {
    args = JSON.parse(json);
  } catch (error) {
    throw new UsageError(`the arguments are not JSON (${(error as Error).message}); ${expected}`);
  }
  if (!Array.isArray(args) || args.length !== arity) {
    const got = Array.isArray(args) ? `an array of ${args.length}` : describeJson(args);
    throw new UsageError(`${expected}; got ${got}`);
  }
  return args as HookArgs[H];
}

function checkTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const timeoutMs = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!(timeoutMs >= 1 && timeoutMs <= MAX_CALL_TIMEOUT_MS)) {
    throw new UsageError(`--timeout-ms must be a whole number from 1 to ${MAX_CALL_TIMEOUT_MS}`);
  }
  return timeoutMs;
}

function checkPin(pin: string | undefined): string | undefined {
  if (pin !== undefined && !/^[0-9a-fA-F]{64}$/.test(pin)) {
    throw new UsageError('--pin must be a SHA-256 in hex (64 digits)');
  }
  return pin;
}

/** Prints one JSON line on stdout: the whole of what `module call` says there. */
function printLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
