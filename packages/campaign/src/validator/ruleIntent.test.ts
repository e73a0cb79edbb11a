/**
 * Who rules on what (ruleIntent.ts): the core's checks before the module's, the module's
 * `validate` for every kind, and apply by kind, with the rules of a module in the real sandbox.
 */
import { Sandbox } from '@meshtable/sandbox';
import { nodeWorkerLauncher } from '@meshtable/sandbox/node';
import type { Actor, Token } from '@meshtable/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoModule } from '../testing/demoModule';
import { ownedToken } from '../testing/records';
import type { RulesHost } from './GmValidator';
import { type ModuleIntent, type RuleContext, type RuleOutcome, ruleIntent } from './ruleIntent';
import type { TableSnapshot } from './tableSnapshot';

const GM = 'g'.repeat(22);
const ANA = 'a'.repeat(22);
const BO = 'b'.repeat(22);
const SEED = new Uint8Array(32).fill(7);

function actor(id: string, owners: string[], data: Record<string, unknown> = {}): Actor {
  return { id, type: 'character', name: id, image: null, owners, data: data as Actor['data'] };
}

const tokens: Record<string, Token> = {
  t1: ownedToken([ANA], { actorId: 'ana' }),
  t2: ownedToken([BO], { id: 't2', actorId: 'bo', x: 70 }),
};
const snapshot = {
  scenes: {},
  tokens,
  actors: {
    ana: actor('ana', [ANA], { hp: 12, maxHp: 15 }),
    bo: actor('bo', [BO], { hp: 3 }),
    rock: actor('rock', []),
  },
  handouts: {},
  combat: {},
} as unknown as TableSnapshot;

let seq = 0;
function intent(kind: string, payload: unknown, author = ANA): ModuleIntent {
  seq++;
  return { id: `${author}.${seq}`, kind, payload: payload as never, author, seq };
}

function context(
  rules: RulesHost | null,
  asker = ANA,
  seed: Uint8Array | null = SEED,
): RuleContext {
  return {
    rules,
    asker: { userId: asker, isGm: asker === GM },
    snapshot,
    state: { ...(snapshot as object), members: {} } as RuleContext['state'],
    seed,
  };
}

const rejected = (reason: string | RegExp) => ({
  ok: false,
  reason: typeof reason === 'string' ? reason : expect.stringMatching(reason),
});
const changesOf = (outcome: RuleOutcome) => (outcome.ok ? outcome.ruling.changes : null);

describe('the core rules alone (no module)', () => {
  it('moves a token for its owner or a GM, and for nobody else', async () => {
    const move = { tokenId: 't2', x: 140, y: 0 };
    expect(await ruleIntent(intent('token.move', move), context(null))).toMatchObject(
      rejected('you do not control this token'),
    );
    expect(changesOf(await ruleIntent(intent('token.move', move, GM), context(null, GM)))).toEqual([
      { op: 'set', collection: 'tokens', id: 't2', path: ['x'], value: 140 },
      { op: 'set', collection: 'tokens', id: 't2', path: ['y'], value: 0 },
    ]);
  });

  it('applies damage to data.hp, never below 0, and heals up to data.maxHp', async () => {
    const hit = await ruleIntent(
      intent('damage.apply', { actorId: 'ana', amount: 20 }),
      context(null),
    );
    expect(hit).toMatchObject({ ok: true, ruling: { result: { hp: 0, change: -12 } } });
    const healed = await ruleIntent(
      intent('damage.apply', { actorId: 'ana', amount: -9 }),
      context(null),
    );
    expect(changesOf(healed)).toEqual([
      { op: 'set', collection: 'actors', id: 'ana', path: ['data', 'hp'], value: 15 },
    ]);
  });

  it("refuses damage to another's character, to one without hit points, and without an amount", async () => {
    expect(
      await ruleIntent(intent('damage.apply', { actorId: 'bo', amount: 2 }), context(null)),
    ).toMatchObject(rejected(/only the GM or its owner/));
    expect(
      await ruleIntent(
        intent('damage.apply', { actorId: 'rock', amount: 2 }, GM),
        context(null, GM),
      ),
    ).toMatchObject(rejected(/no hit points \(data\.hp\)/));
    expect(
      await ruleIntent(intent('damage.apply', { actorId: 'ana', amount: 'lots' }), context(null)),
    ).toMatchObject(rejected('damage needs an amount'));
  });

  it('rolls /r and /roll, and knows no other command', async () => {
    const rolled = await ruleIntent(
      intent('chat.command', { name: 'r', text: '2d6+1' }),
      context(null),
    );
    expect(rolled).toMatchObject({
      ok: true,
      ruling: { changes: [], result: { command: 'r', roll: { notation: '2d6+1' } } },
    });
    expect(
      await ruleIntent(intent('chat.command', { name: 'attack', text: 'bo' }), context(null)),
    ).toMatchObject(rejected('this game system has no /attack command'));
  });

  it('refuses a command in the name of a character the player does not own', async () => {
    expect(
      await ruleIntent(
        intent('chat.command', { name: 'r', text: '1d20', actorId: 'bo' }),
        context(null),
      ),
    ).toMatchObject(rejected('you do not own the character you speak as'));
    expect(
      await ruleIntent(intent('chat.command', { name: '<script>', text: '' }), context(null)),
    ).toMatchObject(rejected(/a command needs a name/));
  });

  it('refuses to roll without a dice chain, and a notation that does not roll', async () => {
    expect(
      await ruleIntent(intent('roll', { notation: '1d20' }), context(null, ANA, null)),
    ).toMatchObject(rejected('this campaign has no dice chain to roll with'));
    expect(await ruleIntent(intent('roll', { notation: '1d' }), context(null))).toMatchObject({
      ok: false,
    });
  });

  it('leaves a kind it does not know to the GM', async () => {
    expect(await ruleIntent(intent('demo:dance', {}), context(null))).toMatchObject(
      rejected('only the GM may do "demo:dance" in this game system'),
    );
    expect(await ruleIntent(intent('demo:dance', {}, GM), context(null, GM))).toMatchObject(
      rejected('the game system has no rule to apply "demo:dance"'),
    );
  });
});

describe('a GM’s edit from a device that does not run the table (gm.edit)', () => {
  const rename = [
    { op: 'set', collection: 'tokens', id: 't1', path: ['name'], value: 'Ana the Bold' },
  ];

  it('commits a GM’s changes as they are, and refuses them to a player', async () => {
    expect(
      changesOf(await ruleIntent(intent('gm.edit', { changes: rename }, GM), context(null, GM))),
    ).toEqual(rename);
    expect(await ruleIntent(intent('gm.edit', { changes: rename }), context(null))).toMatchObject(
      rejected('only a GM edits the table’s records'),
    );
  });

  it('refuses a player’s fog edit, kept template or party move', async () => {
    for (const change of [
      { op: 'set', collection: 'fog', id: 's1/f1', path: [], value: { id: 'f1' } },
      { op: 'delete', collection: 'templates', id: 'k1', path: [] },
      { op: 'set', collection: 'meta', id: 'activeScene', path: [], value: { sceneId: 's1' } },
    ]) {
      expect(
        await ruleIntent(intent('gm.edit', { changes: [change] }), context(null)),
      ).toMatchObject(rejected('only a GM edits the table’s records'));
    }
  });

  it('refuses a payload that is not a change list', async () => {
    for (const payload of [
      {},
      { changes: [] },
      { changes: [{ op: 'set', collection: 'receipts', id: 'x', path: [], value: 1 }] },
      // Drawings keep their own intents, which check their authors.
      { changes: [{ op: 'delete', collection: 'annotations', id: 'd1', path: [] }] },
      { changes: rename, extra: true },
    ]) {
      expect(await ruleIntent(intent('gm.edit', payload, GM), context(null, GM))).toMatchObject(
        rejected(/^a GM edit needs a list of changes/),
      );
    }
  });
});

describe('a module in the sandbox', () => {
  // A careless module: its validate admits anything, its apply gives a shove that moves the
  // other token, and its command asks for whatever intent its text names.
  const RULES = `
exports.validate = (intent) =>
  intent.kind === 'token.move' && intent.payload.x > 700
    ? { ok: false, reason: 'you move 10 squares at most' }
    : intent.kind === 'roll' && intent.payload.difficulty > 20
      ? { ok: false, reason: 'nothing is harder than 20' }
      : { ok: true };
exports.apply = (intent, state, ctx) => {
  if (intent.kind === 'demo:shove')
    return [{ op: 'set', collection: 'tokens', id: 't2', path: ['x'], value: 210 }];
  if (intent.kind === 'demo:push')
    return { changes: [{ op: 'set', collection: 'tokens', id: 't2', path: ['y'], value: 70 }], result: { pushed: 't2', squares: 1 } };
  if (intent.kind === 'damage.apply') {
    const soak = ctx.dice.die(6);
    const hp = state.actors[intent.payload.actorId].data.hp;
    return [{ op: 'set', collection: 'actors', id: intent.payload.actorId, path: ['data', 'hp'], value: hp - Math.max(0, intent.payload.amount - soak) }];
  }
  throw new TypeError('apply: unknown intent ' + intent.kind);
};
exports.roll = (request, ctx) => {
  const dice = [ctx.dice.die(6), ctx.dice.die(6)];
  const against = request.difficulty === undefined ? '' : ' against ' + request.difficulty;
  return { total: dice.filter((d) => d >= 5).length, text: request.notation + ' hits' + against, dice };
};
exports.commands = {
  ask: { description: 'Ask for an intent', run: (input) => JSON.parse(input.text) },
  hard: () => ({ roll: { notation: '2d6', label: 'Hard', options: { difficulty: 9, notation: '9d6', label: 'Easy' } } }),
  impossible: () => ({ roll: { notation: '2d6', options: { difficulty: 99 } } }),
  shout: (input) => ({ message: input.text.toUpperCase() + (input.actor ? ' says ' + input.actor.name : '') }),
};`;
  let sandbox: Sandbox;
  let rules: RulesHost;
  beforeAll(async () => {
    sandbox = new Sandbox({ launch: nodeWorkerLauncher() });
    rules = await loadDemoModule(sandbox, RULES);
  });
  afterAll(() => sandbox.close());

  it("cannot let a player move another's token: the core checks first", async () => {
    expect(
      await ruleIntent(intent('token.move', { tokenId: 't2', x: 0, y: 0 }), context(rules)),
    ).toMatchObject(rejected('you do not control this token'));
  });

  it('may refuse a core kind for a game reason, and the core applies what it admits', async () => {
    expect(
      await ruleIntent(intent('token.move', { tokenId: 't1', x: 770, y: 0 }), context(rules)),
    ).toMatchObject(rejected('you move 10 squares at most'));
    const moved = await ruleIntent(
      intent('token.move', { tokenId: 't1', x: 140, y: 0 }),
      context(rules),
    );
    expect(changesOf(moved)).toEqual([
      { op: 'set', collection: 'tokens', id: 't1', path: ['x'], value: 140 },
      { op: 'set', collection: 'tokens', id: 't1', path: ['y'], value: 0 },
    ]);
  });

  it("admits its own kinds, and its apply decides what they do (a shove moves another's token)", async () => {
    expect(changesOf(await ruleIntent(intent('demo:shove', {}), context(rules)))).toEqual([
      { op: 'set', collection: 'tokens', id: 't2', path: ['x'], value: 210 },
    ]);
  });

  it('shows what its apply says the receipt shows, beside the changes', async () => {
    expect(await ruleIntent(intent('demo:push', {}), context(rules))).toMatchObject({
      ok: true,
      ruling: {
        changes: [{ op: 'set', collection: 'tokens', id: 't2', path: ['y'], value: 70 }],
        result: { pushed: 't2', squares: 1 },
      },
    });
  });

  it("hands a command's roll options to its roll hook, but not over its notation or label", async () => {
    const hard = await ruleIntent(
      intent('chat.command', { name: 'hard', text: '' }),
      context(rules),
    );
    expect(hard).toMatchObject({
      ok: true,
      ruling: { result: { command: 'hard', roll: { text: '2d6 hits against 9' } } },
    });
    expect(hard.draws).toHaveLength(2);
  });

  it("asks its validate about a command's roll, as about any roll", async () => {
    expect(
      await ruleIntent(intent('chat.command', { name: 'impossible', text: '' }), context(rules)),
    ).toMatchObject(rejected('/impossible: nothing is harder than 20'));
  });

  it('rules on damage with its apply, and keeps the dice it drew', async () => {
    const outcome = await ruleIntent(
      intent('damage.apply', { actorId: 'ana', amount: 5 }),
      context(rules),
    );
    expect(outcome.ok).toBe(true);
    expect(outcome.draws).toEqual([expect.objectContaining({ sides: 6 })]);
    const soak = outcome.draws[0]?.value as number;
    expect(changesOf(outcome)).toEqual([
      {
        op: 'set',
        collection: 'actors',
        id: 'ana',
        path: ['data', 'hp'],
        value: 12 - Math.max(0, 5 - soak),
      },
    ]);
  });

  it('rolls with its roll hook', async () => {
    const outcome = await ruleIntent(intent('roll', { notation: '2d6' }), context(rules));
    expect(outcome).toMatchObject({
      ok: true,
      ruling: { changes: [], result: { text: '2d6 hits' } },
    });
    expect(outcome.draws).toHaveLength(2);
  });

  it("runs its commands and rules on what they ask for as the same author's intent", async () => {
    const shout = await ruleIntent(
      intent('chat.command', { name: 'shout', text: 'charge', actorId: 'ana' }),
      context(rules),
    );
    expect(shout).toMatchObject({
      ok: true,
      ruling: { changes: [], result: { command: 'shout', message: 'CHARGE says ana' } },
    });
    const shove = await ruleIntent(
      intent('chat.command', {
        name: 'ask',
        text: '{"intent":{"kind":"demo:shove","payload":{}}}',
      }),
      context(rules),
    );
    expect(shove).toMatchObject({
      ok: true,
      ruling: {
        changes: [{ collection: 'tokens', id: 't2', path: ['x'], value: 210 }],
        result: { command: 'ask', intent: { kind: 'demo:shove' } },
      },
    });
  });

  it("refuses a command's intent that the core refuses, and one that asks for another command or a join", async () => {
    const ask = (asked: object) =>
      ruleIntent(
        intent('chat.command', { name: 'ask', text: JSON.stringify({ intent: asked }) }),
        context(rules),
      );
    expect(await ask({ kind: 'token.move', payload: { tokenId: 't2', x: 0, y: 0 } })).toMatchObject(
      rejected('/ask: you do not control this token'),
    );
    expect(await ask({ kind: 'chat.command', payload: { name: 'ask', text: '{}' } })).toMatchObject(
      rejected('/ask: a command cannot ask for a "chat.command"'),
    );
    expect(await ask({ kind: 'join', payload: {} })).toMatchObject(
      rejected('/ask: a command cannot ask for a "join"'),
    );
  });

  it("turns a failing command into a rejection naming the sandbox's code", async () => {
    expect(
      await ruleIntent(intent('chat.command', { name: 'ask', text: 'not json' }), context(rules)),
    ).toMatchObject(rejected(/^the rules failed \(MODULE_ERROR\)/));
  });
});
