/**
 * `meshtable relay`: starts the relay in the foreground until SIGINT or SIGTERM, then shuts it
 * down cleanly (connections closed with 1001, queued writes stored and flushed, LevelDB closed)
 * and exits 0. Settings come from flags, MESHTABLE_* variables and `--config` (relayConfig.ts).
 */
import { readFile } from 'node:fs/promises';
import { type Relay, startRelay } from '@meshtable/relay';
import { relayArgOptions, relayHelp, resolveRelayConfig } from './relayConfig';
import { parseOrExplain, UsageError } from './usage';

/**
 * Runs `meshtable relay` with its arguments; resolves with the exit code after shutdown.
 * @param onStarted called once the relay listens (bin/meshtable.js uses it to end start-up's
 *   hold on the young generation's growth)
 */
export async function runRelayCommand(
  argv: string[],
  onStarted: () => void = () => {},
): Promise<number> {
  const help = relayHelp();
  const { values, positionals } = parseOrExplain(argv, help, relayArgOptions());
  if (positionals.length > 0) {
    throw new UsageError(`meshtable relay takes no arguments, got "${positionals[0]}"\n\n${help}`);
  }
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const { options, tlsFiles } = await resolveRelayConfig(values, process.env);
  if (tlsFiles) {
    options.tls = {
      cert: await readPem(tlsFiles.cert, '--tls-cert'),
      key: await readPem(tlsFiles.key, '--tls-key'),
    };
  }
  let relay: Relay;
  try {
    relay = await startRelay(options);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'RELAY_INVALID_OPTIONS') {
      throw new UsageError(`${(error as Error).message} (see meshtable relay --help)`);
    }
    throw error;
  }
  onStarted();
  const certificate = relay.selfSignedCertificate;
  if (certificate) {
    console.log(
      `Self-signed certificate ${certificate.madeBecause ? `made now (${certificate.madeBecause})` : 'reused'}: ${certificate.certPath}`,
    );
    console.log(`  for ${certificate.names.join(', ')}`);
    console.log(`  SHA-256 fingerprint ${certificate.fingerprint256}`);
    console.log('  Browsers warn once per device: check that they show this fingerprint.');
  }
  if (relay.cluster) {
    console.log(
      `Sharing rooms with the other relays on Redis ${relay.cluster.redis} (instance ${relay.cluster.instance}).`,
    );
  }
  // Last, so that whoever waits for this line has everything above it too.
  console.log(`Meshtable relay on ${browsableUrl(relay.url)}/ (data in ${relay.dataDir})`);
  if (browsableUrl(relay.url) !== relay.url)
    console.log(`Listening on every interface (${relay.url}).`);

  return new Promise<number>((done) => {
    let stoppingSince = 0;
    const stop = (signal: string) => {
      if (stoppingSince > 0) {
        // Ctrl-C in a terminal signals the whole process group, so under `npm start` the relay
        // hears it twice at once: that duplicate is ignored. A later one cuts a hung shutdown.
        if (Date.now() - stoppingSince < 1000) return;
        console.error(`${signal} again: exiting without a clean shutdown`);
        process.exit(1);
      }
      stoppingSince = Date.now();
      console.log(`${signal}: stopping the relay`);
      relay.close().then(
        () => {
          console.log('Relay stopped: every update stored and flushed.');
          done(0);
        },
        (error: unknown) => {
          console.error(`meshtable: error while stopping: ${String(error)}`);
          done(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
}

/** The address to open in a browser: a relay on every interface is reachable on loopback. */
function browsableUrl(url: string): string {
  return url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
}

async function readPem(path: string, flag: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${path}: ${(error as Error).message}`);
  }
}
