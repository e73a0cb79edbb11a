/**
 * `combat.initiative` (initiativeRules.ts, ruleIntent.ts): who may roll for whom, each
 * combatant's roll through the module's `initiative` hook in the real sandbox with its own seed,
 * the plain d20 without one, and the encounter written re-ordered.
 */
import { Sandbox } from '@meshtable/sandbox';
import { nodeWorkerLauncher } from '@meshtable/sandbox/node';
import type { Actor, Combat, Combatant } from '@meshtable/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoModule } from '../testing/demoModule';
import { tokenRecord } from '../testing/records';
import type { RulesHost } from './GmValidator';
import { fallbackInitiative, initiativeSeed } from './initiativeRules';
import { type ModuleIntent, type RuleOutcome, ruleIntent } from './ruleIntent';
import type { TableSnapshot } from './tableSnapshot';

const GM = 'g'.repeat(22);
const ANA = 'a'.repeat(22);
const BO = 'b'.repeat(22);
const SEED = new Uint8Array(32).fill(9);

function actor(id: string, owners: string[], dex: number): Actor {
  return { id, type: 'character', name: id, image: null, owners, data: { dex } };
}

function combatant(id: string, fields: Partial<Combatant> = {}): Combatant {
  return { id, tokenId: null, actorId: null, name: id, initiative: null, ...fields };
}

const fight: Combat = {
  id: 'fight',
  sceneId: 's1',
  active: true,
  round: 1,
  turn: 1,
  combatants: [
    combatant('c-goblin', { name: 'Goblin', initiative: 14, actorId: 'goblin' }),
    combatant('c-ana', { name: 'Ana', tokenId: 't-ana' }),
    combatant('c-bo', { name: 'Bo', actorId: 'bo' }),
    combatant('c-crate', { name: 'Crate', tokenId: 't-crate' }),
  ],
};

const snapshot = {
  scenes: {},
  tokens: {
    't-ana': tokenRecord('t-ana', 's1', { actorId: 'ana', owners: [ANA] }),
    't-crate': tokenRecord('t-crate', 's1'),
  },
  actors: { ana: actor('ana', [ANA], 3), bo: actor('bo', [BO], 1), goblin: actor('goblin', [], 2) },
  handouts: {},
  combat: {
    fight,
    over: { ...fight, id: 'over', active: false },
  },
} as unknown as TableSnapshot;

let seq = 0;
function intent(payload: unknown, author = ANA): ModuleIntent {
  seq++;
  return {
    id: `${author}.${seq}`,
    kind: 'combat.initiative',
    payload: payload as never,
    author,
    seq,
  };
}

function rule(
  rules: RulesHost | null,
  payload: unknown,
  asker = ANA,
  seed: Uint8Array | null = SEED,
) {
  return ruleIntent(intent(payload, asker), {
    rules,
    asker: { userId: asker, isGm: asker === GM },
    snapshot,
    state: { ...(snapshot as object), members: {} } as never,
    seed,
  });
}

const rejected = (reason: string | RegExp) => ({
  ok: false,
  reason: typeof reason === 'string' ? reason : expect.stringMatching(reason),
});

/** The encounter as the ruling's changes leave it. */
function written(outcome: RuleOutcome): Pick<Combat, 'combatants' | 'turn' | 'round'> {
  if (!outcome.ok) throw new Error(`rejected: ${outcome.reason}`);
  const value = (field: string): unknown =>
    outcome.ruling.changes.find((change) => change.op === 'set' && change.path[0] === field);
  return {
    combatants: (value('combatants') as { value: Combatant[] }).value,
    // Written only when the re-ordering moved the turn; the round never.
    turn: ((value('turn') as { value: number } | undefined) ?? { value: fight.turn }).value,
    round: ((value('round') as { value: number } | undefined) ?? { value: fight.round }).value,
  };
}

describe('who may roll initiative', () => {
  it('lets a player roll for the combatant whose token or actor they own, once', async () => {
    expect(await rule(null, { combatId: 'fight', combatantIds: ['c-ana'] })).toMatchObject({
      ok: true,
    });
    expect(await rule(null, { combatId: 'fight', combatantIds: ['c-bo'] }, BO)).toMatchObject({
      ok: true,
    });
    expect(await rule(null, { combatId: 'fight', combatantIds: ['c-goblin'] }, GM)).toMatchObject({
      ok: true,
    });
    expect(await rule(null, { combatId: 'fight', combatantIds: ['c-ana', 'c-bo'] })).toMatchObject(
      rejected('you may roll initiative only for your own combatants, not Bo'),
    );
  });

  it("refuses a player's second roll: a rolled value is the GM's to change", async () => {
    const rolledAna = {
      ...snapshot,
      combat: {
        fight: {
          ...fight,
          combatants: fight.combatants.map((c) => (c.id === 'c-ana' ? { ...c, initiative: 7 } : c)),
        },
      },
    } as unknown as TableSnapshot;
    const outcome = await ruleIntent(intent({ combatId: 'fight', combatantIds: ['c-ana'] }), {
      rules: null,
      asker: { userId: ANA, isGm: false },
      snapshot: rolledAna,
      state: {},
      seed: SEED,
    });
    expect(outcome).toMatchObject(
      rejected('Ana has rolled initiative already: only the GM may change it'),
    );
  });

  it('refuses a missing encounter, an ended one, an unknown combatant and a malformed payload', async () => {
    expect(await rule(null, { combatId: 'nope', combatantIds: ['c-ana'] }, GM)).toMatchObject(
      rejected('there is no such encounter'),
    );
    expect(await rule(null, { combatId: 'over', combatantIds: ['c-ana'] }, GM)).toMatchObject(
      rejected('this encounter has ended'),
    );
    expect(await rule(null, { combatId: 'fight', combatantIds: ['c-ghost'] }, GM)).toMatchObject(
      rejected('there is no combatant c-ghost in this encounter'),
    );
    for (const payload of [
      { combatId: 'fight', combatantIds: [] },
      { combatId: 'fight', combatantIds: ['c-ana', 'c-ana'] },
      { combatId: 'fight' },
      'fight',
    ]) {
      expect(await rule(null, payload, GM)).toMatchObject(rejected(/needs an encounter/));
    }
  });

  it('needs the dice chain', async () => {
    expect(
      await rule(null, { combatId: 'fight', combatantIds: ['c-ana'] }, ANA, null),
    ).toMatchObject(rejected('this campaign has no dice chain to roll with'));
  });
});

describe('without an initiative hook', () => {
  it('rolls a plain d20 from each combatant’s own seed, and records the die', async () => {
    const outcome = await rule(null, { combatId: 'fight', combatantIds: ['c-ana', 'c-crate'] }, GM);
    const ana = fallbackInitiative(initiativeSeed(SEED, 'c-ana'));
    const crate = fallbackInitiative(initiativeSeed(SEED, 'c-crate'));
    expect(outcome.draws).toEqual([
      { sides: 20, value: ana },
      { sides: 20, value: crate },
    ]);
    expect(outcome).toMatchObject({
      ok: true,
      ruling: {
        result: {
          combatId: 'fight',
          rolls: [
            { combatantId: 'c-ana', name: 'Ana', initiative: ana, dice: [ana], by: 'd20' },
            { combatantId: 'c-crate', name: 'Crate', initiative: crate, dice: [crate], by: 'd20' },
          ],
        },
      },
    });
  });
});

describe('with the module in the sandbox', () => {
  // d20 + dex, with dex / 100 to break ties, as srd5e does; and a module that fails.
  const RULES = `
exports.initiative = (actor, ctx) => {
  if (actor.data.dex > 5) throw new Error('too quick');
  return ctx.dice.die(20) + actor.data.dex + actor.data.dex / 100;
};
exports.validate = () => ({ ok: false, reason: 'this module knows no combat.initiative' });`;
  let sandbox: Sandbox;
  let rules: RulesHost;
  beforeAll(async () => {
    sandbox = new Sandbox({ launch: nodeWorkerLauncher() });
    rules = await loadDemoModule(sandbox, RULES);
  });
  afterAll(() => sandbox.close());

  it("rolls each combatant's actor through the hook, each with its own seed, without asking validate", async () => {
    const outcome = await rule(
      rules,
      { combatId: 'fight', combatantIds: ['c-ana', 'c-bo', 'c-crate'] },
      GM,
    );
    // The sandbox's die is the dice package's: the same seed gives the same d20.
    const anaDie = fallbackInitiative(initiativeSeed(SEED, 'c-ana'));
    const boDie = fallbackInitiative(initiativeSeed(SEED, 'c-bo'));
    const crateDie = fallbackInitiative(initiativeSeed(SEED, 'c-crate'));
    expect(outcome.draws.map((draw) => draw.value)).toEqual([anaDie, boDie, crateDie]);
    expect(outcome).toMatchObject({
      ok: true,
      ruling: {
        result: {
          rolls: [
            {
              combatantId: 'c-ana',
              initiative: anaDie + 3 + 3 / 100,
              dice: [anaDie],
              by: 'module',
            },
            { combatantId: 'c-bo', initiative: boDie + 1 + 1 / 100, dice: [boDie], by: 'module' },
            // A token without an actor has no sheet for the hook: the plain d20.
            { combatantId: 'c-crate', initiative: crateDie, dice: [crateDie], by: 'd20' },
          ],
        },
      },
    });
  });

  it('writes the initiatives into the encounter, re-ordered, the turn kept on its combatant', async () => {
    const outcome = await rule(
      rules,
      { combatId: 'fight', combatantIds: ['c-ana', 'c-bo', 'c-crate'] },
      GM,
    );
    const encounter = written(outcome);
    const values = encounter.combatants.map((c) => c.initiative as number);
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    expect(encounter.combatants.find((c) => c.id === 'c-goblin')?.initiative).toBe(14);
    // It was Ana's turn (index 1 before): it still is, wherever she now stands.
    expect(encounter.combatants[encounter.turn]?.id).toBe('c-ana');
    expect(encounter.round).toBe(1);
    if (!outcome.ok) return;
    expect(outcome.ruling.changes.some((change) => change.path[0] === 'round')).toBe(false);
  });

  it("turns the hook's failure into a rejection that names the combatant and the code", async () => {
    const quick = {
      ...snapshot,
      actors: { ...snapshot.actors, bo: actor('bo', [BO], 9) },
    } as unknown as TableSnapshot;
    const outcome = await ruleIntent(intent({ combatId: 'fight', combatantIds: ['c-bo'] }, BO), {
      rules,
      asker: { userId: BO, isGm: false },
      snapshot: quick,
      state: {},
      seed: SEED,
    });
    expect(outcome).toMatchObject(rejected(/^Bo's initiative: the rules failed \(MODULE_ERROR\)/));
  });
});
