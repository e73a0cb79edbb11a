/**
 * `meshtable campaign export|import` through the real binary against real relays: a campaign
 * made in-process and pushed by a browser-style client (sync's deriveRelayToken), with its
 * assets uploaded as the app does, is exported to a file, imported into a fresh relay (both
 * docs equal the originals, the assets there), copied under new keys, and every refusal (a
 * wrong key, an empty room, a damaged file, a room holding another campaign, an unreachable
 * relay) exits 3 with its code and a message that names the problem. Assets in depth (missing
 * ones, refusals, every bad asset line) are in cliCampaignAssets.test.ts.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  type CreatedCampaign,
  createCampaignId,
  createCampaignKey,
  createIdentity,
  kickMember,
  makeInviteLink,
  parseInviteLink,
  readMembers,
  readMeta,
  readSeedChain,
  toYValue,
} from '@meshtable/campaign';
import { memberRecord, sceneRecord, tokenRecord } from '@meshtable/campaign/testing';
import { chainCommitment } from '@meshtable/dice';
import { GM_MAPS, gmRoomName, postLogName, TABLE_MAPS } from '@meshtable/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sampleJpeg, samplePng, sampleWebp, sha256Hex } from '../support/assetSamples';
import {
  ARIA,
  type CliRelays,
  campaignCli,
  newCampaign,
  pullDoc,
  pushDoc,
  putCampaign,
  sameDoc,
  startCliRelays,
} from '../support/campaignCli';
import type { TempRelay } from '../support/tempRelay';

const BO = createIdentity('Bo', '#aa2200');
const BACKGROUND_BYTES = samplePng();
const TOKEN_BYTES = sampleJpeg();
const HIDDEN_BYTES = sampleWebp();
const BACKGROUND = sha256Hex(BACKGROUND_BYTES);
const TOKEN_IMAGE = sha256Hex(TOKEN_BYTES);
const HIDDEN_IMAGE = sha256Hex(HIDDEN_BYTES);

const { run: meshtableCampaign, exportFrom } = campaignCli();

/** A campaign with a scene, a token (one more added and deleted), a chat post and hidden prep. */
function makeCampaign(name: string): CreatedCampaign {
  const created = newCampaign(name, 16);
  const { table } = created;
  table.transact(() => {
    table
      .getMap(TABLE_MAPS.scenes)
      .set('s1', toYValue(sceneRecord('s1', { name: 'Cellar', background: BACKGROUND })));
    for (const id of ['t1', 't2']) {
      const token = tokenRecord(id, 's1', { name: 'Kobold', image: TOKEN_IMAGE, y: 140 });
      table.getMap(TABLE_MAPS.tokens).set(id, toYValue(token));
    }
    table
      .getArray(postLogName(ARIA.userId))
      .push([{ id: 'p1', author: ARIA.userId, at: 1, kind: 'message', text: 'Welcome.' }]);
  });
  table.getMap(TABLE_MAPS.tokens).delete('t2');
  created.gm.transact(() => {
    created.gm.getMap(GM_MAPS.notes).set('n1', 'The kobolds hide in the well.');
    created.gm.getMap(GM_MAPS.tokens).set('t9', toYValue({ id: 't9', image: HIDDEN_IMAGE }));
  });
  return created;
}

let relays: CliRelays;
let source: TempRelay;
let target: TempRelay;
let work: string;
let original: CreatedCampaign;
let file: string;

beforeAll(async () => {
  relays = await startCliRelays('meshtable-campaign-');
  ({ source, target, work } = relays);
  original = makeCampaign('The Sunless Citadel');
  await putCampaign(source, original, [BACKGROUND_BYTES, TOKEN_BYTES, HIDDEN_BYTES]);
  file = join(work, 'citadel.jsonl');
});

/** The header line of a campaign file, parsed. */
async function readHeader(path: string): Promise<Record<string, unknown>> {
  const text = await readFile(path, 'utf8');
  return JSON.parse(text.slice(0, text.indexOf('\n')));
}

afterAll(async () => {
  await relays?.dispose();
});

describe('meshtable campaign export', () => {
  it('writes both docs, the keys and the assets they reference, with their bytes, into one owner-only file', async () => {
    const run = await exportFrom(source, original, file);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `Exported "The Sunless Citadel" (campaign ${original.campaignId})`,
    );
    expect(run.stdout).toContain('assets     3 referenced, 3 in the file (');
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const json = await readHeader(file);
    expect(json).toEqual({
      meshtableCampaign: 2,
      campaignId: original.campaignId,
      exportedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      keys: { tableKey: original.tableKey, gmKey: original.gmKey },
      table: expect.any(String),
      gm: expect.any(String),
      assets: [BACKGROUND_BYTES, TOKEN_BYTES, HIDDEN_BYTES]
        .map((bytes) => ({ sha256: sha256Hex(bytes), size: bytes.length }))
        .sort((a, b) => a.sha256.localeCompare(b.sha256)),
    });
    // Then one line per asset, its bytes in base64.
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n').slice(1);
    expect(lines.map((line) => JSON.parse(line))).toEqual(
      (json.assets as { sha256: string }[]).map(({ sha256 }) => ({
        sha256,
        data: [BACKGROUND_BYTES, TOKEN_BYTES, HIDDEN_BYTES]
          .find((bytes) => sha256Hex(bytes) === sha256)
          ?.toString('base64'),
      })),
    );
    const table = new Y.Doc();
    const gm = new Y.Doc();
    Y.applyUpdate(table, Buffer.from(json.table as string, 'base64'));
    Y.applyUpdate(gm, Buffer.from(json.gm as string, 'base64'));
    expect(sameDoc(table, original.table)).toBe(true);
    expect(sameDoc(gm, original.gm)).toBe(true);
    expect(readMeta(table)).toEqual(readMeta(original.table));
    expect(table.getMap(TABLE_MAPS.tokens).has('t2')).toBe(false);
  });

  it('refuses a wrong table key or gm key with RELAY_REFUSED, writing nothing', async () => {
    const out = join(work, 'refused.json');
    const [wrongTable, wrongGm] = await Promise.all([
      meshtableCampaign(
        'export',
        original.campaignId,
        ...['--table-key', createCampaignKey(), '--gm-key', original.gmKey],
        ...['--relay', source.relay.url, '--out', out],
      ),
      meshtableCampaign(
        'export',
        original.campaignId,
        ...['--table-key', original.tableKey, '--gm-key', createCampaignKey()],
        ...['--relay', source.relay.url, '--out', out],
      ),
    ]);
    expect(wrongTable).toMatchObject({ code: 3, stdout: '' });
    expect(wrongTable.stderr).toContain('RELAY_REFUSED: The relay refused the table room');
    expect(wrongTable.stderr).toContain('the key is not the one this room was claimed with');
    expect(wrongGm).toMatchObject({ code: 3, stdout: '' });
    expect(wrongGm.stderr).toContain('RELAY_REFUSED: The relay refused the gm room');
    await expect(stat(out)).rejects.toThrow('ENOENT');
  });

  it('refuses a room that holds no campaign, and a relay that cannot be reached', async () => {
    const nobody = await hangingUpServer();
    const keys = ['--table-key', createCampaignKey(), '--gm-key', createCampaignKey()];
    const [empty, unreachable, usage] = await Promise.all([
      meshtableCampaign('export', createCampaignId(), ...keys, '--relay', source.relay.url),
      meshtableCampaign('export', 'abc', ...keys, '--relay', `http://127.0.0.1:${nobody.port}`),
      meshtableCampaign('export', 'abc', '--table-key', original.tableKey),
    ]).finally(() => nobody.close());
    expect(empty, empty.stderr).toMatchObject({ code: 3, stdout: '' });
    expect(empty.stderr).toContain('RELAY_ROOM_EMPTY: The relay at');
    expect(empty.stderr).toContain('check the campaign id (or invite link) and the relay');
    expect(unreachable, unreachable.stderr).toMatchObject({ code: 3, stdout: '' });
    expect(unreachable.stderr).toContain('RELAY_FAILED: Cannot reach the relay');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--gm-key is required');
  });
});

describe('meshtable campaign import', () => {
  it('pushes both docs into a fresh relay, equal to the originals; again, it merges', async () => {
    const run = await meshtableCampaign('import', file, '--relay', target.relay.url, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed).toEqual({
      campaignId: original.campaignId,
      name: 'The Sunless Citadel',
      relay: `${target.relay.url}/`,
      inviteLink: expect.any(String),
      merged: false,
      assets: { uploaded: 3, alreadyStored: 0, missing: [], refused: [] },
    });
    for (const bytes of [BACKGROUND_BYTES, TOKEN_BYTES, HIDDEN_BYTES]) {
      const answer = await fetch(`${target.relay.url}/assets/${sha256Hex(bytes)}`);
      expect(Buffer.from(await answer.arrayBuffer())).toEqual(bytes);
    }
    const invite = parseInviteLink(printed.inviteLink);
    expect(invite).toEqual({
      ok: true,
      invite: {
        campaignId: original.campaignId,
        tableKey: original.tableKey,
        relayUrl: `${target.relay.url}/`,
        epoch: 0,
        room: original.campaignId,
        // The link names the GM, so a newcomer trusts only her key.
        gmIds: [ARIA.userId],
      },
    });
    const url = target.relay.url;
    const table = await pullDoc(url, original.campaignId, original.tableKey);
    const gm = await pullDoc(url, gmRoomName(original.campaignId), original.gmKey);
    expect(sameDoc(table, original.table)).toBe(true);
    expect(sameDoc(gm, original.gm)).toBe(true);

    const again = await meshtableCampaign('import', file, '--relay', url);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(', merged with what the relay held');
    expect(again.stdout).toContain('  invite link  http://');
    expect(again.stdout).toContain('  assets       3 listed: 0 uploaded, 3 stored already\n');
    expect(again.stderr).toBe('');
    expect(sameDoc(await pullDoc(url, original.campaignId, original.tableKey), table)).toBe(true);
  });

  it('refuses a damaged or tampered file with CAMPAIGN_FILE_INVALID naming the problem', async () => {
    // Each variant's header is bad: it is refused before its asset lines are read.
    const good = await readHeader(file);
    const other = makeCampaign('Another Campaign');
    const variants: Record<string, unknown> = {
      garbage: 'this is not JSON',
      noKey: { ...good, keys: { ...keysOf(good), gmKey: keysOf(good).gmKey.slice(0, 20) } },
      badUpdate: { ...good, table: Buffer.from('hello world').toString('base64') },
      swappedTable: {
        ...good,
        table: Buffer.from(Y.encodeStateAsUpdate(other.table)).toString('base64'),
      },
      swappedGm: { ...good, gm: Buffer.from(Y.encodeStateAsUpdate(other.gm)).toString('base64') },
      newer: { ...good, meshtableCampaign: 3 },
    };
    const runs = await Promise.all(
      Object.entries(variants).map(async ([name, content]) => {
        const path = join(work, `${name}.json`);
        await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
        return [
          name,
          await meshtableCampaign('import', path, '--relay', target.relay.url),
        ] as const;
      }),
    );
    const stderr = Object.fromEntries(
      runs.map(([name, run]) => {
        expect(run, name).toMatchObject({ code: 3, stdout: '' });
        return [name, run.stderr];
      }),
    );
    const invalid = 'meshtable: CAMPAIGN_FILE_INVALID: This is not a valid campaign file: ';
    expect(stderr.garbage).toContain(`${invalid}it is not JSON`);
    expect(stderr.noKey).toContain(`${invalid}keys.gmKey: must be a key as Meshtable makes them`);
    expect(stderr.badUpdate).toContain(`${invalid}table: not a Yjs update`);
    expect(stderr.swappedTable).toContain(
      `${invalid}the table doc is campaign "${other.campaignId}", not "${original.campaignId}"`,
    );
    expect(stderr.swappedGm).toContain(
      `${invalid}the gm doc's dice chain is not the one the table doc commits to`,
    );
    expect(stderr.newer).toContain('CAMPAIGN_FILE_UNSUPPORTED_VERSION');
  });

  it('refuses a room that holds another campaign with RELAY_ROOM_CONFLICT', async () => {
    // A campaign whose room, claimed with its own key, holds another campaign's table.
    const squatted = makeCampaign('Squatted');
    const squatter = makeCampaign('Squatter');
    await pushDoc(target.relay.url, squatted.campaignId, squatted.tableKey, squatter.table);
    const path = join(work, 'squatted.json');
    await writeFile(
      path,
      JSON.stringify({
        meshtableCampaign: 1,
        campaignId: squatted.campaignId,
        exportedAt: new Date().toISOString(),
        keys: { tableKey: squatted.tableKey, gmKey: squatted.gmKey },
        table: Buffer.from(Y.encodeStateAsUpdate(squatted.table)).toString('base64'),
        gm: Buffer.from(Y.encodeStateAsUpdate(squatted.gm)).toString('base64'),
        assets: [],
      }),
    );
    const run = await meshtableCampaign('import', path, '--relay', target.relay.url);
    expect(run).toMatchObject({ code: 3, stdout: '' });
    expect(run.stderr).toContain(
      `RELAY_ROOM_CONFLICT: The table room ${squatted.campaignId} on ${target.relay.url}/ already holds something else: the table doc is campaign "${squatter.campaignId}"`,
    );
    expect(run.stderr).toContain('Import a copy with --new-keys.');
    // Nothing was pushed into the gm room either.
    const gm = await pullDoc(target.relay.url, gmRoomName(squatted.campaignId), squatted.gmKey);
    expect(gm.store.clients.size).toBe(0);
  });

  it('imports a copy under new keys with --new-keys: a working invite, a fresh dice chain', async () => {
    const url = source.relay.url;
    const run = await meshtableCampaign('import', file, '--relay', url, '--new-keys', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout);
    // The relay stores the assets already: the copy needs no upload.
    expect(printed.assets).toEqual({ uploaded: 0, alreadyStored: 3, missing: [], refused: [] });
    const parsed = parseInviteLink(printed.inviteLink);
    if (!parsed.ok) throw new Error(parsed.message);
    const { campaignId, tableKey } = parsed.invite;
    expect(campaignId).toBe(printed.campaignId);
    expect(campaignId).not.toBe(original.campaignId);
    expect(tableKey).not.toBe(original.tableKey);
    expect(printed.gmKey).not.toBe(original.gmKey);

    const table = await pullDoc(url, campaignId, tableKey);
    const gm = await pullDoc(url, gmRoomName(campaignId), printed.gmKey);
    const meta = readMeta(table);
    const before = readMeta(original.table);
    expect(meta?.campaign).toEqual({ ...before?.campaign, id: campaignId });
    expect(meta?.gms).toEqual(before?.gms);
    expect(meta?.dice).toMatchObject({ length: 16, revealed: 0 });
    expect(meta?.dice?.head).not.toBe(before?.dice?.head);
    const chain = readSeedChain(gm.getMap(GM_MAPS.validator));
    expect(chain && chainCommitment(chain).head).toBe(meta?.dice?.head);
    expect([...readMembers(table).keys()]).toEqual([...readMembers(original.table).keys()]);
    expect(table.getArray(postLogName(Object.keys(before?.gms ?? {})[0] ?? '')).length).toBe(1);
    expect(gm.getMap(GM_MAPS.notes).get('n1')).toBe('The kobolds hide in the well.');

    // The original is untouched.
    const originalNow = await pullDoc(url, original.campaignId, original.tableKey);
    expect(sameDoc(originalNow, original.table)).toBe(true);
  });
});

describe('a campaign after a kick', () => {
  it('is exported from the room its current invite names, and imported into that room', async () => {
    const created = makeCampaign('After the Kick');
    created.table.getMap(TABLE_MAPS.members).set(BO.userId, toYValue(memberRecord(BO, 'player')));
    const kick = kickMember({
      table: created.table,
      gm: created.gm,
      identity: ARIA,
      userId: BO.userId,
    });
    await pushDoc(source.relay.url, kick.room, kick.tableKey, kick.table);
    await pushDoc(source.relay.url, gmRoomName(created.campaignId), created.gmKey, created.gm);
    const path = join(work, 'kicked.jsonl');
    const invite = makeInviteLink(`${source.relay.url}/`, {
      campaignId: created.campaignId,
      tableKey: kick.tableKey,
      relayUrl: source.relay.url,
      epoch: kick.epoch,
    });
    const exported = await meshtableCampaign(
      'export',
      invite,
      '--gm-key',
      created.gmKey,
      '--out',
      path,
    );
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);

    const run = await meshtableCampaign('import', path, '--relay', target.relay.url, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const parsed = parseInviteLink(JSON.parse(run.stdout).inviteLink);
    expect(parsed).toMatchObject({
      ok: true,
      invite: {
        campaignId: created.campaignId,
        tableKey: kick.tableKey,
        epoch: 1,
        room: kick.room,
      },
    });
    const table = await pullDoc(target.relay.url, kick.room, kick.tableKey);
    expect(sameDoc(table, kick.table)).toBe(true);

    // The room the kick left behind is refused: it is no longer the campaign's table.
    await pushDoc(source.relay.url, created.campaignId, created.tableKey, created.table);
    const stale = await meshtableCampaign(
      'export',
      created.campaignId,
      ...['--table-key', created.tableKey, '--gm-key', created.gmKey],
      ...['--relay', source.relay.url, '--out', join(work, 'stale.json')],
    );
    expect(stale).toMatchObject({ code: 3, stdout: '' });
    expect(stale.stderr).toContain('RELAY_ROOM_CONFLICT: The table room');
    expect(stale.stderr).toContain('before a kick moved it to a new key (epoch 1)');
  });
});

function keysOf(header: Record<string, unknown>): { tableKey: string; gmKey: string } {
  return header.keys as { tableKey: string; gmKey: string };
}

/**
 * A loopback port where no relay answers: a server that hangs up on every connection. Held for
 * the test, so that no other test's relay can take the port meanwhile.
 */
async function hangingUpServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return {
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
