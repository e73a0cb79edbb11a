/**
 * Hidden records through `meshtable campaign export|import` (the real binary, real relays):
 * export and import copy both docs whole, so a hidden token and a hidden scene stay in the gm doc
 * of the file and of the imported campaign (a copy under new keys too), never in its table doc,
 * with the bookkeeping that lets the GM reveal them afterwards.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addHiddenScene,
  addHiddenToken,
  type CreatedCampaign,
  createCampaign,
  createIdentity,
  hiddenStatus,
  hideToken,
  listHiddenTokens,
  makeInviteLink,
  parseInviteLink,
  reconcileHidden,
  revealToken,
  toYValue,
} from '@meshtable/campaign';
import { gmRoomName, TABLE_MAPS } from '@meshtable/schema';
import { deriveRelayToken } from '@meshtable/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { runMeshtable } from '../support/meshtableCli';
import { startTempRelay, type TempRelay } from '../support/tempRelay';
import { waitFor } from '../support/waitFor';
import { connectYClient } from '../support/yClient';

const GM = createIdentity('Aria', '#3366ff');
const SECRET_TOKEN = 'Kobold chieftain behind the curtain';
const SECRET_SCENE = 'The hidden shrine';
const GRID = {
  type: 'square',
  size: 70,
  offsetX: 0,
  offsetY: 0,
  color: '#000000',
  distance: 5,
  units: 'ft',
} as const;

const meshtableCampaign = (...args: string[]) =>
  runMeshtable(['campaign', ...args], {
    env: { MESHTABLE_TABLE_KEY: '', MESHTABLE_GM_KEY: '' },
    deadlineMs: 40_000,
  });

const sameDoc = (a: Y.Doc, b: Y.Doc) => Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b));

async function pushDoc(relayUrl: string, room: string, key: string, source: Y.Doc): Promise<void> {
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

async function pullDoc(relayUrl: string, room: string, key: string): Promise<Y.Doc> {
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

/** The cellar with a kobold the GM hid, and a shrine prepared hidden with a guardian on it. */
function makeCampaign(): CreatedCampaign {
  const created = createCampaign({
    gm: GM,
    name: 'Hidden Things',
    system: { id: 'srd5e', version: '1.2.0', sha256: 'ab'.repeat(32) },
    diceChainLength: 8,
  });
  const { table, gm } = created;
  const scene = (id: string, name: string) => ({
    id,
    name,
    order: 0,
    width: 1400,
    height: 1050,
    background: null,
    grid: GRID,
  });
  const token = (id: string, sceneId: string, name: string) => ({
    id,
    sceneId,
    actorId: null,
    name,
    image: null,
    x: 70,
    y: 70,
    size: 1,
    rotation: 0,
    bars: [],
    conditions: [],
    owners: [],
  });
  table.transact(() => {
    table.getMap(TABLE_MAPS.scenes).set('cellar', toYValue(scene('cellar', 'Cellar')));
    table.getMap(TABLE_MAPS.tokens).set('kobold', toYValue(token('kobold', 'cellar', 'Kobold')));
  });
  hideToken(table, gm, 'kobold');
  (gm.getMap('tokens').get('kobold') as Y.Map<unknown>).set('name', SECRET_TOKEN);
  addHiddenScene(table, gm, scene('shrine', SECRET_SCENE));
  addHiddenToken(table, gm, token('guardian', 'shrine', 'Guardian'));
  return created;
}

/** Whether `text` is in a Yjs update (strings are stored as UTF-8). */
function mentions(update: Uint8Array, text: string): boolean {
  return Buffer.from(update).includes(Buffer.from(text, 'utf8'));
}

/** The campaign's hidden records are where they belong in a pair of docs. */
function expectHidden(table: Y.Doc, gm: Y.Doc): void {
  expect(mentions(Y.encodeStateAsUpdate(table), SECRET_TOKEN)).toBe(false);
  expect(mentions(Y.encodeStateAsUpdate(table), SECRET_SCENE)).toBe(false);
  expect([...table.getMap(TABLE_MAPS.tokens).keys()]).toEqual([]);
  expect([...table.getMap(TABLE_MAPS.scenes).keys()]).toEqual(['cellar']);
  expect(hiddenStatus(gm, 'tokens', 'kobold')).toEqual({
    hidden: true,
    own: true,
    withScene: null,
  });
  expect(hiddenStatus(gm, 'tokens', 'guardian')).toEqual({
    hidden: true,
    own: false,
    withScene: 'shrine',
  });
  expect(hiddenStatus(gm, 'scenes', 'shrine').hidden).toBe(true);
  expect(listHiddenTokens(gm, 'cellar').map((token) => token.name)).toEqual([SECRET_TOKEN]);
  // Nothing was left half moved on the way.
  expect(reconcileHidden(table, gm)).toEqual({ moved: [], problems: [] });
}

let source: TempRelay;
let target: TempRelay;
let work: string;
let original: CreatedCampaign;
let file: string;

beforeAll(async () => {
  [source, target] = await Promise.all([startTempRelay(), startTempRelay()]);
  work = await mkdtemp(join(tmpdir(), 'meshtable-hidden-'));
  original = makeCampaign();
  await pushDoc(source.relay.url, original.campaignId, original.tableKey, original.table);
  await pushDoc(source.relay.url, gmRoomName(original.campaignId), original.gmKey, original.gm);
  file = join(work, 'hidden.json');
  const invite = makeInviteLink(`${source.relay.url}/`, {
    ...original,
    relayUrl: source.relay.url,
  });
  const run = await meshtableCampaign('export', invite, '--gm-key', original.gmKey, '--out', file);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
});

afterAll(async () => {
  await Promise.all([source?.dispose(), target?.dispose()]);
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe('hidden records in campaign files', () => {
  it('are exported in the gm doc only, whole', async () => {
    const json = JSON.parse(await readFile(file, 'utf8'));
    const table = Buffer.from(json.table, 'base64');
    const gm = Buffer.from(json.gm, 'base64');
    expect(mentions(table, SECRET_TOKEN)).toBe(false);
    expect(mentions(table, SECRET_SCENE)).toBe(false);
    expect(mentions(gm, SECRET_TOKEN)).toBe(true);
    const [tableDoc, gmDoc] = [new Y.Doc(), new Y.Doc()];
    Y.applyUpdate(tableDoc, table);
    Y.applyUpdate(gmDoc, gm);
    expect(sameDoc(gmDoc, original.gm)).toBe(true);
    expectHidden(tableDoc, gmDoc);
  });

  it('stay hidden when imported, and the GM can reveal them there', async () => {
    const run = await meshtableCampaign('import', file, '--relay', target.relay.url);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const url = target.relay.url;
    const table = await pullDoc(url, original.campaignId, original.tableKey);
    const gm = await pullDoc(url, gmRoomName(original.campaignId), original.gmKey);
    expect(sameDoc(table, original.table)).toBe(true);
    expect(sameDoc(gm, original.gm)).toBe(true);
    expectHidden(table, gm);
    expect(revealToken(table, gm, 'kobold')).toMatchObject({ hidden: false });
    expect((table.getMap(TABLE_MAPS.tokens).get('kobold') as Y.Map<unknown>).get('name')).toBe(
      SECRET_TOKEN,
    );
  });

  it('stay hidden in a copy under new keys', async () => {
    const url = source.relay.url;
    const run = await meshtableCampaign('import', file, '--relay', url, '--new-keys', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout);
    const parsed = parseInviteLink(printed.inviteLink);
    if (!parsed.ok) throw new Error(parsed.message);
    const table = await pullDoc(url, parsed.invite.campaignId, parsed.invite.tableKey);
    const gm = await pullDoc(url, gmRoomName(parsed.invite.campaignId), printed.gmKey);
    expectHidden(table, gm);
  });
});
