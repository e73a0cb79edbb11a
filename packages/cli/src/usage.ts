import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A mistake in the command line: reported without a stack trace, exit code 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
}

/**
 * Parses a subcommand's arguments strictly (unknown flags are errors, positionals allowed).
 * @throws {UsageError} with the parser's message followed by the subcommand's help
 */
export function parseOrExplain<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  help: string,
  options: O,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${help}`);
  }
}
