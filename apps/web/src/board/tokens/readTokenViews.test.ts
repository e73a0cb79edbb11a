import { addHiddenToken, type PendingIntent, toYValue } from '@meshtable/campaign';
import { type Actor, TABLE_MAPS, type Token } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newSceneRecord } from '../scene/sceneWrites';
import { readTokenViews } from './readTokenViews';

function token(id: string, fields: Partial<Token> = {}): Token {
  return {
    id,
    sceneId: 's1',
    actorId: null,
    name: id,
    image: null,
    x: 0,
    y: 0,
    size: 1,
    rotation: 0,
    bars: [],
    conditions: [],
    owners: [],
    ...fields,
  };
}

const hero: Actor = {
  id: 'a1',
  type: 'character',
  name: 'Mira',
  image: null,
  owners: [],
  data: { hp: 4 },
};

function table(tokens: Token[]): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    doc.getMap(TABLE_MAPS.scenes).set('s1', toYValue(newSceneRecord('s1', 'Crypt', 0) as never));
    doc.getMap(TABLE_MAPS.actors).set(hero.id, toYValue(hero as never));
    for (const t of tokens) doc.getMap(TABLE_MAPS.tokens).set(t.id, toYValue(t as never));
  });
  return doc;
}

/** A pending intent as IntentClient lists it (only kind and payload matter here). */
const pendingMove = (tokenId: string): PendingIntent =>
  ({ intent: { kind: 'token.move', payload: { tokenId, x: 70, y: 0 } }, index: 0 }) as never;

describe('the tokens a viewer sees', () => {
  it('marks the tokens with a pending move or a refusal, and gives them their bars', () => {
    const doc = table([
      token('t1', { actorId: 'a1' }),
      token('t2'),
      token('elsewhere', { sceneId: 's2' }),
    ]);
    const views = readTokenViews(
      {
        table: doc,
        gm: null,
        intents: {
          optimisticTokens: () =>
            new Map(
              [
                token('t1', { actorId: 'a1', x: 70 }),
                token('t2'),
                token('elsewhere', { sceneId: 's2' }),
              ].map((t) => [t.id, t]),
            ),
          pending: () => [pendingMove('t1'), pendingMove('elsewhere')],
          rejections: () => new Map([['t2', { intentId: 'x.1', reason: 'too far' }]]),
        },
        derived: () => ({ maxHp: 10 }),
      },
      's1',
    );
    expect(views.map((v) => [v.token.id, v.token.x, v.pending, v.rejection, v.hidden])).toEqual([
      ['t1', 70, true, null, false],
      ['t2', 0, false, 'too far', false],
    ]);
    expect(views[0]?.bars).toEqual([{ value: 4, max: 10, color: expect.any(String) }]);
  });

  it("adds the gm doc's hidden tokens of the scene, and only for a GM's sources", () => {
    const doc = table([token('t1')]);
    const gm = new Y.Doc();
    addHiddenToken(doc, gm, token('lurker'));
    addHiddenToken(doc, gm, token('far', { sceneId: 's2' }));
    const intents = {
      optimisticTokens: () => new Map([['t1', token('t1')]]),
      pending: () => [],
      rejections: () => new Map(),
    };
    const forGm = readTokenViews({ table: doc, gm, intents, derived: () => undefined }, 's1');
    expect(forGm.map((v) => [v.token.id, v.hidden])).toEqual([
      ['t1', false],
      ['lurker', true],
    ]);
    const forPlayer = readTokenViews(
      { table: doc, gm: null, intents, derived: () => undefined },
      's1',
    );
    expect(forPlayer.map((v) => v.token.id)).toEqual(['t1']);
  });
});
