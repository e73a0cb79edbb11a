/**
 * Annotations through the real GM validator and audit: a player draws and erases only their own;
 * the GM erases anyone's; a player's direct write to the map is undone.
 */
import { TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TableAudit } from '../audit/TableAudit';
import { IntentClient } from '../client/IntentClient';
import { syncAll } from '../client/tableFixture';
import { validatedCampaign } from '../client/validatedCampaign';
import { toYValue } from '../doc/yRecords';
import { ARIA, BRAM } from '../testing/intents';
import { ANNOTATION_KINDS, readAnnotations } from './annotationRules';

function drawing(id: string, author: string) {
  return {
    id,
    sceneId: 's1',
    author,
    type: 'geo',
    x: 0,
    y: 0,
    rotation: 0,
    props: { geo: 'ellipse', w: 40, h: 40 },
    at: 1,
  };
}

describe('annotation intents', () => {
  it('let a player draw and erase only their own, and the GM any', async () => {
    const { table, campaignId, round: roundOf } = validatedCampaign({ diceChainLength: 4 });
    const reports: unknown[] = [];
    const audit = new TableAudit({ table, onReport: (r) => reports.push(r) });
    audit.start();
    const playerDoc = new Y.Doc();
    const round = () => roundOf(playerDoc);
    const client = new IntentClient({ doc: playerDoc, identity: BRAM, campaignId });
    client.requestJoin('Bram', '#aa2200');
    await round();

    // The GM's own drawing, written by the validating device.
    table.getMap(TABLE_MAPS.annotations).set('gm1', toYValue(drawing('gm1', ARIA.userId)));
    const mine = client.request(ANNOTATION_KINDS.put, { record: drawing('b1', BRAM.userId) });
    const forged = client.request(ANNOTATION_KINDS.put, { record: drawing('b2', ARIA.userId) });
    await round();
    await expect(mine.receipt).resolves.toMatchObject({ status: 'applied' });
    await expect(forged.receipt).resolves.toMatchObject({
      status: 'rejected',
      reason: 'you can only draw as yourself',
    });
    expect([...readAnnotations(playerDoc).keys()].sort()).toEqual(['b1', 'gm1']);

    const eraseGms = client.request(ANNOTATION_KINDS.delete, { id: 'gm1' });
    await round();
    await expect(eraseGms.receipt).resolves.toMatchObject({
      status: 'rejected',
      reason: 'only its author or a GM may erase this',
    });

    // Deleting it straight from the doc is an intruder's edit: the audit puts it back.
    playerDoc.getMap(TABLE_MAPS.annotations).delete('gm1');
    syncAll(table, playerDoc);
    syncAll(table, playerDoc);
    expect(readAnnotations(playerDoc).has('gm1')).toBe(true);
    expect(reports.length).toBeGreaterThan(0);

    const eraseMine = client.request(ANNOTATION_KINDS.delete, { id: 'b1' });
    await round();
    await expect(eraseMine.receipt).resolves.toMatchObject({ status: 'applied' });
    expect([...readAnnotations(playerDoc).keys()]).toEqual(['gm1']);
    audit.stop();
    client.close();
  });
});
