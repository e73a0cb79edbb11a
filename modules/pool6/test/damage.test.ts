/**
 * damage.apply and pool6:recover against reference/damage.md: overflow from stun into physical,
 * dying and dead, healing, the token conditions, and who may do what.
 */
import type { JsonObject } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GM, intent, kestrel, MODULE_DIR, table, token } from './support';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

/** Kestrel with this damage, on a table with two of her tokens (one marked prone by the GM). */
function hurtTable(physical: number, stun: number, overflow = 0) {
  return table(
    [kestrel({ damage: { physical, stun, overflow } })],
    [
      token('t-kes', 'kestrel', 0, 0),
      token('t-kes2', 'kestrel', 0, 0, { sceneId: 's2', conditions: ['prone'] }),
    ],
  );
}

const damage = (amount: number, type?: string, author?: string) =>
  intent(
    'damage.apply',
    type === undefined ? { actorId: 'kestrel', amount } : { actorId: 'kestrel', amount, type },
    author,
  );

/** Applies an intent: Kestrel's new damage, each token's conditions, and what the table sees. */
async function outcome(request: ReturnType<typeof damage>, on: ReturnType<typeof hurtTable>) {
  const { changes, result } = await rules.ruling(request, on);
  const stored = changes.find(
    (change) => change.id === 'kestrel' && change.path.at(-1) === 'damage',
  );
  const conditions: Record<string, unknown> = {};
  for (const change of changes)
    if (change.collection === 'tokens')
      conditions[change.id] = (change as { value: unknown }).value;
  return {
    damage: (stored as { value: JsonObject } | undefined)?.value,
    conditions,
    changes,
    result,
  };
}

describe('damage.md "Stun overflow"', () => {
  it('8 stun + 5 stun: the stun track fills (unconscious) and 3 boxes land on physical', async () => {
    const { damage: after, conditions, result } = await outcome(damage(5, 'stun'), hurtTable(0, 8));
    expect(after).toEqual({ physical: 3, stun: 10, overflow: 0 });
    expect(conditions).toEqual({ 't-kes': ['unconscious'], 't-kes2': ['prone', 'unconscious'] });
    expect(result).toEqual({
      kind: 'damage',
      actorId: 'kestrel',
      track: 'stun',
      amount: 5,
      damage: { physical: 3, stun: 10, overflow: 0 },
      condition: 'unconscious',
      text: 'Kestrel takes 5 boxes of stun and is unconscious',
    });
  });
});

describe('damage.md "Physical overflow: dying and dead"', () => {
  it('9 physical + 3: the track fills and 2 boxes overflow: dying (and unconscious)', async () => {
    const { damage: after, conditions } = await outcome(damage(3), hurtTable(9, 0));
    expect(after).toEqual({ physical: 10, stun: 0, overflow: 2 });
    expect(conditions['t-kes']).toEqual(['unconscious', 'dying']);
  });

  it('2 more overflow boxes (4, her Body) leave her dying; 3 more (5) kill her', async () => {
    expect((await outcome(damage(2), hurtTable(10, 0, 2))).damage).toEqual({
      physical: 10,
      stun: 0,
      overflow: 4,
    });
    const { damage: after, conditions } = await outcome(damage(3), hurtTable(10, 0, 2));
    expect(after).toEqual({ physical: 10, stun: 0, overflow: 5 });
    expect(conditions).toEqual({ 't-kes': ['dead'], 't-kes2': ['prone', 'dead'] });
  });

  it('overflow stops one box past Body: dead is dead', async () => {
    expect((await outcome(damage(40), hurtTable(0, 0))).damage).toEqual({
      physical: 10,
      stun: 0,
      overflow: 5,
    });
  });
});

describe('damage.md "Taking damage and healing"', () => {
  it('3 boxes of first aid clear 2 overflow boxes, then 1 physical: 9, no longer dying', async () => {
    const { damage: after, conditions } = await outcome(damage(-3), hurtTable(10, 0, 2));
    expect(after).toEqual({ physical: 9, stun: 0, overflow: 0 });
    expect(conditions['t-kes']).toEqual(['wounded']);
  });

  it('healing stun takes boxes off the stun track only, never below 0', async () => {
    expect((await outcome(damage(-4, 'stun'), hurtTable(3, 2))).damage).toEqual({
      physical: 3,
      stun: 0,
      overflow: 0,
    });
  });

  it('reads P and S (any case) as physical and stun, and physical when no type is given', async () => {
    expect((await outcome(damage(2, 'S'), hurtTable(0, 0))).damage).toEqual({
      physical: 0,
      stun: 2,
      overflow: 0,
    });
    expect((await outcome(damage(2, 'p'), hurtTable(0, 0))).damage).toEqual({
      physical: 2,
      stun: 0,
      overflow: 0,
    });
    expect((await outcome(damage(2), hurtTable(0, 0))).damage).toEqual({
      physical: 2,
      stun: 0,
      overflow: 0,
    });
  });

  it("writes token conditions only when they change, and keeps the GM's own marks", async () => {
    const { changes } = await outcome(damage(1), hurtTable(0, 0));
    expect(changes).toEqual([
      {
        op: 'set',
        collection: 'actors',
        id: 'kestrel',
        path: ['data', 'damage'],
        value: { physical: 1, stun: 0, overflow: 0 },
      },
    ]);
    const wounded = await outcome(damage(2), hurtTable(1, 0));
    expect(wounded.conditions).toEqual({ 't-kes': ['wounded'], 't-kes2': ['prone', 'wounded'] });
  });

  it.each([
    [damage(2, 'fire'), 'pool6 damage is "physical" or "stun", not "fire"'],
    [damage(1.5), 'damage is a whole number of boxes from −100 to 100 (negative heals)'],
    [damage(1000), 'damage is a whole number of boxes from −100 to 100 (negative heals)'],
    [intent('damage.apply', { actorId: 'nobody', amount: 1 }), 'there is no character "nobody"'],
  ])('refuses %j, saying why', async (refused, reason) => {
    expect(await rules.validate(refused, hurtTable(0, 0))).toEqual({ ok: false, reason });
  });

  it('only the GM heals the dead', async () => {
    const dead = hurtTable(10, 0, 5);
    expect(await rules.validate(damage(-2), dead)).toEqual({
      ok: false,
      reason: 'Kestrel is dead; only the GM can undo that',
    });
    expect(await rules.validate(damage(-2, undefined, GM), dead)).toEqual({ ok: true });
  });
});

describe('damage.md "Recovery"', () => {
  const recover = (payload: JsonObject, author = GM) =>
    intent('pool6:recover', { actorId: 'kestrel', ...payload }, author);

  it('heals stun and physical boxes (overflow first) and restores luck up to the Luck attribute', async () => {
    const on = table(
      [kestrel({ luckPoints: 0, damage: { physical: 10, stun: 7, overflow: 3 } })],
      [token('t-kes', 'kestrel', 0, 0)],
    );
    const { changes, result } = await rules.ruling(
      recover({ stun: 'all', physical: 5, luck: 9 }),
      on,
    );
    expect(result).toEqual({
      kind: 'recovery',
      actorId: 'kestrel',
      damage: { physical: 8, stun: 0, overflow: 0 },
      luckPoints: 3,
      condition: 'wounded',
      text: 'Kestrel recovers: 0 stun, 8 physical, 3 luck points; wounded',
    });
    expect(changes).toEqual([
      {
        op: 'set',
        collection: 'actors',
        id: 'kestrel',
        path: ['data', 'damage'],
        value: { physical: 8, stun: 0, overflow: 0 },
      },
      { op: 'set', collection: 'tokens', id: 't-kes', path: ['conditions'], value: ['wounded'] },
      { op: 'set', collection: 'actors', id: 'kestrel', path: ['data', 'luckPoints'], value: 3 },
    ]);
  });

  it('heals all physical damage with "all"', async () => {
    const on = table([kestrel({ damage: { physical: 10, stun: 2, overflow: 3 } })]);
    const changes = await rules.apply(recover({ physical: 'all' }), on);
    expect(changes).toEqual([
      {
        op: 'set',
        collection: 'actors',
        id: 'kestrel',
        path: ['data', 'damage'],
        value: { physical: 0, stun: 2, overflow: 0 },
      },
    ]);
  });

  it('restores luck alone without touching damage', async () => {
    const on = table([kestrel({ luckPoints: 1, damage: { physical: 4, stun: 0, overflow: 0 } })]);
    expect(await rules.apply(recover({ luck: 1 }), on)).toEqual([
      { op: 'set', collection: 'actors', id: 'kestrel', path: ['data', 'luckPoints'], value: 2 },
    ]);
  });

  it.each([
    ['a player', recover({ stun: 2 }, 'u-ana'), 'only the GM rules on recovery'],
    [
      'nothing to recover',
      recover({}),
      'pool6:recover heals "stun" or "physical" boxes or restores "luck" points: name at least one',
    ],
    [
      'a negative amount',
      recover({ stun: -2 }),
      'pool6:recover: "stun" must be "all" or a whole number from 0 to 100',
    ],
    [
      'an unknown field',
      recover({ mana: 2 }),
      'pool6:recover has no field "mana" (it takes actorId, stun, physical, luck)',
    ],
  ])('refuses %s, saying why', async (_what, refused, reason) => {
    expect(await rules.validate(refused, table([kestrel()]))).toEqual({ ok: false, reason });
  });

  it('is deterministic', async () => {
    await rules.checkDeterminism('apply', [recover({ stun: 2 }), hurtTable(3, 5)], { seed: 'ab' });
  });
});
