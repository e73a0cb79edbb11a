/**
 * `meshtable campaign export|import` (DESIGN.md §6): a campaign, both docs, its keys and its
 * assets, to and from one file, through a relay's `/sync` rooms as an ordinary y-websocket
 * client and its `/assets` endpoints.
 *
 * Output contract: export writes the file (or stdout with `--out -`) and a summary; import
 * prints the invite link (and, for a copy, the new gm key), or one JSON line with `--json`.
 * Warnings (assets that are missing) and progress go to stderr, as `meshtable: …` lines.
 * Exit codes: 0 done, 2 a usage error, 3 refused (a bad file, a relay that refuses or fails, a
 * room that is empty or holds another campaign, an asset the relay refused): the message starts
 * with the error's code.
 */
import {
  type ByteSink,
  type CampaignKeys,
  CampaignTransferError,
  isCampaignKey,
  MAX_CAMPAIGN_ASSET_BYTES,
  MAX_INVITE_GMS,
  makeInviteLink,
  parseInviteLink,
} from '@meshtable/campaign';
import { RELAY_DEFAULTS } from '@meshtable/relay';
import { recordIdSchema } from '@meshtable/schema';
import { exportCampaign, type MissingAsset } from './campaign/exportCampaign';
import { stdoutSink, writeSecretFile } from './campaign/fileSinks';
import type { AssetImportReport } from './campaign/importAssets';
import { type ImportedCampaign, importCampaign } from './campaign/importCampaign';
import { readCampaignFile } from './campaign/readCampaignFile';
import { formatBytes, ProgressReport } from './campaign/transferProgress';
import { parseOrExplain, runSubcommand, UsageError } from './usage';

/** The exit code of an export or import that was refused or failed. */
export const CAMPAIGN_REFUSED_EXIT_CODE = 3;

/** How long each step waits for the relay (connect and sync, or confirm a push). */
const RELAY_TIMEOUT_MS = 30_000;

const DEFAULT_RELAY = `http://${RELAY_DEFAULTS.host}:${RELAY_DEFAULTS.port}`;

const SECRET_NOTE = `A campaign file holds the gm key and the gm doc (the dice chain's secret root, the GM's
notes): keep it as secret as the gm key itself.`;

const HELP = `Usage: meshtable campaign <export|import> …

Commands:
  export <invite link | campaign id>   read a campaign and its assets from a relay into one file
  import <file>                        push a campaign file (docs and assets) into a relay

${SECRET_NOTE}

Exit codes: 0 done, 2 a usage error, 3 refused (the message starts with its code).
Run "meshtable campaign <export|import> --help" for their options.
`;

const EXPORT_HELP = `Usage: meshtable campaign export <invite link | campaign id> --gm-key G [options]

Syncs the campaign's table room and gm room from the relay, checks that they hold the campaign
(a readable meta, the gm doc's dice chain), then fetches every asset the docs reference
(GET /assets/<sha256>) and writes one file: both docs, their keys, and the assets' bytes, each
checked against its SHA-256. Nothing on the relay is changed. (As for any client, a room that
nobody has claimed yet is claimed by the key presented: give the right keys.)

A campaign id names the table's first room. After a kick the table lives in a room of the new
key: give the current invite link, which names it.

The file is JSON Lines (format 2): a header line with the docs, the keys and the asset index,
then one line per asset. It is written as a stream, so campaigns with hundreds of MB of assets
need little memory. An asset the relay does not have (or one over ${MAX_CAMPAIGN_ASSET_BYTES / 1024 / 1024} MiB) is listed as
missing, with a warning on stderr, and the export still succeeds, unless --strict. With many
assets, progress goes to stderr.

Options:
  --table-key K   the table key (or env MESHTABLE_TABLE_KEY); an invite link carries it
  --gm-key G      the gm key (or env MESHTABLE_GM_KEY)
  --relay URL     the relay (default: the invite link's, else ${DEFAULT_RELAY})
  --out FILE      the file to write (default <campaign id>.meshtable.jsonl; - for stdout),
                  readable by its owner only; it appears only once complete
  --strict        refuse (RELAY_ASSET_MISSING, nothing written) when an asset cannot go into
                  the file, instead of listing it as missing

${SECRET_NOTE}

Exit codes: 0 written, 2 a usage error, 3 refused: RELAY_REFUSED (a wrong key),
RELAY_ROOM_EMPTY (a wrong id or relay), RELAY_ROOM_CONFLICT, RELAY_FAILED,
RELAY_ASSET_MISSING (with --strict), RELAY_ASSET_DAMAGED (the relay's copy of an asset does
not hash to its name).
`;

const IMPORT_HELP = `Usage: meshtable campaign import <file> [--relay URL] [--new-keys] [--json]

Checks the whole campaign file first (its header, and every asset's bytes against its SHA-256)
without touching the relay. Then pushes its table doc and gm doc into their rooms on the relay
(claiming them with tokens derived from the keys in the file), reads them back to confirm, and
uploads the assets the relay does not store yet into the table room (PUT /assets/<sha256>).
A room that already holds this campaign is merged with (nothing it holds is rolled back); a
room claimed with other keys, or holding another campaign, is refused. Prints the invite link.

Files of format 1 (no asset bytes) are still read: their assets are reported as missing
unless the relay has them. An asset the relay refuses (quota, size, type) makes the import
exit 3 with the relay's code, after the docs are in; the other assets are still uploaded,
unless the room's quota is full. Importing the same file again is safe: the docs merge and
assets the relay stores are skipped.

Options:
  --relay URL   the relay (default ${DEFAULT_RELAY})
  --new-keys    import a copy: a new campaign id, new keys and a fresh dice chain, printed
                with the new invite link (the copy starts at key epoch 0). It keeps members,
                records, logs and receipts as history; intents still unanswered were signed
                for the old id and will be refused, so players send them again.
  --json        print one line: {"campaignId","name","relay","inviteLink","merged","assets"},
                and "gmKey" with --new-keys; "assets" is {"uploaded","alreadyStored",
                "missing","refused"} (counts, and the names missing and refused)

${SECRET_NOTE}

Exit codes: 0 imported, 2 a usage error, 3 refused: CAMPAIGN_FILE_INVALID (the message names
the field or line), CAMPAIGN_FILE_UNSUPPORTED_VERSION, CAMPAIGN_FILE_TRUNCATED,
CAMPAIGN_FILE_LINE_TOO_LONG, CAMPAIGN_FILE_BASE64_INVALID, CAMPAIGN_FILE_ASSET_HASH_MISMATCH,
CAMPAIGN_FILE_ASSET_SIZE_MISMATCH, CAMPAIGN_FILE_ASSET_UNKNOWN, CAMPAIGN_FILE_ASSET_DUPLICATE
(all before anything is sent), RELAY_REFUSED, RELAY_ROOM_CONFLICT, RELAY_FAILED,
RELAY_ASSET_REFUSED (the docs are in; the message says what to do).
`;

/** Runs `meshtable campaign …`; resolves with the exit code. */
export async function runCampaignCommand(argv: string[]): Promise<number> {
  return await runSubcommand(
    'campaign',
    argv,
    {
      export: (rest) => refusalsExit(() => runExport(rest)),
      import: (rest) => refusalsExit(() => runImport(rest)),
    },
    HELP,
  );
}

async function runExport(argv: string[]): Promise<number> {
  const { values, positionals } = parseOrExplain(argv, EXPORT_HELP, {
    'table-key': { type: 'string' },
    'gm-key': { type: 'string' },
    relay: { type: 'string' },
    out: { type: 'string' },
    strict: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(EXPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(`campaign export takes one invite link or campaign id\n\n${EXPORT_HELP}`);
  }
  const target = readExportTarget(positionals[0] as string);
  if (
    values['table-key'] !== undefined &&
    target.tableKey !== undefined &&
    values['table-key'] !== target.tableKey
  ) {
    throw new UsageError('--table-key differs from the key in the invite link');
  }
  const tableKey = readKey(
    '--table-key',
    values['table-key'] ?? target.tableKey ?? fromEnv('MESHTABLE_TABLE_KEY'),
  );
  const gmKey = readKey('--gm-key', values['gm-key'] ?? fromEnv('MESHTABLE_GM_KEY'));
  const relayUrl = readRelayUrl(values.relay ?? target.relayUrl ?? DEFAULT_RELAY);
  const keys: CampaignKeys = { campaignId: target.campaignId, tableKey, gmKey };
  const out = values.out ?? `${keys.campaignId}.meshtable.jsonl`;

  const progress = new ProgressReport('exported', (line) => note(line));
  const exportTo = (sink: ByteSink) =>
    exportCampaign({
      relayUrl,
      keys,
      tableRoom: target.room ?? keys.campaignId,
      timeoutMs: RELAY_TIMEOUT_MS,
      sink,
      strict: values.strict === true,
      onMissing: (asset) => note(`warning: ${describeMissing(asset, relayUrl)}`),
      onProgress: (done) => progress.update(done),
    });
  // A file appears only once complete; stdout cannot take back what it was given.
  const exported = await (out === '-' ? exportTo(stdoutSink) : writeSecretFile(out, exportTo));
  progress.finish();
  const missing = exported.missing.length;
  const summary =
    `Exported "${exported.name}" (campaign ${keys.campaignId}) to ${out === '-' ? 'stdout' : out}\n` +
    `  table doc  ${exported.tableBytes} bytes\n` +
    `  gm doc     ${exported.gmBytes} bytes\n` +
    `  assets     ${exported.referenced} referenced, ${exported.included} in the file (${formatBytes(exported.assetBytes)})` +
    `${missing === 0 ? '' : `, ${missing} missing (see the warnings)`}\n` +
    'Keep the file secret: it holds the gm key.\n';
  // With the file on stdout, the summary must not mix into it.
  (out === '-' ? process.stderr : process.stdout).write(summary);
  return 0;
}

function describeMissing(asset: MissingAsset, relayUrl: URL): string {
  return asset.reason === 'absent'
    ? `asset ${asset.sha256} is not on the relay at ${relayUrl.href}: the file lists it as missing`
    : `asset ${asset.sha256} is ${formatBytes(asset.size ?? 0)}, over the ${formatBytes(MAX_CAMPAIGN_ASSET_BYTES)} a campaign file holds: the file lists it as missing`;
}

/** A line on stderr, apart from the command's output. */
function note(line: string): void {
  process.stderr.write(`meshtable: ${line}\n`);
}

async function runImport(argv: string[]): Promise<number> {
  const { values, positionals } = parseOrExplain(argv, IMPORT_HELP, {
    relay: { type: 'string' },
    'new-keys': { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(IMPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(`campaign import takes one campaign file\n\n${IMPORT_HELP}`);
  }
  const path = positionals[0] as string;
  const relayUrl = readRelayUrl(values.relay ?? DEFAULT_RELAY);
  const newKeys = values['new-keys'] === true;

  const contents = await readCampaignFile(path);
  const progress = new ProgressReport('uploaded', (line) => note(line));
  let imported: ImportedCampaign;
  try {
    imported = await importCampaign({
      relayUrl,
      contents,
      newKeys,
      timeoutMs: RELAY_TIMEOUT_MS,
      onProgress: (done) => progress.update(done),
    });
  } finally {
    await contents.close();
  }
  progress.finish();
  const { keys, assets } = imported;
  const inviteLink = makeInviteLink(relayUrl.href, {
    ...keys,
    relayUrl: relayUrl.href,
    epoch: imported.epoch,
    // The link names the GMs, so a newcomer trusts only their keys (docs/campaign.md).
    gmIds: Object.keys(contents.file.meta.gms).sort().slice(0, MAX_INVITE_GMS),
  });
  for (const sha256 of assets.missing) {
    note(
      `warning: asset ${sha256} is neither in the file nor on the relay${contents.file.format === 1 ? ' (a format 1 file carries no asset bytes)' : ''}: what shows it stays blank until it is uploaded`,
    );
  }
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({
        campaignId: keys.campaignId,
        name: imported.name,
        relay: relayUrl.href,
        inviteLink,
        merged: imported.merged,
        assets: {
          uploaded: assets.uploaded.length,
          alreadyStored: assets.alreadyStored.length,
          missing: assets.missing,
          refused: assets.refused.map(({ sha256, refusal }) => ({ sha256, ...refusal })),
        },
        ...(newKeys ? { gmKey: keys.gmKey } : {}),
      })}\n`,
    );
  } else {
    process.stdout.write(
      (newKeys
        ? `Imported a copy of "${imported.name}" as campaign ${keys.campaignId} into ${relayUrl.href}\n`
        : `Imported "${imported.name}" (campaign ${keys.campaignId}) into ${relayUrl.href}` +
          `${imported.merged ? ', merged with what the relay held' : ''}\n`) +
        `  invite link  ${inviteLink}\n` +
        (newKeys
          ? `  gm key       ${keys.gmKey}  (GM devices only: keep it secret)\n` +
            'The copy has its own dice chain; players need the new invite link.\n'
          : '') +
        describeAssets(contents.file.assets.length, assets),
    );
  }
  // The docs are in and what was imported is printed (a copy's new keys above all); a failure of
  // the assets still ends the command with its code.
  if (assets.failure !== null) throw assets.failure;
  return 0;
}

/** The import's asset line: what became of each asset the file lists. */
function describeAssets(listed: number, report: AssetImportReport): string {
  if (listed === 0) return '';
  const parts = [
    `${report.uploaded.length} uploaded`,
    `${report.alreadyStored.length} stored already`,
    report.missing.length > 0 ? `${report.missing.length} missing (see the warnings)` : '',
    report.refused.length > 0 ? `${report.refused.length} refused` : '',
    report.notTried > 0 ? `${report.notTried} not tried` : '',
  ].filter((part) => part !== '');
  return `  assets       ${listed} listed: ${parts.join(', ')}\n`;
}

/** What the positional argument of export names: a campaign, and maybe its key and relay. */
interface ExportTarget {
  readonly campaignId: string;
  readonly tableKey?: string;
  readonly relayUrl?: string;
  /** The table doc's room, which an invite names after a kick. */
  readonly room?: string;
}

function readExportTarget(text: string): ExportTarget {
  if (!text.includes('#')) {
    if (recordIdSchema.safeParse(text).success) return { campaignId: text };
    throw new UsageError(
      `"${text}" is neither an invite link (…#/join/<campaign>/<key>) nor a campaign id`,
    );
  }
  const parsed = parseInviteLink(text);
  if (!parsed.ok) throw new UsageError(`the invite link: ${parsed.message}`);
  const { campaignId, tableKey, relayUrl, room } = parsed.invite;
  return relayUrl === null
    ? { campaignId, tableKey, room }
    : { campaignId, tableKey, relayUrl, room };
}

/** An environment variable's value; an empty one counts as unset. */
function fromEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

function readKey(flag: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`${flag} is required`);
  if (!isCampaignKey(value)) {
    throw new UsageError(
      `${flag} must be a key as Meshtable makes them (22 characters of base64url)`,
    );
  }
  return value;
}

function readRelayUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--relay must be an http:// or https:// URL, not "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--relay must be an http:// or https:// URL, not "${text}"`);
  }
  return url;
}

/** Turns a refusal into its message on stderr and exit code 3. */
async function refusalsExit(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof CampaignTransferError)) throw error;
    process.stderr.write(`meshtable: ${error.code}: ${error.message}\n`);
    return CAMPAIGN_REFUSED_EXIT_CODE;
  }
}
