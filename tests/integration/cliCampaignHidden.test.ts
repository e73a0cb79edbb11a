/**
 * Hidden records through `meshtable campaign export|import` (the real binary, real relays):
 * export and import copy both docs whole, so a hidden token and a hidden scene stay in the gm doc
 * of the file and of the imported campaign (a copy under new keys too), never in its table doc,
 * with the bookkeeping that lets the GM reveal them afterwards.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  addHiddenScene,
  addHiddenToken,
  type CreatedCampaign,
  hiddenStatus,
  hideToken,
  listHiddenTokens,
  parseInviteLink,
  reconcileHidden,
  revealToken,
  toYValue,
} from '@meshtable/campaign';
import { sceneRecord, tokenRecord } from '@meshtable/campaign/testing';
import { gmRoomName, TABLE_MAPS } from '@meshtable/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  type CliRelays,
  campaignCli,
  newCampaign,
  pullDoc,
  putCampaign,
  sameDoc,
  startCliRelays,
} from '../support/campaignCli';
import type { TempRelay } from '../support/tempRelay';

const SECRET_TOKEN = 'Kobold chieftain behind the curtain';
const SECRET_SCENE = 'The hidden shrine';

const { run: meshtableCampaign, exportFrom } = campaignCli();

/** The cellar with a kobold the GM hid, and a shrine prepared hidden with a guardian on it. */
function makeCampaign(): CreatedCampaign {
  const created = newCampaign('Hidden Things');
  const { table, gm } = created;
  table.transact(() => {
    table
      .getMap(TABLE_MAPS.scenes)
      .set('cellar', toYValue(sceneRecord('cellar', { name: 'Cellar' })));
    table
      .getMap(TABLE_MAPS.tokens)
      .set('kobold', toYValue(tokenRecord('kobold', 'cellar', { name: 'Kobold' })));
  });
  hideToken(table, gm, 'kobold');
  (gm.getMap('tokens').get('kobold') as Y.Map<unknown>).set('name', SECRET_TOKEN);
  addHiddenScene(table, gm, sceneRecord('shrine', { name: SECRET_SCENE }));
  addHiddenToken(table, gm, tokenRecord('guardian', 'shrine', { name: 'Guardian' }));
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

let relays: CliRelays;
let source: TempRelay;
let target: TempRelay;
let original: CreatedCampaign;
let file: string;

beforeAll(async () => {
  relays = await startCliRelays('meshtable-hidden-');
  ({ source, target } = relays);
  original = makeCampaign();
  await putCampaign(source, original);
  file = join(relays.work, 'hidden.json');
  const run = await exportFrom(source, original, file);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
});

afterAll(async () => {
  await relays?.dispose();
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
