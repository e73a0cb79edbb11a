/**
 * Starts a real relay on a free loopback port with its data in a fresh temporary folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Relay, type RelayOptions, startRelay } from '@meshtable/relay';

/** A relay for one test file, plus the means to restart it on the same data. */
export interface TempRelay {
  relay: Relay;
  dataDir: string;
  /** Closes the relay and starts a new one on the same data directory and port. */
  restart(): Promise<Relay>;
  /** Closes the relay and deletes its data. */
  dispose(): Promise<void>;
}

/** Starts a relay in a temporary data directory (silent logs unless MESHTABLE_TEST_LOG is set). */
export async function startTempRelay(options: RelayOptions = {}): Promise<TempRelay> {
  const dataDir = await mkdtemp(join(tmpdir(), 'meshtable-test-'));
  const base: RelayOptions = {
    port: 0,
    webDir: null,
    logLevel: (process.env.MESHTABLE_TEST_LOG as RelayOptions['logLevel']) ?? 'silent',
    ...options,
    dataDir,
  };
  const handle: TempRelay = {
    relay: await startRelay(base),
    dataDir,
    async restart() {
      const port = handle.relay.port;
      await handle.relay.close();
      handle.relay = await startRelay({ ...base, port });
      return handle.relay;
    },
    async dispose() {
      await handle.relay.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}
