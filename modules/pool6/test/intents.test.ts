/**
 * pool6:test, pool6:spend-luck, sheet edits and unknown kinds: what validate admits, what apply
 * changes, and the refusals a player reads.
 */
import type { JsonObject } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GM,
  hitsOf,
  intent,
  kestrel,
  MODULE_DIR,
  OTHER_PLAYER,
  ruled,
  SEEDS,
  seedWhere,
  table,
} from './support';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

const state = table([kestrel()]);
const test = (payload: JsonObject, author?: string) =>
  intent('pool6:test', { actorId: 'kestrel', ...payload }, author);

/** Applies a test; returns its roll card (the result), its changes and the faces drawn. */
async function tested(request: ReturnType<typeof test>, seed: string, on = state) {
  const outcome = await rules.call('apply', [request, on], { seed });
  if (!outcome.ok) throw new Error(outcome.error.message);
  const { changes, result } = ruled(outcome.value);
  return { record: result as JsonObject, changes, faces: outcome.draws.map((draw) => draw.value) };
}

describe('pool6:test', () => {
  it('dice-pools.md "Thresholds": Sneaking (9 dice) against threshold 2, 3 hits: success, 1 net hit', async () => {
    const seed = seedWhere(9, (f) => hitsOf(f) === 3);
    const { record, changes, faces } = await tested(
      test({ skill: 'sneaking', threshold: 2 }),
      seed,
    );
    expect(faces).toHaveLength(9);
    expect(record).toMatchObject({
      kind: 'test',
      label: 'Sneaking',
      pool: 9,
      hits: 3,
      total: 3,
      limit: 5,
      threshold: 2,
      success: true,
      netHits: 1,
    });
    expect(record.text).toMatch(
      /^Kestrel, Sneaking: 9d6 \[.*\] = 3 hits; threshold 2: success, 1 net hit$/,
    );
    expect(changes).toEqual([]);
  });

  it('dice-pools.md "Limits": a Sneaking test keeps 5 of 7 hits (physical limit 5)', async () => {
    const seed = seedWhere(9, (f) => hitsOf(f) === 7);
    const { record } = await tested(test({ skill: 'Sneaking' }), seed);
    expect(record).toMatchObject({ rawHits: 7, hits: 5, limit: 5, limitApplied: true });
  });

  it('dice-pools.md "Defaulting": Negotiation, not on the sheet, defaults on Charisma: 1 die', async () => {
    const { record, faces } = await tested(
      test({ skill: 'Negotiation', attribute: 'charisma' }),
      'ab',
    );
    expect(faces).toHaveLength(1);
    expect(record).toMatchObject({ label: 'Negotiation', pool: 1, limit: 4 });
    expect(record.text).toMatch(/^Kestrel, Negotiation \(defaulting\): 1d6/);
  });

  it('dice-pools.md "Defaulting": a test of two attributes adds them (Intuition + Logic = 9)', async () => {
    const { record, faces } = await tested(test({ attributes: ['intuition', 'logic'] }), 'ab');
    expect(faces).toHaveLength(9);
    expect(record).toMatchObject({ label: 'Intuition + Logic', pool: 9, limit: 6 });
  });

  it('damage.md "Wound modifiers": wounds and the modifier take dice off, never below 0', async () => {
    const hurt = table([kestrel({ damage: { physical: 3, stun: 3, overflow: 0 } })]);
    expect((await tested(test({ skill: 'pistols', modifier: -3 }), 'ab', hurt)).faces).toHaveLength(
      5,
    );
    expect(
      (await tested(test({ skill: 'pistols', modifier: -20 }), 'ab', hurt)).faces,
    ).toHaveLength(0);
  });

  it('takes a limit by name, a number, or "none"', async () => {
    const seed = seedWhere(9, (f) => hitsOf(f) === 7);
    expect((await tested(test({ skill: 'sneaking', limit: 'mental' }), seed)).record).toMatchObject(
      { hits: 6, limit: 6 },
    );
    expect((await tested(test({ skill: 'sneaking', limit: 3 }), seed)).record).toMatchObject({
      hits: 3,
    });
    expect((await tested(test({ skill: 'sneaking', limit: 'none' }), seed)).record).toMatchObject({
      hits: 7,
      limit: null,
    });
  });

  it('rolls a number of dice as counted (wounds not taken off again), limited only if asked', async () => {
    const hurt = table([kestrel({ damage: { physical: 3, stun: 0, overflow: 0 } })]);
    const seed = seedWhere(8, (f) => hitsOf(f) === 6);
    const { record, faces } = await tested(test({ dice: 8, threshold: 2 }), seed, hurt);
    expect(faces).toHaveLength(8);
    expect(record).toMatchObject({ label: 'Test', pool: 8, hits: 6, limit: null, netHits: 4 });
    expect(record.text).toMatch(/^Kestrel, Test: 8d6 \[/);
    const limited = await tested(test({ dice: 8, limit: 'physical' }), seed, hurt);
    expect(limited.record).toMatchObject({ rawHits: 6, hits: 5, limit: 5 });
  });

  it('dice-pools.md "Luck": with luck, 3 more dice, sixes explode, no limit, one point spent', async () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const { record, changes, faces } = await tested(
        test({ skill: 'sneaking', luck: true }),
        seed,
      );
      expect(record).toMatchObject({ pool: 9, luckDice: 3, luckUsed: true, limitApplied: false });
      expect(record.hits).toBe(hitsOf(faces));
      expect(changes.at(-1)).toEqual({
        op: 'set',
        collection: 'actors',
        id: 'kestrel',
        path: ['data', 'luckPoints'],
        value: 2,
      });
    }
  });

  it('is deterministic', async () => {
    await rules.checkDeterminism(
      'apply',
      [test({ skill: 'pistols', luck: true, threshold: 3 }), state],
      { seed: 'ab' },
    );
  });

  const out = table([kestrel({ damage: { physical: 0, stun: 10, overflow: 0 } })]);
  it.each([
    [
      'a skill the sheet lacks, with no attribute',
      test({ skill: 'Hacking' }),
      state,
      'Kestrel has no skill "Hacking"; name the attribute to default on',
    ],
    [
      'no skill and no attribute',
      test({}),
      state,
      'pool6:test needs "dice", a "skill", an "attribute" or "attributes"',
    ],
    [
      'an unknown attribute',
      test({ attribute: 'edge' }),
      state,
      'pool6:test: "attribute" must be one of body, agility, reaction, strength, willpower, logic, intuition, charisma, luck, magic',
    ],
    [
      'three attributes',
      test({ attributes: ['body', 'logic', 'luck'] }),
      state,
      'pool6:test: "attributes" must list one or two attributes',
    ],
    [
      'a threshold of 0',
      test({ skill: 'pistols', threshold: 0 }),
      state,
      'pool6:test: "threshold" must be a whole number from 1 to 100',
    ],
    [
      'a bad limit',
      test({ skill: 'pistols', limit: 'astral' }),
      state,
      'pool6:test: "limit" must be "physical", "mental", "social", "none" or a whole number from 1 to 100',
    ],
    [
      'luck with none left',
      test({ skill: 'pistols', luck: true }),
      table([kestrel({ luckPoints: 0 })]),
      'Kestrel has no luck left',
    ],
    [
      'an unconscious character',
      test({ skill: 'pistols' }),
      out,
      'Kestrel is unconscious and cannot act',
    ],
    [
      "another player's character",
      test({ skill: 'pistols' }, OTHER_PLAYER),
      state,
      'you do not control Kestrel',
    ],
    [
      'an unknown field',
      test({ skill: 'pistols', pool: 40 }),
      state,
      'pool6:test has no field "pool" (it takes actorId, dice, skill, attribute, attributes, threshold, limit, luck, modifier, label)',
    ],
    [
      'a number of dice beside a skill',
      test({ dice: 8, skill: 'pistols' }),
      state,
      'pool6:test rolls "dice" or a "skill", an "attribute" or "attributes", not both',
    ],
    [
      'more dice than a pool holds',
      test({ dice: 101 }),
      state,
      'pool6:test: "dice" must be a whole number from 0 to 100',
    ],
    [
      'a payload that is not an object',
      intent('pool6:test', []),
      state,
      'pool6:test needs "actorId"',
    ],
  ])('refuses %s, saying why', async (_what, refused, on, reason) => {
    expect(await rules.validate(refused, on)).toEqual({ ok: false, reason });
  });
});

describe('pool6:spend-luck', () => {
  const spend = (luckPoints: number, author?: string) => {
    const request = intent(
      'pool6:spend-luck',
      { actorId: 'kestrel', reason: 'a lucky break' },
      author,
    );
    return [request, table([kestrel({ luckPoints })])] as const;
  };

  it('takes one luck point, and tells the table', async () => {
    expect(await rules.validate(...spend(2))).toEqual({ ok: true });
    expect(await rules.ruling(...spend(2))).toEqual({
      changes: [
        { op: 'set', collection: 'actors', id: 'kestrel', path: ['data', 'luckPoints'], value: 1 },
      ],
      result: {
        kind: 'luck',
        actorId: 'kestrel',
        luckPoints: 1,
        text: 'Kestrel spends a luck point (a lucky break): 1 point left',
      },
    });
  });

  it('refuses when none is left, or for another player', async () => {
    expect(await rules.validate(...spend(0))).toEqual({
      ok: false,
      reason: 'Kestrel has no luck left',
    });
    expect(await rules.validate(...spend(2, OTHER_PLAYER))).toEqual({
      ok: false,
      reason: 'you do not control Kestrel',
    });
    const [request, on] = spend(0);
    expect((await rules.call('apply', [request, on], { seed: 'ab' })).ok).toBe(false);
  });
});

describe('sheet.edit', () => {
  const edit = (path: string[], value: unknown, author?: string) =>
    intent('sheet.edit', { actorId: 'kestrel', path, value } as JsonObject, author);

  it('lets the owner edit attributes, skills and gear', async () => {
    expect(await rules.validate(edit(['attributes', 'agility'], 6), state)).toEqual({ ok: true });
    expect(await rules.validate(edit(['skills'], []), state)).toEqual({ ok: true });
    expect(await rules.validate(edit(['notes'], 'owes the fixer'), state)).toEqual({ ok: true });
  });

  it.each([
    [
      edit(['limits'], { physical: 9 }),
      '"limits" is computed from the other fields of the sheet; edit those instead',
    ],
    [
      edit(['pools', 'pistols'], 20),
      '"pools" is computed from the other fields of the sheet; edit those instead',
    ],
    [
      edit(['damage', 'physical'], 0),
      'only the GM edits "damage": damage goes through damage.apply, /attack or the GM',
    ],
    [
      edit(['luckPoints'], 3),
      'only the GM edits "luckPoints": luck is spent with /luck and restored by the GM',
    ],
    [edit(['attributes', 'agility'], 13), 'agility is a whole number from 1 to 12'],
    [edit(['attributes', 'edge'], 3), 'pool6 has no attribute "edge"'],
    [edit(['initiativeDice'], 6), 'initiative dice are a whole number from 1 to 5'],
  ])('refuses %j, saying why', async (refused, reason) => {
    expect(await rules.validate(refused, state)).toEqual({ ok: false, reason });
  });

  it('lets the GM set damage, luck and magic 0', async () => {
    expect(await rules.validate(edit(['damage', 'physical'], 0, GM), state)).toEqual({ ok: true });
    expect(await rules.validate(edit(['luckPoints'], 3, GM), state)).toEqual({ ok: true });
    expect(await rules.validate(edit(['attributes', 'magic'], 0), state)).toEqual({ ok: true });
  });
});

describe('other kinds', () => {
  it('answers yes to core kinds it has no rule on', async () => {
    const command = intent('chat.command', { name: 'test', text: '8' });
    expect(await rules.validate(command, state)).toEqual({ ok: true });
    const roll = intent('roll', { notation: '8d6', label: 'Sneaking', threshold: 2 });
    expect(await rules.validate(roll, state)).toEqual({ ok: true });
  });

  it('refuses kinds it does not know, naming its own', async () => {
    expect(await rules.validate(intent('pool6:cast', {}), state)).toEqual({
      ok: false,
      reason:
        'pool6 knows no "pool6:cast" intent (its own are pool6:attack, pool6:test, pool6:spend-luck, pool6:recover)',
    });
    expect((await rules.call('apply', [intent('pool6:cast', {}), state], { seed: 'ab' })).ok).toBe(
      false,
    );
  });
});
