/**
 * The board tools of a GM and a player over real table docs and real y-protocols awareness,
 * each connected to the other at once: GM writes (fog, kept templates) and who may make them,
 * fog hiding a token from the player only, pings and the GM's "look here", and presence drawn
 * only for members on the same scene. The tldraw editor is a stand-in: the tools ask it only to
 * move the view.
 */
import {
  CLAIM_FIELD,
  createIdentity,
  encodePublicKey,
  signValidatorClaim,
  toYValue,
} from '@meshtable/campaign';
import {
  BOARD_PRESENCE_FIELD,
  type Receipt,
  type Scene,
  TABLE_MAPS,
  type Token,
} from '@meshtable/schema';
import type { Editor } from 'tldraw';
import { afterEach, describe, expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { BoardTools } from './BoardTools';
import type { BoardToolsSession, BoardToolsView } from './boardToolsSession';

const CAMPAIGN = 'camp1';
const gmIdentity = createIdentity('Gemma', '#aa3300');
const playerIdentity = createIdentity('Pat', '#0033aa');

const scene: Scene = {
  id: 'crypt',
  name: 'The crypt',
  order: 1,
  width: 1400,
  height: 980,
  background: null,
  grid: {
    type: 'square',
    size: 70,
    offsetX: 0,
    offsetY: 0,
    color: '#444444',
    distance: 5,
    units: 'ft',
  },
};
const token = (id: string, col: number, owners: string[]): Token => ({
  id,
  sceneId: 'crypt',
  actorId: null,
  name: id,
  image: null,
  x: col * 70,
  y: 0,
  size: 1,
  rotation: 0,
  bars: [],
  conditions: [],
  owners,
});
const goblin = token('goblin', 5, []);
const hero = token('hero', 6, [playerIdentity.userId]);

const made: { tools: BoardTools[]; awareness: Awareness[] } = { tools: [], awareness: [] };
afterEach(() => {
  for (const tools of made.tools.splice(0)) tools.dispose();
  for (const awareness of made.awareness.splice(0)) awareness.destroy();
});

/** A GM device (validating or not) and a player device on one table, in sync. */
function table({ validating = true } = {}) {
  const docs = [new Y.Doc(), new Y.Doc()] as const;
  for (const [from, to] of [docs, [docs[1], docs[0]]] as const) {
    from.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'wire') Y.applyUpdate(to, update, 'wire');
    });
  }
  const member = (who: typeof gmIdentity, role: 'gm' | 'player') => ({
    userId: who.userId,
    publicKey: encodePublicKey(who.publicKey),
    name: who.name,
    color: who === gmIdentity ? '#aa3300' : '#0033aa',
    role,
    status: 'member',
    since: 1,
  });
  docs[0].transact(() => {
    docs[0].getMap(TABLE_MAPS.scenes).set(scene.id, toYValue(scene));
    const members = docs[0].getMap(TABLE_MAPS.members);
    members.set(gmIdentity.userId, toYValue(member(gmIdentity, 'gm')));
    members.set(playerIdentity.userId, toYValue(member(playerIdentity, 'player')));
  });
  const awarenesses = docs.map((doc) => new Awareness(doc));
  made.awareness.push(...awarenesses);
  for (const awareness of awarenesses) {
    awareness.on(
      'update',
      (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
        if (origin === 'wire') return;
        const update = encodeAwarenessUpdate(awareness, [
          ...changes.added,
          ...changes.updated,
          ...changes.removed,
        ]);
        for (const other of awarenesses)
          if (other !== awareness) applyAwarenessUpdate(other, update, 'wire');
      },
    );
  }
  const [gmAwareness, playerAwareness] = awarenesses as [Awareness, Awareness];
  // Every GM device publishes a signed validator claim (packages/campaign leadership.ts).
  gmAwareness.setLocalStateField(
    CLAIM_FIELD,
    signValidatorClaim(gmIdentity, CAMPAIGN, gmAwareness.clientID, Date.now()),
  );
  const device = (
    doc: Y.Doc,
    awareness: Awareness,
    userId: string,
    canWrite: boolean,
    isGm: boolean,
  ) => {
    const centred: { x: number; y: number }[] = [];
    const viewed: string[] = [];
    const requested: { kind: string; payload: unknown; answer: (receipt: Receipt) => void }[] = [];
    const session: BoardToolsSession = {
      campaignId: CAMPAIGN,
      me: { userId },
      table: doc,
      gm: null,
      tableSync: { awareness },
      rules: null,
      // A GM's other device sends its edits as intents: recorded here, ruled on by the real
      // validator in packages/campaign's tests and in tests/e2e/boardSecondGm.test.ts.
      intents: {
        request: (kind, payload) => {
          const receipt = new Promise<Receipt>((answer) =>
            requested.push({ kind, payload, answer }),
          );
          return { id: `${userId}.${requested.length}`, receipt };
        },
      },
      writeAsGm: (write) => {
        if (!canWrite) return false;
        doc.transact(() => write(doc));
        return true;
      },
      state: () => ({ role: isGm ? 'gm' : 'player', validating: canWrite }),
    };
    const editor = {
      centerOnPoint: (point: { x: number; y: number }) => centred.push({ x: point.x, y: point.y }),
    } as unknown as Editor;
    const tools = new BoardTools(session, editor, { onViewScene: (id) => viewed.push(id) });
    made.tools.push(tools);
    const view: BoardToolsView = { scene, tokens: [goblin, hero], isGm };
    tools.setView(view);
    return { tools, centred, viewed, awareness, requested };
  };
  return {
    gm: device(docs[0], gmAwareness, gmIdentity.userId, validating, true),
    player: device(docs[1], playerAwareness, playerIdentity.userId, false, false),
  };
}

describe('BoardTools', () => {
  it('writes the GM’s fog for everyone; fog hides the goblin from the player, not their hero', () => {
    const { gm, player } = table();
    expect(gm.tools.addFog([{ shape: 'all', mode: 'hide' }])).toBe(true);
    expect(player.tools.fog.get().isFogged({ x: 10, y: 10 })).toBe(true);
    expect(player.tools.hidesToken(goblin)).toBe(true);
    expect(player.tools.hidesToken(hero)).toBe(false);
    expect(gm.tools.hidesToken(goblin)).toBe(false);
    expect(player.tools.visibleTokens.get().map((t) => t.id)).toEqual(['hero']);
    gm.tools.addFog([{ shape: 'rect', mode: 'reveal', x: 350, y: 0, w: 70, h: 70 }]);
    expect(player.tools.hidesToken(goblin)).toBe(false);
  });

  it('sends fog and templates from a GM device that does not run the table, writing nothing itself', () => {
    const { gm, player } = table({ validating: false });
    expect(gm.tools.addFog([{ shape: 'all', mode: 'hide' }])).toBe(true);
    gm.tools.setTemplate({ kind: 'circle', x: 350, y: 35, radius: 70 });
    expect(gm.tools.keepTemplate()).toBe(true);
    expect(gm.requested.map(({ kind }) => kind)).toEqual(['gm.edit', 'gm.edit']);
    expect(gm.requested[0]?.payload).toMatchObject({
      changes: [{ op: 'set', collection: 'fog', value: { sceneId: 'crypt', shape: 'all' } }],
    });
    expect(gm.requested[1]?.payload).toMatchObject({
      changes: [
        { op: 'set', collection: 'templates', value: { sceneId: 'crypt', color: '#aa3300' } },
      ],
    });
    expect(player.tools.fog.get().active).toBe(false);
    expect(player.tools.kept.get()).toEqual([]);
    expect(gm.tools.notice.get()).toBeNull();
  });

  it('puts the second of two fog edits sent at once after the first, though neither is back yet', () => {
    const { gm } = table({ validating: false });
    gm.tools.addFog([{ shape: 'all', mode: 'hide' }]);
    gm.tools.addFog([{ shape: 'rect', mode: 'reveal', x: 0, y: 0, w: 70, h: 70 }]);
    const seqs = gm.requested.map(
      ({ payload }) => (payload as { changes: { value: { seq: number } }[] }).changes[0]?.value.seq,
    );
    expect(seqs).toEqual([0, 1]);
  });

  it('says so when the device that runs the table refuses what was sent', async () => {
    const { gm } = table({ validating: false });
    gm.tools.addFog([{ shape: 'all', mode: 'hide' }]);
    const [sent] = gm.requested;
    sent?.answer({
      status: 'rejected',
      reason: 'fog/crypt/x: there is no scene "crypt"',
    } as Receipt);
    await Promise.resolve();
    expect(gm.tools.notice.get()).toBe(
      'The table refused to edit the fog: fog/crypt/x: there is no scene "crypt"',
    );
  });

  it('refuses a player’s fog, and a broken fog edit, sending nothing', () => {
    const { gm, player } = table({ validating: false });
    expect(player.tools.addFog([{ shape: 'all', mode: 'hide' }])).toBe(false);
    expect(player.tools.notice.get()).toBe('Only a GM can edit the fog.');
    expect(gm.tools.addFog([{ shape: 'brush', mode: 'reveal', radius: -1, points: [0, 0] }])).toBe(
      false,
    );
    expect(gm.tools.notice.get()).toContain('This fog edit cannot be stored');
    expect([...player.requested, ...gm.requested]).toEqual([]);
  });

  it('keeps the GM’s template on the scene and clears the one being placed', () => {
    const { gm, player } = table();
    gm.tools.setTemplate({ kind: 'circle', x: 350, y: 35, radius: 70 });
    expect(gm.tools.keepTemplate()).toBe(true);
    expect(gm.tools.template.get()).toBeNull();
    const kept = player.tools.kept.get();
    expect(kept.map((t) => [t.shape.kind, t.color])).toEqual([['circle', '#aa3300']]);
    const [circle] = kept;
    if (circle === undefined) throw new Error('nothing kept');
    expect(player.tools.coveredBy(circle.shape).map((t) => t.id)).toEqual(['goblin']);
    expect(gm.tools.removeKeptTemplate(circle.id)).toBe(true);
    expect(player.tools.kept.get()).toEqual([]);
  });

  it('shows each side’s ruler and template to the other, by name and colour', async () => {
    const { gm, player } = table();
    player.tools.setRuler({
      waypoints: [{ x: 35, y: 35 }],
      end: { x: 245, y: 175 },
      pressed: true,
    });
    player.tools.setTemplate({ kind: 'circle', x: 350, y: 0, radius: 140 });
    player.tools.presence.flush();
    expect(gm.tools.drawnRulers()).toMatchObject([{ name: 'Pat', color: '#0033aa', mine: false }]);
    expect(gm.tools.drawnTemplates()).toMatchObject([{ by: 'Pat', kept: false }]);
    player.tools.setRuler(null);
    player.tools.presence.flush();
    expect(gm.tools.drawnRulers()).toEqual([]);
  });

  it('draws nothing of a stranger, or of a member on another scene', () => {
    const { gm, player } = table();
    const stranger = {
      v: 1,
      userId: 'SSSSSSSSSSSSSSSSSSSSSS',
      sceneId: 'crypt',
      cursor: [5, 5],
      ruler: [0, 0, 70, 70],
      template: null,
      pings: [],
    };
    player.awareness.setLocalStateField(BOARD_PRESENCE_FIELD, stranger);
    expect(gm.tools.drawnCursors()).toEqual([]);
    expect(gm.tools.drawnRulers()).toEqual([]);
    player.awareness.setLocalStateField(BOARD_PRESENCE_FIELD, {
      ...stranger,
      userId: playerIdentity.userId,
      sceneId: 'elsewhere',
    });
    expect(gm.tools.drawnCursors()).toEqual([]);
  });

  it('moves the player’s view to the GM’s “look here”, not to a player’s', () => {
    const { gm, player } = table();
    expect(gm.tools.ping({ x: 700, y: 490 }, true)).toBe(true);
    expect(player.tools.pings.get()).toMatchObject([{ name: 'Gemma', pull: true }]);
    expect(player.centred).toEqual([{ x: 700, y: 490 }]);
    // A player's ping never pulls, even when their device asks for it.
    player.tools.presence.ping('crypt', { x: 10, y: 10 }, true);
    expect(gm.tools.pings.get().find((p) => p.name === 'Pat')).toMatchObject({ pull: false });
    expect(gm.centred).toEqual([]);
  });

  it('takes the player to the scene of a “look here” first, then to the point', () => {
    const { gm, player } = table();
    gm.tools.presence.ping('vault', { x: 70, y: 70 }, true);
    expect(player.viewed).toEqual(['vault']);
    expect(player.centred).toEqual([]);
    player.tools.setView({ scene: { ...scene, id: 'vault' }, tokens: [], isGm: false });
    expect(player.centred).toEqual([{ x: 70, y: 70 }]);
  });
});
