/**
 * No secret of a campaign reaches the relay's log, even at the debug level: a whole session of a
 * real campaign (its table and gm rooms claimed with the tokens derived from their keys, a
 * player's sync, a refused intruder, signalling on the campaign's topic, asset uploads with the
 * right and a wrong token, downloads, /metrics) runs against the relay process, and its stderr
 * holds neither token, neither key, nor the wrong token. relayObservability.test.ts checks the
 * same for the sync paths with made-up tokens; this one follows a campaign's real secrets.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCampaign, createIdentity } from '@meshtable/campaign';
import { gmRoomName, RelayCloseCode } from '@meshtable/schema';
import { deriveRelayToken } from '@meshtable/sync';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { samplePng, sha256Hex } from '../support/assetSamples';
import { openRawSocket } from '../support/rawSocket';
import { spawnRelay } from '../support/relayProcess';
import { waitFor } from '../support/waitFor';
import { connectYClient, type YClient } from '../support/yClient';

describe('the relay log at the debug level', () => {
  let dataDir: string | undefined;
  const clients: YClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('holds no token and no key of a campaign, through a whole session', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'meshtable-secrets-'));
    const relay = await spawnRelay(dataDir, 0, { args: ['--log-level', 'debug'], stderr: 'pipe' });
    let stderr = '';
    relay.child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const campaign = createCampaign({
      gm: createIdentity('Gemma', '#aa3300'),
      name: 'Secrets',
      system: { id: 'template', version: '0.1.0', sha256: 'ab'.repeat(32) },
    });
    const tableToken = deriveRelayToken(campaign.tableKey);
    const gmToken = deriveRelayToken(campaign.gmKey);
    const wrong = 'a1'.repeat(32);
    const room = campaign.campaignId;
    const ws = relay.url.replace('http', 'ws');

    // The GM's device claims both rooms; a player syncs the table; an intruder is refused.
    const gmTable = connectYClient(relay.url, room, tableToken);
    const gmNotes = connectYClient(relay.url, gmRoomName(room), gmToken);
    const player = connectYClient(relay.url, room, tableToken);
    clients.push(gmTable, gmNotes, player);
    Y.applyUpdate(gmTable.doc, Y.encodeStateAsUpdate(campaign.table));
    Y.applyUpdate(gmNotes.doc, Y.encodeStateAsUpdate(campaign.gm));
    await waitFor('the player has the table', () => player.doc.getMap('meta').has('campaign'));
    for (const token of [tableToken, wrong]) {
      const intruder = await openRawSocket(`${ws}/sync/${gmRoomName(room)}?token=${token}`);
      expect(await intruder.closed).toBe(RelayCloseCode.unauthorized);
    }

    // Signalling on the campaign's topic (y-webrtc encrypts what it publishes with the key).
    const signal = await openRawSocket(`${ws}/signal`);
    signal.ws.send(JSON.stringify({ type: 'subscribe', topics: [room] }));
    signal.ws.send(JSON.stringify({ type: 'publish', topic: room, data: { hello: 1 } }));
    await waitFor('the publish came back', () => signal.received.length > 0);
    signal.ws.close();

    // Assets: an upload with the token, one with a wrong one, a download, and the metrics.
    const png = samplePng();
    const upload = (token: string) =>
      fetch(`${relay.url}/assets/${sha256Hex(png)}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'x-meshtable-room': room },
        body: new Uint8Array(png),
      });
    expect((await upload(wrong)).status).toBe(401);
    expect((await upload(tableToken)).status).toBe(201);
    expect((await fetch(`${relay.url}/assets/${sha256Hex(png)}?token=${tableToken}`)).status).toBe(
      200,
    );
    expect((await fetch(`${relay.url}/metrics`)).status).toBe(200);

    for (const client of clients.splice(0)) client.destroy();
    expect(await relay.stop()).toBe(0);
    // The session was logged at the debug level (so the log had every chance to leak)...
    for (const event of ['"level":"debug"', '"event":"sync.refused"', '"event":"relay.closed"']) {
      expect(stderr).toContain(event);
    }
    // ...and no secret is in it, in any of the forms it went over the wire in.
    for (const secret of [tableToken, gmToken, wrong, campaign.tableKey, campaign.gmKey]) {
      expect(stderr).not.toContain(secret);
      expect(stderr).not.toContain(secret.slice(0, 16));
    }
  });
});
