/**
 * `meshtable roll "<notation>" [--seed HEX] [--repeat N] [--json]`: rolls dice in the terminal.
 * With a seed the result is reproducible (the same seed gives the same dice everywhere); with
 * --repeat the rolls draw one after another from the same stream.
 */
import { parseArgs } from 'node:util';
import {
  createSeededDice,
  DiceNotationError,
  DiceStreamError,
  parseSeedHex,
  type RollResult,
  rollWith,
  seedToHex,
} from '@meshtable/dice';
import { UsageError } from './usage';

const HELP = `Usage: meshtable roll "<notation>" [--seed HEX] [--repeat N] [--json]

Rolls dice in the Roll20 / rpg-dice-roller notation, e.g. "4d6kh3", "1d20+5", "8d6>=5", "3d6!".
A notation that starts with "-" goes after "--": meshtable roll -- "-1d6+5".

Options:
  --seed HEX     a seed in hex (32 bytes = 64 digits are used as they are, other lengths are
                 hashed): the same seed gives the same dice (default: random)
  --repeat N     roll N times from the same seed's stream (1 to ${100_000})
  --json         print {"notation","total","rolls",…} (an array of them with --repeat)
`;

const MAX_REPEAT = 100_000;

/** Runs `meshtable roll`; resolves with the exit code. */
export async function runRollCommand(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${HELP}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(`roll takes one notation (quote it if it has spaces)\n\n${HELP}`);
  }
  const notation = positionals[0] as string;
  const repeat = values.repeat === undefined ? 1 : Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > MAX_REPEAT) {
    throw new UsageError(`--repeat must be a whole number from 1 to ${MAX_REPEAT}`);
  }
  let seed: Uint8Array;
  try {
    seed =
      values.seed === undefined
        ? crypto.getRandomValues(new Uint8Array(32))
        : parseSeedHex(values.seed);
  } catch (error) {
    if (error instanceof DiceStreamError) throw new UsageError(`--seed: ${error.message}`);
    throw error;
  }

  const source = createSeededDice(seed);
  const results: RollResult[] = [];
  try {
    for (let i = 0; i < repeat; i++) results.push(rollWith(notation, source));
  } catch (error) {
    if (!(error instanceof DiceNotationError)) throw error;
    process.stderr.write(
      `meshtable: ${error.message}\n  ${notation}\n  ${' '.repeat(error.index)}^\n`,
    );
    return 2;
  }

  if (values.json) {
    const hex = seedToHex(seed);
    const json = results.map((result) => ({ ...result, seed: hex }));
    process.stdout.write(
      `${JSON.stringify(repeat === 1 && values.repeat === undefined ? json[0] : json)}\n`,
    );
  } else {
    process.stdout.write(`${results.map((result) => result.text).join('\n')}\n`);
  }
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      seed: { type: 'string' },
      repeat: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
