/**
 * Attacks on the table doc by a member who writes what only the validating GM may write, each
 * undone on the GM's peer and reported; and what the audit leaves alone.
 */
import { INTENT_LOG_PREFIX, POST_LOG_PREFIX, TABLE_MAPS } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toYValue } from '../doc/yRecords';
import { ownedToken } from '../testing/records';
import { type AuditReport, TableAudit } from './TableAudit';

const ANA = 'AAAAAAAAAAAAAAAAAAAAAA';
const BO = 'BBBBBBBBBBBBBBBBBBBBBB';
const token = ownedToken([ANA]);
const actor = {
  id: 'a1',
  type: 'character',
  name: 'Ana',
  image: null,
  owners: [ANA],
  data: { hp: 7 },
};

/** The GM's peer (auditing) and a player's peer, connected: every update goes both ways. */
function setUp() {
  const gm = new Y.Doc();
  gm.transact(() => {
    gm.getMap(TABLE_MAPS.tokens).set('t1', toYValue(token));
    gm.getMap(TABLE_MAPS.actors).set('a1', toYValue(actor));
    gm.getMap(TABLE_MAPS.meta).set('campaign', { id: 'c1', name: 'Tomb' });
    gm.getArray(POST_LOG_PREFIX + ANA).push([{ id: `${ANA}.p1`, text: 'hello' }]);
  });
  const player = new Y.Doc();
  Y.applyUpdate(player, Y.encodeStateAsUpdate(gm));
  gm.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'wire') Y.applyUpdate(player, update, 'wire');
  });
  player.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'wire') Y.applyUpdate(gm, update, 'wire');
  });
  const reports: AuditReport[] = [];
  const audit = new TableAudit({
    table: gm,
    onReport: (report) => reports.push(report),
    now: () => 1,
  });
  audit.start();
  return { gm, player, reports };
}

const json = (doc: Y.Doc, name: string) => doc.getMap(name).toJSON();

describe('TableAudit', () => {
  it('undoes a player moving a token directly, on every peer, and reports it', () => {
    const { gm, player, reports } = setUp();
    (player.getMap(TABLE_MAPS.tokens).get('t1') as Y.Map<unknown>).set('x', 999);
    for (const doc of [gm, player]) expect(json(doc, TABLE_MAPS.tokens).t1).toEqual(token);
    expect(reports).toEqual([
      { where: 'tokens/t1', what: 'changed', clients: [player.clientID], at: 1 },
    ]);
  });

  it('undoes a player listing an asset in the shared asset index', () => {
    const { gm, player, reports } = setUp();
    const sha = 'a'.repeat(64);
    const listed = { sha256: sha, name: 'x.png', type: 'png', size: 1, addedBy: ANA, addedAt: 1 };
    player.getMap(TABLE_MAPS.assets).set(sha, toYValue(listed));
    for (const doc of [gm, player]) expect(json(doc, TABLE_MAPS.assets)).toEqual({});
    expect(reports.map((report) => `${report.what} ${report.where}`)).toEqual([
      `added assets/${sha}`,
    ]);
  });

  it('undoes a player revealing fog of war, and keeps the GM’s own fog edits', () => {
    const { gm, player, reports } = setUp();
    const cover = { id: 'e1', sceneId: 's1', seq: 0, mode: 'hide', shape: 'all' };
    gm.getMap(TABLE_MAPS.fog).set('s1/e1', cover);
    const peek = { id: 'e2', sceneId: 's1', seq: 1, mode: 'reveal', shape: 'all' };
    player.getMap(TABLE_MAPS.fog).set('s1/e2', peek);
    player.getMap(TABLE_MAPS.fog).delete('s1/e1');
    for (const doc of [gm, player]) expect(json(doc, TABLE_MAPS.fog)).toEqual({ 's1/e1': cover });
    expect(reports.map((report) => `${report.what} ${report.where}`)).toEqual([
      'added fog/s1/e2',
      'deleted fog/s1/e1',
    ]);
  });

  it('undoes a player placing or moving a kept template', () => {
    const { gm, player, reports } = setUp();
    const kept = {
      id: 'tp1',
      sceneId: 's1',
      shape: { kind: 'circle', x: 0, y: 0, radius: 70 },
      color: '#ff8800',
    };
    gm.getMap(TABLE_MAPS.templates).set('tp1', toYValue(kept));
    const shape = (player.getMap(TABLE_MAPS.templates).get('tp1') as Y.Map<unknown>).get(
      'shape',
    ) as Y.Map<unknown>;
    shape.set('x', 700);
    player.getMap(TABLE_MAPS.templates).set('tp2', toYValue({ ...kept, id: 'tp2' }));
    for (const doc of [gm, player]) expect(json(doc, TABLE_MAPS.templates)).toEqual({ tp1: kept });
    expect(reports.map((report) => `${report.what} ${report.where}`)).toEqual([
      'changed templates/tp1',
      'added templates/tp2',
    ]);
  });

  it('undoes a player starting, stopping or changing the table’s ambient audio', () => {
    const { gm, player, reports } = setUp();
    const track = 'c'.repeat(64);
    const playing = {
      track,
      name: 'Rain.ogg',
      playing: true,
      loop: true,
      volume: 0.5,
      startedAt: 1000,
      offset: 0,
    };
    gm.getMap(TABLE_MAPS.audio).set('ambient', playing);
    player.getMap(TABLE_MAPS.audio).set('ambient', { ...playing, playing: false, offset: 3 });
    player.getMap(TABLE_MAPS.audio).set('other', { ...playing, volume: 1 });
    for (const doc of [gm, player])
      expect(json(doc, TABLE_MAPS.audio)).toEqual({ ambient: playing });
    player.getMap(TABLE_MAPS.audio).delete('ambient');
    for (const doc of [gm, player])
      expect(json(doc, TABLE_MAPS.audio)).toEqual({ ambient: playing });
    expect(reports.map((report) => `${report.what} ${report.where}`)).toEqual([
      'changed audio/ambient',
      'added audio/other',
      'deleted audio/ambient',
    ]);
  });

  it('undoes a player adding or removing a sealed journal page', () => {
    const { gm, player, reports } = setUp();
    const sealed = { id: 'h1', sealed: { v: 1, nonce: 'n', body: 'b', keys: {} } };
    gm.getMap(TABLE_MAPS.sealedHandouts).set('h1', sealed);
    player.getMap(TABLE_MAPS.sealedHandouts).delete('h1');
    player.getMap(TABLE_MAPS.sealedHandouts).set('h2', { ...sealed, id: 'h2' });
    for (const doc of [gm, player])
      expect(json(doc, TABLE_MAPS.sealedHandouts)).toEqual({ h1: sealed });
    expect(reports.map((report) => `${report.what} ${report.where}`)).toEqual([
      'deleted sealedHandouts/h1',
      'added sealedHandouts/h2',
    ]);
  });

  it('undoes records added, replaced or deleted in GM-owned maps, meta and receipts included', () => {
    const { gm, player, reports } = setUp();
    player.getMap(TABLE_MAPS.tokens).set('t2', toYValue({ ...token, id: 't2' }));
    player.getMap(TABLE_MAPS.meta).set('campaign', { id: 'c1', name: 'Mine now' });
    player.getMap(TABLE_MAPS.receipts).set(`${ANA}.1`, { intentId: `${ANA}.1`, status: 'applied' });
    player.getMap(TABLE_MAPS.tokens).delete('t1');
    for (const doc of [gm, player]) {
      expect(json(doc, TABLE_MAPS.tokens)).toEqual({ t1: token });
      expect(json(doc, TABLE_MAPS.meta)).toEqual({ campaign: { id: 'c1', name: 'Tomb' } });
      expect(json(doc, TABLE_MAPS.receipts)).toEqual({});
    }
    expect(reports.map((report) => `${report.what} ${report.where}`)).toEqual([
      'added tokens/t2',
      'changed meta/campaign',
      `added receipts/${ANA}.1`,
      'deleted tokens/t1',
    ]);
  });

  it("restores another member's deleted or rewritten posts and intents, keeping new entries", () => {
    const { gm, player, reports } = setUp();
    const posts = player.getArray(POST_LOG_PREFIX + ANA);
    player.transact(() => {
      posts.delete(0, 1);
      posts.push([{ id: `${ANA}.p2`, text: 'forged' }]);
    });
    expect(gm.getArray(POST_LOG_PREFIX + ANA).toJSON()).toEqual([
      { id: `${ANA}.p1`, text: 'hello' },
      { id: `${ANA}.p2`, text: 'forged' },
    ]);
    // Put back as the plain JSON it was, not as a Y.Map.
    expect(gm.getArray(POST_LOG_PREFIX + ANA).get(0)).not.toBeInstanceOf(Y.Map);
    expect(player.getArray(POST_LOG_PREFIX + ANA).toJSON()).toEqual(
      gm.getArray(POST_LOG_PREFIX + ANA).toJSON(),
    );
    expect(reports.map((report) => report.where)).toEqual([POST_LOG_PREFIX + ANA]);
    // Appending to one's own log is what logs are for.
    player.getArray(INTENT_LOG_PREFIX + BO).push([{ id: `${BO}.1` }]);
    expect(reports).toHaveLength(1);
  });

  it('restores a log entry rewritten inside (a shared type appended earlier, changed later)', () => {
    const { gm, player, reports } = setUp();
    const posts = player.getArray(POST_LOG_PREFIX + ANA);
    // Appended as a Y.Map, which only a modified client does: kept, as any new entry is.
    const entry = new Y.Map<unknown>();
    player.transact(() => {
      posts.push([entry]);
      entry.set('text', 'first');
    });
    expect(reports).toEqual([]);
    // Changing it later rewrites a known entry: put back as the plain JSON it was, the new
    // value kept after it as any new entry is.
    entry.set('text', 'rewritten');
    expect(gm.getArray(POST_LOG_PREFIX + ANA).toJSON()).toEqual([
      { id: `${ANA}.p1`, text: 'hello' },
      { text: 'first' },
      { text: 'rewritten' },
    ]);
    expect(gm.getArray(POST_LOG_PREFIX + ANA).get(1)).not.toBeInstanceOf(Y.Map);
    expect(reports.map((report) => report.where)).toEqual([POST_LOG_PREFIX + ANA]);
  });

  it("takes one person's two devices appending at once for appends, not for a rewrite", () => {
    const { gm, player, reports } = setUp();
    // Ana's tablet was offline: it appends after the one entry it had seen, while her laptop
    // (the player's doc) appends two more that the GM's peer receives first.
    const tablet = new Y.Doc();
    // The lowest client id: Yjs orders concurrent inserts by it, so the tablet's entry lands
    // before the laptop's, among entries the GM's peer has already seen.
    tablet.clientID = 1;
    Y.applyUpdate(tablet, Y.encodeStateAsUpdate(player));
    const name = POST_LOG_PREFIX + ANA;
    player.getArray(name).push([{ id: `${ANA}.p2`, text: 'from the laptop' }]);
    player.getArray(name).push([{ id: `${ANA}.p3`, text: 'again' }]);
    tablet.getArray(name).push([{ id: `${ANA}.p2`, text: 'from the tablet' }]);
    Y.applyUpdate(gm, Y.encodeStateAsUpdate(tablet, Y.encodeStateVector(gm)), 'wire');
    expect(
      gm
        .getArray(name)
        .toJSON()
        .map((entry) => entry.text),
    ).toEqual(['hello', 'from the tablet', 'from the laptop', 'again']);
    expect(reports).toEqual([]);
    // A rewrite among them is still one.
    player.transact(() => {
      const posts = player.getArray(name);
      const at = posts.toJSON().findIndex((entry) => entry.text === 'again');
      posts.delete(at, 1);
      posts.insert(at, [{ id: `${ANA}.p3`, text: 'rewritten' }]);
    });
    expect(reports.map((report) => report.what)).toEqual(['changed']);
    expect(
      gm
        .getArray(name)
        .toJSON()
        .map((entry) => entry.text),
    ).toContain('again');
  });

  it('puts a meta entry back as the plain JSON it was, as its readers expect', () => {
    const { gm, player } = setUp();
    player.getMap(TABLE_MAPS.meta).set('campaign', { id: 'c1', name: 'Mine now' });
    for (const doc of [gm, player]) {
      expect(doc.getMap(TABLE_MAPS.meta).get('campaign')).toEqual({ id: 'c1', name: 'Tomb' });
    }
  });

  it("undoes an actor's fields written by a client no signed intent names (ownerWrites.test.ts: owners')", () => {
    const { gm, player, reports } = setUp();
    const stored = player.getMap(TABLE_MAPS.actors).get('a1') as Y.Map<unknown>;
    (stored.get('data') as Y.Map<unknown>).set('hp', 3);
    stored.set('owners', [ANA, BO]);
    for (const doc of [gm, player]) expect(json(doc, TABLE_MAPS.actors).a1).toEqual(actor);
    expect(reports.map((report) => report.where)).toEqual(['actors/a1', 'actors/a1']);
  });

  it("accepts the GM peer's own writes", () => {
    const { gm, player, reports } = setUp();
    (gm.getMap(TABLE_MAPS.tokens).get('t1') as Y.Map<unknown>).set('x', 70);
    expect(json(player, TABLE_MAPS.tokens).t1).toEqual({ ...token, x: 70 });
    expect(reports).toEqual([]);
  });
});
