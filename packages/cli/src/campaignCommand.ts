/**
 * `meshtable campaign export|import` (DESIGN.md §6): a campaign, both docs and its keys, to and
 * from one file, through a relay's `/sync` rooms as an ordinary y-websocket client.
 *
 * Output contract: export writes the file (or stdout with `--out -`) and a summary; import
 * prints the invite link (and, for a copy, the new gm key), or one JSON line with `--json`.
 * Exit codes: 0 done, 2 a usage error, 3 refused (a bad file, a relay that refuses or fails, a
 * room that is empty or holds another campaign): the message starts with the error's code.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isCampaignKey, makeInviteLink, parseInviteLink } from '@meshtable/campaign';
import { RELAY_DEFAULTS } from '@meshtable/relay';
import { recordIdSchema } from '@meshtable/schema';
import { CampaignTransferError } from './campaign/CampaignTransferError';
import type { CampaignKeys } from './campaign/campaignDocs';
import { decodeCampaignFile, MAX_CAMPAIGN_FILE_BYTES } from './campaign/campaignFile';
import { exportCampaign } from './campaign/exportCampaign';
import { importCampaign } from './campaign/importCampaign';
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
  export <invite link | campaign id>   read a campaign from a relay into one file
  import <file>                        push a campaign file into a relay

${SECRET_NOTE}

Exit codes: 0 done, 2 a usage error, 3 refused (the message starts with its code).
Run "meshtable campaign <export|import> --help" for their options.
`;

const EXPORT_HELP = `Usage: meshtable campaign export <invite link | campaign id> --gm-key G [options]

Syncs the campaign's table room and gm room from the relay, checks that they hold the campaign
(a readable meta, the gm doc's dice chain), and writes one file: both docs, their keys, and the
SHA-256s of the assets they reference. Nothing on the relay is changed. (As for any client, a
room that nobody has claimed yet is claimed by the key presented: give the right keys.)

A campaign id names the table's first room. After a kick the table lives in a room of the new
key: give the current invite link, which names it.

Options:
  --table-key K   the table key (or env MESHTABLE_TABLE_KEY); an invite link carries it
  --gm-key G      the gm key (or env MESHTABLE_GM_KEY)
  --relay URL     the relay (default: the invite link's, else ${DEFAULT_RELAY})
  --out FILE      the file to write (default <campaign id>.meshtable.json; - for stdout),
                  readable by its owner only

${SECRET_NOTE} Asset bytes are not in the file yet, only their SHA-256s (a relay
serves them as /assets/<sha256>).

Exit codes: 0 written, 2 a usage error, 3 refused: RELAY_REFUSED (a wrong key),
RELAY_ROOM_EMPTY (a wrong id or relay), RELAY_ROOM_CONFLICT, RELAY_FAILED.
`;

const IMPORT_HELP = `Usage: meshtable campaign import <file> [--relay URL] [--new-keys] [--json]

Checks the campaign file, pushes its table doc and gm doc into their rooms on the relay
(claiming them with tokens derived from the keys in the file), and reads them back to confirm.
A room that already holds this campaign is merged with (nothing it holds is rolled back); a
room claimed with other keys, or holding another campaign, is refused. Prints the invite link.

Options:
  --relay URL   the relay (default ${DEFAULT_RELAY})
  --new-keys    import a copy: a new campaign id, new keys and a fresh dice chain, printed
                with the new invite link (the copy starts at key epoch 0). It keeps members,
                records, logs and receipts as history; intents still unanswered were signed
                for the old id and will be refused, so players send them again.
  --json        print one line: {"campaignId","name","relay","inviteLink","merged"}, and
                "gmKey" with --new-keys

${SECRET_NOTE}

Exit codes: 0 imported, 2 a usage error, 3 refused: CAMPAIGN_FILE_INVALID (the message names
the field), CAMPAIGN_FILE_UNSUPPORTED_VERSION, RELAY_REFUSED, RELAY_ROOM_CONFLICT, RELAY_FAILED.
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
  const out = values.out ?? `${keys.campaignId}.meshtable.json`;

  const exported = await exportCampaign({
    relayUrl,
    keys,
    tableRoom: target.room ?? keys.campaignId,
    timeoutMs: RELAY_TIMEOUT_MS,
  });
  if (out === '-') process.stdout.write(exported.text);
  else await writeSecretFile(out, exported.text);
  const assets = exported.assets.length;
  const summary =
    `Exported "${exported.name}" (campaign ${keys.campaignId}) to ${out === '-' ? 'stdout' : out}\n` +
    `  table doc  ${exported.tableBytes} bytes\n` +
    `  gm doc     ${exported.gmBytes} bytes\n` +
    `  assets     ${assets} referenced${assets === 0 ? '' : '; their bytes are not in the file yet'}\n` +
    'Keep the file secret: it holds the gm key.\n';
  // With the file on stdout, the summary must not mix into it.
  (out === '-' ? process.stderr : process.stdout).write(summary);
  return 0;
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

  const file = decodeCampaignFile(await readCampaignFile(path));
  const imported = await importCampaign({ relayUrl, file, newKeys, timeoutMs: RELAY_TIMEOUT_MS });
  const { keys } = imported;
  const inviteLink = makeInviteLink(relayUrl.href, {
    ...keys,
    relayUrl: relayUrl.href,
    epoch: imported.epoch,
  });
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({
        campaignId: keys.campaignId,
        name: imported.name,
        relay: relayUrl.href,
        inviteLink,
        merged: imported.merged,
        ...(newKeys ? { gmKey: keys.gmKey } : {}),
      })}\n`,
    );
    return 0;
  }
  const assets = file.assets.length;
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
      (assets === 0
        ? ''
        : `  assets       ${assets} referenced; their bytes were not in the file: upload them again\n`),
  );
  return 0;
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

async function readCampaignFile(path: string): Promise<string> {
  try {
    const { size } = await stat(path);
    if (size > MAX_CAMPAIGN_FILE_BYTES) {
      throw new CampaignTransferError(
        'CAMPAIGN_FILE_INVALID',
        `${path} is ${size} bytes; a campaign file is at most ${MAX_CAMPAIGN_FILE_BYTES}.`,
      );
    }
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof CampaignTransferError) throw error;
    throw new CampaignTransferError(
      'CAMPAIGN_FILE_INVALID',
      `Cannot read ${path}: ${(error as Error).message}`,
    );
  }
}

/** Writes the file whole or not at all (a temporary file renamed), readable by its owner only. */
async function writeSecretFile(path: string, text: string): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new Error(`cannot write ${path}: ${(error as Error).message}`);
  }
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
