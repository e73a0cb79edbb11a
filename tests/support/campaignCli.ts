/**
 * For the tests of `meshtable campaign export|import` (the real binary against real relays): two
 * relays and a scratch folder, test campaigns and their records, the docs pushed and pulled and
 * the assets uploaded as a browser would (sync's deriveRelayToken), and the CLI run until it
 * exits on its own.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CreatedCampaign,
  createCampaign,
  createIdentity,
  makeInviteLink,
} from '@meshtable/campaign';
import { gmRoomName } from '@meshtable/schema';
import { deriveRelayToken } from '@meshtable/sync';
import { expect } from 'vitest';
import * as Y from 'yjs';
import { sha256Hex } from './assetSamples';
import { type CliRun, runMeshtable } from './meshtableCli';
import { startTempRelay, type TempRelay } from './tempRelay';
import { waitFor } from './waitFor';
import { connectYClient } from './yClient';

/** The GM of every test campaign. */
export const ARIA = createIdentity('Aria', '#3366ff');

/** The game system test campaigns name (no module is loaded). */
export const SYSTEM = { id: 'srd5e', version: '1.2.0', sha256: 'ab'.repeat(32) };

/** A campaign run by {@link ARIA}, made in-process. */
export function newCampaign(name: string, diceChainLength = 8): CreatedCampaign {
  return createCampaign({ gm: ARIA, name, system: SYSTEM, diceChainLength });
}

/** Two relays, one to export from and one to import into, and a scratch folder. */
export interface CliRelays {
  readonly source: TempRelay;
  readonly target: TempRelay;
  readonly work: string;
  /** Closes both relays and deletes their data and the scratch folder. */
  dispose(): Promise<void>;
}

/** Starts two relays in temporary data folders, and makes a scratch folder named `prefix…`. */
export async function startCliRelays(prefix: string): Promise<CliRelays> {
  const [source, target] = await Promise.all([startTempRelay(), startTempRelay()]);
  const work = await mkdtemp(join(tmpdir(), prefix));
  return {
    source,
    target,
    work,
    async dispose() {
      await Promise.all([source.dispose(), target.dispose()]);
      await rm(work, { recursive: true, force: true });
    },
  };
}

/** A command that has not exited by then is stuck: it is killed and the test fails. */
export const CAMPAIGN_EXIT_DEADLINE_MS = 40_000;

/** Runners of `meshtable campaign …` with one deadline; see {@link campaignCli}. */
export interface CampaignCli {
  /** Runs `meshtable campaign <args…>` (keys only from its flags) until it exits on its own. */
  run(...args: string[]): Promise<CliRun>;
  /** Exports `created` from `relay`, named by its invite link, into `out`. */
  exportFrom(
    relay: TempRelay,
    created: CreatedCampaign,
    out: string,
    ...more: string[]
  ): Promise<CliRun>;
}

/** The campaign commands, each killed as stuck after `deadlineMs`. */
export function campaignCli(deadlineMs = CAMPAIGN_EXIT_DEADLINE_MS): CampaignCli {
  const run = (...args: string[]) =>
    runMeshtable(['campaign', ...args], {
      env: { MESHTABLE_TABLE_KEY: '', MESHTABLE_GM_KEY: '' },
      deadlineMs,
    });
  return {
    run,
    exportFrom(relay, created, out, ...more) {
      const url = relay.relay.url;
      const invite = makeInviteLink(`${url}/`, { ...created, relayUrl: url });
      return run('export', invite, '--gm-key', created.gmKey, '--out', out, ...more);
    },
  };
}

/** Same content and history: equal state vectors and equal deletions. */
export function sameDoc(a: Y.Doc, b: Y.Doc): boolean {
  return Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b));
}

/** Pushes `source` into a room as a browser would, and waits until the relay serves all of it. */
export async function pushDoc(
  relayUrl: string,
  room: string,
  key: string,
  source: Y.Doc,
): Promise<void> {
  const writer = connectYClient(relayUrl, room, deriveRelayToken(key));
  const reader = connectYClient(relayUrl, room, deriveRelayToken(key));
  try {
    await waitFor(`the writer of ${room} synced`, () => writer.provider.synced);
    Y.applyUpdate(writer.doc, Y.encodeStateAsUpdate(source));
    await waitFor(`the relay serves all of ${room}`, () => sameDoc(reader.doc, source));
  } finally {
    writer.destroy();
    reader.destroy();
  }
}

/** Reads a room's doc from the relay as a browser would. */
export async function pullDoc(relayUrl: string, room: string, key: string): Promise<Y.Doc> {
  const client = connectYClient(relayUrl, room, deriveRelayToken(key));
  try {
    await waitFor(`${room} synced`, () => client.provider.synced);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(client.doc));
    return copy;
  } finally {
    client.destroy();
  }
}

/** Uploads an asset into a claimed room as the app does. */
export async function putAsset(
  relayUrl: string,
  room: string,
  key: string,
  bytes: Buffer,
): Promise<void> {
  const answer = await fetch(`${relayUrl}/assets/${sha256Hex(bytes)}`, {
    method: 'PUT',
    headers: { 'x-meshtable-room': room, authorization: `Bearer ${deriveRelayToken(key)}` },
    body: new Uint8Array(bytes),
  });
  expect(answer.status, await answer.text()).toBeLessThan(300);
}

/** The bytes a relay serves for an asset, or null for a 404. */
export async function getAsset(relayUrl: string, bytes: Buffer): Promise<Buffer | null> {
  const answer = await fetch(`${relayUrl}/assets/${sha256Hex(bytes)}`);
  if (answer.status === 404) return null;
  expect(answer.status).toBe(200);
  return Buffer.from(await answer.arrayBuffer());
}

/** Puts a campaign's table and gm docs on a relay, then uploads `assets` into its table room. */
export async function putCampaign(
  relay: TempRelay,
  created: CreatedCampaign,
  assets: readonly Buffer[] = [],
): Promise<void> {
  const url = relay.relay.url;
  await pushDoc(url, created.campaignId, created.tableKey, created.table);
  await pushDoc(url, gmRoomName(created.campaignId), created.gmKey, created.gm);
  for (const bytes of assets) await putAsset(url, created.campaignId, created.tableKey, bytes);
}
