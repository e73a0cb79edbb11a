import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A mistake in the command line: reported without a stack trace, exit code 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
}

/**
 * Prints why a command failed, without a stack trace.
 * @returns the exit code: 2 for a {@link UsageError}, 1 for anything else
 */
export function reportFailure(error: unknown): number {
  process.stderr.write(`meshtable: ${(error as Error).message}\n`);
  return error instanceof UsageError ? 2 : 1;
}

/**
 * Parses a subcommand's arguments strictly (unknown flags are errors, positionals allowed).
 *
 * The value after a string option is taken as its value even when it starts with "-": keys and
 * seeds are base64url or hex, and one in 64 random keys begins with "-", which node's parser
 * would otherwise refuse as an ambiguous option (`--table-key -Ab…`).
 * @throws {UsageError} with the parser's message followed by the subcommand's help
 */
export function parseOrExplain<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  help: string,
  options: O,
) {
  const args: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    const next = argv[index + 1];
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined) {
      args.push(`${arg}=${next}`);
      index++;
    } else {
      args.push(arg);
      if (arg === '--') args.push(...argv.slice(index + 1));
      if (arg === '--') break;
    }
  }
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${help}`);
  }
}

/**
 * Runs the subcommand `argv[0]` of a command from `subcommands` with the remaining arguments;
 * prints `help` for `help`, `--help` or `-h`.
 * @throws {UsageError} for a missing or unknown subcommand, naming the ones there are
 */
export async function runSubcommand(
  command: string,
  argv: readonly string[],
  subcommands: Readonly<Record<string, (argv: string[]) => Promise<number>>>,
  help: string,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(help);
    return 0;
  }
  const names = Object.keys(subcommands);
  if (name === undefined) {
    throw new UsageError(`${command} needs a command: ${names.join(' or ')}\n\n${help}`);
  }
  const run = Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
  if (run === undefined) throw new UsageError(`unknown ${command} command "${name}"\n\n${help}`);
  return await run(rest);
}
