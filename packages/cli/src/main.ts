/**
 * Entry of the `meshtable` command: dispatches to a subcommand and turns usage errors into a
 * message and exit code 2.
 *
 * Each subcommand is imported only when it runs: the relay, which stays up for months, then does
 * not hold the sandbox, the campaign engine and the CLI's other code in memory (about 19 MB of
 * its idle RSS, docs/benchmarks.md).
 */
import { reportFailure, UsageError } from './usage';

const HELP = `Usage: meshtable <command> [options]

Commands:
  relay     start the relay (signalling, sync, storage, the web app)
  roll      roll dice: meshtable roll "4d6kh3"
  module    check a game-system module, or run one of its hooks in the sandbox:
            meshtable module check modules/template
  campaign  a campaign (both docs, its keys and its assets) to and from one file:
            meshtable campaign export <invite link> --gm-key G --out game.meshtable.jsonl

Run "meshtable <command> --help" for a command's options.
`;

/**
 * Runs the command line `argv` (without node and the script path).
 * @returns the process exit code
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'relay':
        return await (await import('./relayCommand')).runRelayCommand(rest);
      case 'roll':
        return await (await import('./rollCommand')).runRollCommand(rest);
      case 'module':
        return await (await import('./moduleCommand')).runModuleCommand(rest);
      case 'campaign':
        return await (await import('./campaignCommand')).runCampaignCommand(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"\n\n${HELP}`);
    }
  } catch (error) {
    return reportFailure(error);
  }
}
