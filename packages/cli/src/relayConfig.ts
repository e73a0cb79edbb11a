/**
 * Configuration of `meshtable relay`: one table of settings, each reachable as a flag, an
 * environment variable (MESHTABLE_*) and a key of an optional JSON config file (`--config`).
 * A flag beats the environment, which beats the file, which beats the relay's default. The help
 * is written from the same table (relaySettings.ts), so it cannot forget a setting.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { RelayOptions } from '@meshtable/relay';
import { KINDS, type ValueKind } from './relaySettingKinds';
import { ALL_SETTINGS, envName, fileKey, RELAY_SETTINGS, type RelaySetting } from './relaySettings';
import { UsageError } from './usage';

/** Where the help's descriptions start. */
const HELP_COLUMN = 36;

/** The text of `meshtable relay --help`. */
export function relayHelp(): string {
  const lines = [
    'Usage: meshtable relay [options]',
    '',
    'Every option is also an environment variable and a key of the JSON file given to --config',
    '(shown under each option). A flag beats the environment, which beats the file, which beats',
    'the default. Paths in the file are relative to the file. Sizes take an optional unit:',
    '65536, 64KiB, 16MiB, 1GiB.',
  ];
  const column = (usage: string, text: string) => `${usage.padEnd(HELP_COLUMN - 1)} ${text}`;
  for (const { section, settings } of RELAY_SETTINGS) {
    lines.push('', `${section}:`);
    for (const setting of settings) {
      const [first = '', ...rest] = setting.help.split('\n');
      lines.push(column(`  --${setting.flag}${setting.arg ? ` ${setting.arg}` : ''}`, first));
      for (const more of rest) lines.push(column('', more));
      const where = [`env ${envName(setting)}`];
      if (setting.flag !== 'config') where.push(`file "${fileKey(setting)}"`);
      if (setting.shownDefault !== undefined) where.push(`default ${setting.shownDefault}`);
      lines.push(column('', `(${where.join(', ')})`));
    }
  }
  lines.push('', column('  -h, --help', 'this help'), '');
  return lines.join('\n');
}

/** The `parseArgs` options of every setting. */
export function relayArgOptions() {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const setting of ALL_SETTINGS) {
    options[setting.flag] = { type: setting.kind === 'boolean' ? 'boolean' : 'string' };
  }
  return options;
}

/** Where a value came from, for messages. */
type Source =
  | { kind: 'flag'; raw: string | boolean }
  | { kind: 'env'; raw: string }
  | { kind: 'file'; raw: unknown; file: string };

/** A configuration resolved from flags, environment and file, not yet turned into options. */
export interface ResolvedRelayConfig {
  /** Options for `startRelay`. */
  options: RelayOptions;
  /** `--tls-cert` and `--tls-key`, as paths (the command reads the files). */
  tlsFiles: { cert: string; key: string } | null;
}

/**
 * Resolves the settings: flags over environment over the config file.
 * @param flags what `parseArgs` gave (strings, booleans for boolean flags)
 * @param env the environment (process.env)
 * @throws {UsageError} naming the flag, variable or file key at fault
 */
export async function resolveRelayConfig(
  flags: Readonly<Record<string, string | boolean | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ResolvedRelayConfig> {
  const configPath = (flags.config as string | undefined) ?? nonEmpty(env.MESHTABLE_CONFIG);
  const file = configPath === undefined ? null : await readConfigFile(configPath);
  const values = new Map<string, unknown>();
  for (const setting of ALL_SETTINGS) {
    if (setting.flag === 'config') continue;
    const source = sourceOf(setting, flags, env, file);
    if (!source) continue;
    values.set(setting.flag, checkValue(setting, source));
  }
  const cert = values.get('tls-cert') as string | undefined;
  const key = values.get('tls-key') as string | undefined;
  if ((cert === undefined) !== (key === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together');
  }
  if (cert !== undefined && values.get('tls-self-signed') === true) {
    throw new UsageError('--tls-self-signed and --tls-cert exclude each other: give one of them');
  }
  const options: Record<string, unknown> = {};
  for (const setting of ALL_SETTINGS) {
    if (setting.option && values.has(setting.flag)) {
      options[setting.option] = values.get(setting.flag);
    }
  }
  return {
    options: options as RelayOptions,
    tlsFiles: cert !== undefined && key !== undefined ? { cert, key } : null,
  };
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : text;
}

function sourceOf(
  setting: RelaySetting,
  flags: Readonly<Record<string, string | boolean | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
  file: { path: string; values: Record<string, unknown> } | null,
): Source | null {
  const flag = flags[setting.flag];
  if (flag !== undefined) return { kind: 'flag', raw: flag };
  const variable = nonEmpty(env[envName(setting)]);
  if (variable !== undefined) return { kind: 'env', raw: variable };
  const key = fileKey(setting);
  if (file && Object.hasOwn(file.values, key)) {
    return { kind: 'file', raw: file.values[key], file: file.path };
  }
  return null;
}

function checkValue(setting: RelaySetting, source: Source): unknown {
  const kind: ValueKind = KINDS[setting.kind];
  const value =
    source.kind === 'file' || typeof source.raw === 'boolean'
      ? source.raw
      : kind.fromText(source.raw);
  const checked = kind.check(value);
  if (checked === undefined) {
    const shown = setting.secret ? '' : `, not ${JSON.stringify(source.raw)}`;
    const name =
      source.kind === 'flag'
        ? `--${setting.flag}`
        : source.kind === 'env'
          ? envName(setting)
          : `${source.file}: "${fileKey(setting)}"`;
    throw new UsageError(`${name} must be ${kind.describes}${shown}`);
  }
  if (setting.path && source.kind === 'file')
    return resolve(dirname(source.file), checked as string);
  return checked;
}

/**
 * The keys a config file may have: every setting's camelCase name but `config`. Their values are
 * checked afterwards, each by its kind, so that a message names the key and says what it takes.
 * (Plain code rather than a zod schema: the relay then never loads zod, docs/benchmarks.md.)
 */
const CONFIG_FILE_KEYS: readonly string[] = ALL_SETTINGS.filter(
  (setting) => setting.flag !== 'config',
).map(fileKey);

async function readConfigFile(
  path: string,
): Promise<{ path: string; values: Record<string, unknown> }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--config: cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UsageError(`${path} must hold one JSON object of settings, e.g. {"port": 8080}`);
  }
  const unknown = Object.keys(json).filter((key) => !CONFIG_FILE_KEYS.includes(key));
  if (unknown.length > 0) {
    throw new UsageError(
      `${path}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((key) => `"${key}"`).join(', ')}; the keys are ${CONFIG_FILE_KEYS.join(', ')}`,
    );
  }
  return { path, values: json as Record<string, unknown> };
}
