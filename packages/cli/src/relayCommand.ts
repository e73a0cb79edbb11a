/**
 * `meshtable relay`: starts the relay in the foreground until SIGINT or SIGTERM.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type LogLevel, RELAY_DEFAULTS, type RelayOptions, startRelay } from '@meshtable/relay';
import { UsageError } from './usage';

const HELP = `Usage: meshtable relay [options]

Options:
  --host H                 interface to listen on (default ${RELAY_DEFAULTS.host})
  --port P                 port, 0 for any free one (default ${RELAY_DEFAULTS.port})
  --data DIR               data directory: LevelDB and assets (default ${RELAY_DEFAULTS.dataDir})
  --max-asset-mb N         largest asset PUT /assets/<sha256> accepts, in MiB (default ${mib(RELAY_DEFAULTS.maxAssetBytes)})
  --max-json-asset-mb N    largest JSON asset (Universal VTT map), in MiB (default ${mib(RELAY_DEFAULTS.maxJsonAssetBytes)})
  --asset-quota-mb N       asset storage per room, in MiB; an asset two rooms store counts
                           in each (default ${mib(RELAY_DEFAULTS.assetQuotaBytesPerRoom)})
  --redis URL              join a cluster of relays through Redis (not available yet)
  --tls-cert F --tls-key F serve HTTPS and WSS with this PEM certificate and key
  --tldraw-license-key K   tldraw license key for the web app (or MESHTABLE_TLDRAW_LICENSE_KEY)
  --web DIR                serve this built web app instead of apps/web/dist
  --log-level L            debug, info, warn, error or silent (default info)
`;

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** Runs `meshtable relay` with its arguments; resolves with the exit code after shutdown. */
export async function runRelayCommand(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse(argv));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${HELP}`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const options = await toRelayOptions(values);
  const relay = await startRelay(options);
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
        () => done(0),
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

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      'max-asset-mb': { type: 'string' },
      'max-json-asset-mb': { type: 'string' },
      'asset-quota-mb': { type: 'string' },
      redis: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tldraw-license-key': { type: 'string' },
      web: { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

async function toRelayOptions(values: ReturnType<typeof parse>['values']): Promise<RelayOptions> {
  const options: RelayOptions = {};
  if (values.host !== undefined) options.host = values.host;
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UsageError(`--port must be a whole number from 0 to 65535, not "${values.port}"`);
    }
    options.port = port;
  }
  if (values.data !== undefined) options.dataDir = values.data;
  if (values['max-asset-mb'] !== undefined) {
    options.maxAssetBytes = mebibytes('--max-asset-mb', values['max-asset-mb']);
  }
  if (values['max-json-asset-mb'] !== undefined) {
    options.maxJsonAssetBytes = mebibytes('--max-json-asset-mb', values['max-json-asset-mb']);
  }
  if (values['asset-quota-mb'] !== undefined) {
    options.assetQuotaBytesPerRoom = mebibytes('--asset-quota-mb', values['asset-quota-mb']);
  }
  if (values.web !== undefined) options.webDir = values.web;
  if (values.redis !== undefined) {
    throw new UsageError(
      '--redis: relays cannot share rooms through Redis yet (scale-out is a planned feature)',
    );
  }
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together');
  }
  if (values['tls-cert'] !== undefined && values['tls-key'] !== undefined) {
    options.tls = {
      cert: await readPem(values['tls-cert'], '--tls-cert'),
      key: await readPem(values['tls-key'], '--tls-key'),
    };
  }
  const licenseKey = values['tldraw-license-key'] ?? process.env.MESHTABLE_TLDRAW_LICENSE_KEY;
  if (licenseKey) options.tldrawLicenseKey = licenseKey;
  if (values['log-level'] !== undefined) {
    const level = values['log-level'] as LogLevel;
    if (!LOG_LEVELS.includes(level)) {
      throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
    }
    options.logLevel = level;
  }
  return options;
}

/** A size given in MiB (fractions allowed: 0.5 is 512 KiB), in bytes. */
function mebibytes(flag: string, text: string): number {
  const value = Number(text);
  const bytes = Math.round(value * 1024 * 1024);
  if (text.trim() === '' || !Number.isFinite(value) || bytes < 1) {
    throw new UsageError(`${flag} must be a positive number of MiB, not "${text}"`);
  }
  return bytes;
}

/** Bytes in MiB, for the help text. */
function mib(bytes: number): number {
  return bytes / 1024 / 1024;
}

async function readPem(path: string, flag: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${path}: ${(error as Error).message}`);
  }
}
