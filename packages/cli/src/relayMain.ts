/**
 * `meshtable relay` on its own: the entry of the relay's bundle (bin/relayBundle.js), which runs
 * it without the TypeScript loader. The relay stays up for months, and the loader alone costs
 * about 30 MB of resident memory (docs/benchmarks.md, idle RSS): the bundle is plain JavaScript
 * with Meshtable's packages inlined and third-party packages left to Node.
 */
import { runRelayCommand } from './relayCommand';
import { reportFailure } from './usage';

/**
 * Runs `meshtable relay` with `argv` (the arguments after `relay`).
 * @param onStarted called once the relay listens
 * @returns the process exit code
 */
export async function relayMain(argv: string[], onStarted?: () => void): Promise<number> {
  try {
    return await runRelayCommand(argv, onStarted);
  } catch (error) {
    return reportFailure(error);
  }
}
