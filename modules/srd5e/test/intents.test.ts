/**
 * The other intents: saving throws, checks, casting, death saves, conditions, rests, moves and
 * sheet edits, each against the SRD 5.1 rule it follows, with the refusals a player sees.
 */
import type { JsonObject, TableState } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actor,
  ana,
  appliedOf,
  bram,
  CELL,
  dataChanges,
  GM,
  goblin,
  intent,
  MODULE_DIR,
  OTHER_PLAYER,
  PLAYER,
  SCENE,
  SEEDS,
  seedWhere,
  table,
  token,
} from './support';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

// biome-ignore lint/suspicious/noExplicitAny: roll cards and other data are free-form JSON.
type Any = Record<string, any>;

async function applied(
  kind: string,
  payload: JsonObject,
  state: TableState,
  seed = '00',
  author = PLAYER,
) {
  const request = intent(kind, payload, author);
  expect(await rules.validate(request, state)).toEqual({ ok: true });
  const outcome = await rules.call('apply', [request, state], { seed });
  if (!outcome.ok) throw new Error(outcome.error.message);
  return {
    changes: appliedOf(outcome.value).changes,
    card: appliedOf(outcome.value).result as Any,
    faces: outcome.draws.map((draw) => draw.value),
    sides: outcome.draws.map((draw) => draw.sides),
    data: (id: string) => dataChanges(appliedOf(outcome.value).changes, id) as Any,
  };
}

const verdict = (kind: string, payload: JsonObject, state: TableState, author = PLAYER) =>
  rules.validate(intent(kind, payload, author), state);

describe('srd5e:save', () => {
  const state = table([ana(), bram(), goblin()]);

  it('SRD 5.1 "Saving Throws": d20 + the save bonus (Ana’s Constitution +4) against the DC', async () => {
    for (const seed of SEEDS.slice(0, 12)) {
      const result = await applied(
        'srd5e:save',
        { actorId: 'ana', ability: 'con', dc: 15 },
        state,
        seed,
      );
      const [d20] = result.faces as [number];
      const card = result.card;
      // The roll card is the receipt's result: a save changes nothing on the table.
      expect(result.changes).toEqual([]);
      expect(card).toMatchObject({
        kind: 'save',
        ability: 'con',
        dc: 15,
        total: d20 + 4,
        success: d20 + 4 >= 15,
      });
      expect(card.text).toBe(
        `Ana: Constitution save (DC 15) 1d20+4: [${d20}]+4 = ${d20 + 4} — ${d20 + 4 >= 15 ? 'success' : 'failure'}`,
      );
    }
  });

  it('SRD 5.1 "Paralyzed": Strength and Dexterity saves fail without a roll; other saves are rolled', async () => {
    const stuck = table([ana({ conditions: ['paralyzed'] })]);
    const dex = await applied('srd5e:save', { actorId: 'ana', ability: 'dex', dc: 5 }, stuck);
    expect(dex.faces).toEqual([]);
    expect(dex.card).toMatchObject({ success: false, autoFail: 'paralyzed' });
    expect(dex.card.text).toBe('Ana: Dexterity save (DC 5) fails automatically (paralyzed)');
    const wis = await applied('srd5e:save', { actorId: 'ana', ability: 'wis', dc: 5 }, stuck);
    expect(wis.faces).toHaveLength(1);
  });

  it('SRD 5.1 "Restrained" and "Exhaustion": disadvantage on Dexterity saves while restrained, on every save from exhaustion 3', async () => {
    const held = await applied(
      'srd5e:save',
      { actorId: 'ana', ability: 'dex' },
      table([ana({ conditions: ['restrained'] })]),
    );
    expect(held.card.roll).toMatchObject({
      mode: 'disadvantage',
      disadvantage: ['restrained'],
    });
    const tired = await applied(
      'srd5e:save',
      { actorId: 'ana', ability: 'wis', mode: 'advantage' },
      table([ana({ exhaustion: 3 })]),
    );
    expect(tired.faces).toHaveLength(1);
    expect(tired.card.roll).toMatchObject({
      mode: 'normal',
      disadvantage: ['exhaustion 3'],
    });
  });

  it.each([
    [
      { actorId: 'ana', ability: 'luck' },
      PLAYER,
      '"luck" is not an ability: str, dex, con, int, wis, cha',
    ],
    [{ actorId: 'ana', ability: 'dex', dc: 0 }, PLAYER, 'dc must be a whole number from 1 to 40'],
    [{ actorId: 'bram', ability: 'dex' }, PLAYER, 'you do not control Bram'],
    [{ actorId: 'ghost', ability: 'dex' }, GM, 'there is no character "ghost"'],
    [{ ability: 'dex' }, PLAYER, 'srd5e:save needs actorId'],
  ])('refuses %j', async (payload, author, reason) => {
    expect(await verdict('srd5e:save', payload, state, author)).toEqual({ ok: false, reason });
  });
});

describe('srd5e:check', () => {
  const state = table([ana(), bram()]);

  it('SRD 5.1 "Skills": a Perception check is d20 + Wis + proficiency (+3 for Ana)', async () => {
    const result = await applied(
      'srd5e:check',
      { actorId: 'ana', skill: 'perception', dc: 10 },
      state,
      'aa',
    );
    const [d20] = result.faces as [number];
    expect(result.card).toMatchObject({
      kind: 'check',
      skill: 'perception',
      ability: 'wis',
      total: d20 + 3,
      success: d20 + 3 >= 10,
    });
    expect(result.card.text).toContain('Ana: Wisdom (Perception) check (DC 10) 1d20+3');
  });

  it('SRD 5.1 "Variant: Skills with Different Abilities": a Dexterity (Athletics) check adds Dex and the Athletics proficiency', async () => {
    const result = await applied(
      'srd5e:check',
      { actorId: 'ana', skill: 'athletics', ability: 'dex' },
      state,
      'aa',
    );
    expect(result.card.total).toBe((result.faces[0] as number) + 2 + 2);
    expect(result.card.text).toContain('Dexterity (Athletics) check');
  });

  it('SRD 5.1 "Ability Checks": a plain Strength check is d20 + the Strength modifier', async () => {
    const result = await applied('srd5e:check', { actorId: 'ana', ability: 'str' }, state, 'bb');
    expect(result.card.total).toBe((result.faces[0] as number) + 3);
  });

  it('SRD 5.1 "Armor": chain mail gives disadvantage on Stealth; "Poisoned": on every ability check', async () => {
    const sneak = await applied('srd5e:check', { actorId: 'ana', skill: 'stealth' }, state, 'cc');
    expect(sneak.faces).toHaveLength(2);
    expect(sneak.card.roll).toMatchObject({
      mode: 'disadvantage',
      disadvantage: ['armor (Stealth)'],
    });
    const sick = await applied(
      'srd5e:check',
      { actorId: 'bram', ability: 'int' },
      table([bram({ conditions: ['poisoned'] })]),
      'cc',
      OTHER_PLAYER,
    );
    expect(sick.card.roll.disadvantage).toEqual(['poisoned']);
  });

  it.each([
    [{ actorId: 'ana' }, 'srd5e:check needs a skill or an ability'],
    [{ actorId: 'ana', skill: 'hacking' }, '"hacking" is not one of the 18 skills'],
    [
      { actorId: 'ana', skill: 'stealth', ability: 'speed' },
      '"speed" is not an ability: str, dex, con, int, wis, cha',
    ],
  ])('refuses %j', async (payload, reason) => {
    expect(await verdict('srd5e:check', payload, state)).toEqual({ ok: false, reason });
  });

  it('refuses a check by an unconscious character', async () => {
    const down = table([ana({ hp: 0, conditions: ['unconscious'] })]);
    expect(await verdict('srd5e:check', { actorId: 'ana', skill: 'perception' }, down)).toEqual({
      ok: false,
      reason: 'Ana is unconscious and can’t take actions'.replace('’', "'"),
    });
  });
});

describe('srd5e:cast', () => {
  const cast = (payload: JsonObject, who = bram()) =>
    applied('srd5e:cast', { actorId: who.id, ...payload }, table([who]), '00', who.owners[0]);
  const refusal = (payload: JsonObject, who = bram()) =>
    verdict('srd5e:cast', { actorId: who.id, ...payload }, table([who]), who.owners[0]);

  it('SRD 5.1 "Spell Slots": a spell takes the lowest slot of its level or higher that is left', async () => {
    expect((await cast({ spell: 'Magic Missile' })).data('bram')).toMatchObject({
      slotsUsed: { 1: 1 },
    });
    const spent = bram({ slotsUsed: { 1: 4, 2: 3 } });
    expect((await cast({ spell: 'magic missile' }, spent)).data('bram').slotsUsed).toEqual({
      1: 4,
      2: 3,
      3: 1,
    });
  });

  it('SRD 5.1 "Casting a Spell at a Higher Level": a chosen slot at or above the spell’s level', async () => {
    const result = await cast({ spell: 'Magic Missile', slotLevel: 3 });
    expect(result.data('bram').slotsUsed).toEqual({ 3: 1 });
    expect(result.card.text).toBe(
      'Bram casts Magic Missile with a 3rd-level slot (cast at a higher level than its 1st); 1/2 left. Spell save DC 14, spell attack +6.',
    );
  });

  it('SRD 5.1 "Spell Slots": no slot of the spell’s level or higher left, no spell', async () => {
    expect(await refusal({ spell: 'Fireball' }, bram({ slotsUsed: { 3: 2 } }))).toEqual({
      ok: false,
      reason: 'Bram has no spell slot of 3rd level or higher left; a long rest restores them',
    });
    expect(await refusal({ spell: 'Misty Step', slotLevel: 1 })).toEqual({
      ok: false,
      reason: 'Misty Step is 2nd level: it cannot be cast with a 1st-level slot',
    });
    expect(
      await refusal({ spell: 'Misty Step', slotLevel: 2 }, bram({ slotsUsed: { 2: 3 } })),
    ).toEqual({
      ok: false,
      reason: 'Bram has no 2nd-level slot left (0/3)',
    });
    expect(await refusal({ spell: 'Misty Step', slotLevel: 4 })).toEqual({
      ok: false,
      reason: 'Bram has no 4th-level spell slots',
    });
  });

  it('SRD 5.1 "Cantrips" and "Rituals": a cantrip or a ritual spends no slot', async () => {
    const bolt = await cast({ spell: 'Fire Bolt' }, bram({ slotsUsed: { 1: 4, 2: 3, 3: 2 } }));
    expect(bolt.data('bram')).not.toHaveProperty('slotsUsed');
    expect(bolt.card.text).toContain('Bram casts Fire Bolt (a cantrip)');
    const ritual = await cast({ spell: 'Detect Magic', ritual: true });
    expect(ritual.data('bram')).not.toHaveProperty('slotsUsed');
    expect(await refusal({ spell: 'Magic Missile', ritual: true })).toEqual({
      ok: false,
      reason: 'Magic Missile is not marked as a ritual on Bram’s sheet'.replace('’', "'"),
    });
  });

  it('names a spell that is not on the sheet by its level, and checks the level of one that is', async () => {
    expect(await refusal({ spell: 'Shield' })).toEqual({
      ok: false,
      reason: 'Shield is not on Bram’s spell list: add it, or give its level'.replace('’', "'"),
    });
    expect((await cast({ spell: 'Shield', level: 1 })).data('bram').slotsUsed).toEqual({ 1: 1 });
    expect(await refusal({ spell: 'Fireball', level: 2 })).toEqual({
      ok: false,
      reason: 'Fireball is a 3rd-level spell, not 2nd level',
    });
  });

  it('SRD 5.1 "Warlock: Pact Magic": a warlock casts with its pact slots, and has none left after both', async () => {
    const warlock = (data: JsonObject = {}) =>
      actor(
        'wren',
        'character',
        'Wren',
        {
          classes: [{ name: 'Warlock', level: 5 }],
          abilities: { cha: 16 },
          spells: [{ name: 'Hex', level: 1 }],
          ...data,
        },
        [PLAYER],
      );
    const result = await cast({ spell: 'Hex' }, warlock());
    expect(result.data('wren').pactSlotsUsed).toBe(1);
    expect(result.card.text).toContain('with a Pact Magic slot (3rd level; 1/2 left)');
    expect(await refusal({ spell: 'Hex' }, warlock({ pactSlotsUsed: 2 }))).toEqual({
      ok: false,
      reason: 'Wren has no spell slot of 1st level or higher left; a long rest restores them',
    });
    expect(await refusal({ spell: 'Magic Missile', level: 1, pact: true })).toEqual({
      ok: false,
      reason: 'Bram has no Pact Magic slots',
    });
  });

  it('refuses a caster who cannot act, and unknown fields', async () => {
    expect(await refusal({ spell: 'Fire Bolt' }, bram({ conditions: ['stunned'] }))).toEqual({
      ok: false,
      reason: 'Bram is stunned and can’t take actions'.replace('’', "'"),
    });
    expect(await refusal({ spell: 'Fire Bolt', components: 'V' })).toEqual({
      ok: false,
      reason:
        'srd5e:cast has no field "components" (it takes actorId, spell, level, slotLevel, pact and ritual)',
    });
  });
});

describe('srd5e:death-save', () => {
  const dying = (saves = { successes: 0, failures: 0 }) =>
    ana({ hp: 0, conditions: ['unconscious', 'prone'], deathSaves: saves });

  it('SRD 5.1 "Death Saving Throws": 1 counts twice, below 10 fails, 10 or more succeeds, 20 regains 1 hit point', async () => {
    const cases: [number, Any][] = [
      [1, { deathSaves: { successes: 0, failures: 2 } }],
      [9, { deathSaves: { successes: 0, failures: 1 } }],
      [10, { deathSaves: { successes: 1, failures: 0 } }],
      [20, { hp: 1, conditions: ['prone'] }],
    ];
    for (const [face, expected] of cases) {
      const seed = seedWhere([20], ([d20]) => d20 === face);
      const result = await applied('srd5e:death-save', { actorId: 'ana' }, table([dying()]), seed);
      expect(result.data('ana'), `natural ${face}`).toEqual(expected);
      expect(result.card.natural).toBe(face);
    }
  });

  it('SRD 5.1 "Death Saving Throws": the third success makes the creature stable, the third failure kills it', async () => {
    const ten = seedWhere([20], ([d20]) => d20 >= 10 && d20 < 20);
    const stable = await applied(
      'srd5e:death-save',
      { actorId: 'ana' },
      table([dying({ successes: 2, failures: 2 })]),
      ten,
    );
    expect(stable.data('ana')).toMatchObject({
      deathSaves: { successes: 0, failures: 0 },
      stable: true,
    });
    const five = seedWhere([20], ([d20]) => d20 > 1 && d20 < 10);
    const dead = await applied(
      'srd5e:death-save',
      { actorId: 'ana' },
      table([dying({ successes: 2, failures: 2 })]),
      five,
    );
    expect(dead.data('ana')).toMatchObject({
      deathSaves: { successes: 2, failures: 3 },
      dead: true,
    });
    expect(dead.changes).toContainEqual({
      op: 'set',
      collection: 'tokens',
      id: 't-ana',
      path: ['conditions'],
      value: ['unconscious', 'prone', 'dead'],
    });
  });

  it.each([
    [ana(), 'Ana has 28 hit points: death saves are for 0'],
    [ana({ hp: 0, stable: true }), 'Ana is stable and makes no more death saves'],
    [ana({ hp: 0, dead: true }), 'Ana is dead'],
  ])('refuses a death save when it is not due (%#)', async (who, reason) => {
    expect(await verdict('srd5e:death-save', { actorId: 'ana' }, table([who]))).toEqual({
      ok: false,
      reason,
    });
  });

  it('SRD 5.1 "Monsters and Death": a monster makes no death saves', async () => {
    expect(
      await verdict(
        'srd5e:death-save',
        { actorId: 'goblin' },
        table([goblin('goblin', { hp: 0 })]),
        GM,
      ),
    ).toEqual({
      ok: false,
      reason: 'Goblin is a monster that makes no death saves',
    });
  });
});

describe('srd5e:condition', () => {
  const state = table([ana(), bram(), goblin()]);

  it('lets the GM put an SRD condition on a creature and take it off, its tokens showing it', async () => {
    const on = await applied(
      'srd5e:condition',
      { actorId: 'goblin', condition: 'poisoned' },
      state,
      '00',
      GM,
    );
    expect(on.data('goblin')).toEqual({ conditions: ['poisoned'] });
    expect(on.changes).toContainEqual({
      op: 'set',
      collection: 'tokens',
      id: 't-goblin',
      path: ['conditions'],
      value: ['poisoned'],
    });
    const poisoned = table([goblin('goblin', { conditions: ['poisoned'] })]);
    const off = await applied(
      'srd5e:condition',
      { actorId: 'goblin', condition: 'poisoned', op: 'remove' },
      poisoned,
      '00',
      GM,
    );
    expect(off.data('goblin')).toEqual({ conditions: [] });
  });

  it('keeps markers the GM put on a token that are not SRD conditions', async () => {
    const marked = table(
      [goblin()],
      [{ ...token('t-goblin', 'goblin', 1, 0), conditions: ['Bloodied', 'hidden'] } as never],
    );
    const on = await applied(
      'srd5e:condition',
      { actorId: 'goblin', condition: 'prone' },
      marked,
      '00',
      GM,
    );
    expect(on.changes).toContainEqual({
      op: 'set',
      collection: 'tokens',
      id: 't-goblin',
      path: ['conditions'],
      value: ['Bloodied', 'hidden', 'prone'],
    });
  });

  it('SRD 5.1 "Unconscious": an unconscious creature also falls prone', async () => {
    const result = await applied(
      'srd5e:condition',
      { actorId: 'goblin', condition: 'unconscious' },
      state,
      '00',
      GM,
    );
    expect(result.data('goblin')).toEqual({ conditions: ['unconscious', 'prone'] });
  });

  it('lets a player drop their own character prone and stand up, nothing more', async () => {
    expect(
      (await applied('srd5e:condition', { actorId: 'ana', condition: 'prone' }, state)).data('ana'),
    ).toEqual({
      conditions: ['prone'],
    });
    const down = table([ana({ conditions: ['prone'] })]);
    expect(
      (
        await applied('srd5e:condition', { actorId: 'ana', condition: 'prone', op: 'remove' }, down)
      ).data('ana'),
    ).toEqual({
      conditions: [],
    });
    expect(
      await verdict('srd5e:condition', { actorId: 'ana', condition: 'invisible' }, state),
    ).toEqual({
      ok: false,
      reason: 'only the GM puts on or takes off invisible; you may drop prone or stand up',
    });
    expect(
      await verdict('srd5e:condition', { actorId: 'bram', condition: 'prone' }, state),
    ).toEqual({
      ok: false,
      reason: 'you do not control Bram',
    });
    const held = table([ana({ conditions: ['prone', 'grappled'] })]);
    expect(
      await verdict('srd5e:condition', { actorId: 'ana', condition: 'prone', op: 'remove' }, held),
    ).toEqual({
      ok: false,
      reason: 'Ana cannot stand up with a speed of 0',
    });
  });

  it('SRD 5.1 "Exhaustion": levels go up and down one at a time, and the sixth is death', async () => {
    expect(
      (
        await applied(
          'srd5e:condition',
          { actorId: 'ana', condition: 'exhaustion' },
          state,
          '00',
          GM,
        )
      ).data('ana'),
    ).toEqual({
      exhaustion: 1,
    });
    const worn = table([ana({ exhaustion: 5 })]);
    const last = await applied(
      'srd5e:condition',
      { actorId: 'ana', condition: 'exhaustion' },
      worn,
      '00',
      GM,
    );
    expect(last.data('ana')).toEqual({ exhaustion: 6, dead: true });
    const set = await applied(
      'srd5e:condition',
      { actorId: 'ana', condition: 'exhaustion', level: 3 },
      state,
      '00',
      GM,
    );
    expect(set.changes).toContainEqual({
      op: 'set',
      collection: 'tokens',
      id: 't-ana',
      path: ['conditions'],
      value: ['exhaustion 3'],
    });
  });

  it.each([
    [
      { actorId: 'goblin', condition: 'sleepy' },
      '"sleepy" is not an SRD condition: blinded, charmed, deafened, frightened, grappled, incapacitated, invisible, paralyzed, petrified, poisoned, prone, restrained, stunned, unconscious or exhaustion',
    ],
    [{ actorId: 'goblin', condition: 'prone', op: 'toggle' }, 'op is "add" or "remove"'],
    [{ actorId: 'goblin', condition: 'prone', level: 2 }, 'only exhaustion has levels'],
    [
      { actorId: 'goblin', condition: 'exhaustion', level: 7 },
      'an exhaustion level is a whole number from 0 to 6',
    ],
    [{ actorId: 'goblin', condition: 'prone', op: 'remove' }, 'Goblin is not prone'],
    [
      { actorId: 'goblin', condition: 'exhaustion', op: 'remove' },
      'Goblin has no exhaustion to remove',
    ],
  ])('refuses %j', async (payload, reason) => {
    expect(await verdict('srd5e:condition', payload, state, GM)).toEqual({ ok: false, reason });
  });

  it('SRD 5.1 "Skeleton": a creature immune to a condition cannot be given it', async () => {
    const skeleton = actor('skeleton', 'npc', 'Skeleton', {
      conditionImmunities: ['exhaustion', 'poisoned'],
    });
    expect(
      await verdict(
        'srd5e:condition',
        { actorId: 'skeleton', condition: 'poisoned' },
        table([skeleton]),
        GM,
      ),
    ).toEqual({
      ok: false,
      reason: 'Skeleton cannot be poisoned',
    });
  });
});

describe('srd5e:rest', () => {
  it('SRD 5.1 "Short Rest": each Hit Die spent rolls the die plus the Constitution modifier in hit points', async () => {
    const hurt = table([ana({ hp: 5 })]);
    const result = await applied(
      'srd5e:rest',
      { actorId: 'ana', type: 'short', hitDice: 2 },
      hurt,
      'ab',
    );
    expect(result.sides).toEqual([10, 10]);
    const [a, b] = result.faces as [number, number];
    expect(result.data('ana')).toMatchObject({
      hp: Math.min(28, 5 + a + 2 + b + 2),
      hitDiceUsed: { d10: 2 },
    });
    expect(result.card.rolls.map((r: Any) => r.total)).toEqual([a + 2, b + 2]);
  });

  it('spends Hit Dice by size for a multiclass character, and never more than are left', async () => {
    const multi = actor(
      'm',
      'character',
      'Multi',
      {
        classes: [
          { name: 'Fighter', level: 2 },
          { name: 'Wizard', level: 1 },
        ],
        hp: 3,
        hitDiceUsed: { d10: 1 },
      },
      [PLAYER],
    );
    const result = await applied(
      'srd5e:rest',
      { actorId: 'm', type: 'short', hitDice: { d6: 1 } },
      table([multi]),
      'cd',
    );
    expect(result.sides).toEqual([6]);
    expect(result.data('m').hitDiceUsed).toEqual({ d10: 1, d6: 1 });
    expect(
      await verdict('srd5e:rest', { actorId: 'm', type: 'short', hitDice: 3 }, table([multi])),
    ).toEqual({
      ok: false,
      reason: 'Multi has 2 Hit Dice left, not 3',
    });
    expect(
      await verdict(
        'srd5e:rest',
        { actorId: 'm', type: 'short', hitDice: { d12: 1 } },
        table([multi]),
      ),
    ).toEqual({
      ok: false,
      reason: 'Multi has no d12 Hit Dice',
    });
  });

  it('SRD 5.1 "Long Rest": all hit points and slots, half the Hit Dice back (at least one), one level of exhaustion less', async () => {
    const tired = bram({
      hp: 9,
      tempHp: 4,
      slotsUsed: { 1: 3, 3: 2 },
      hitDiceUsed: { d6: 5 },
      exhaustion: 2,
    });
    const result = await applied(
      'srd5e:rest',
      { actorId: 'bram', type: 'long' },
      table([tired]),
      '00',
      OTHER_PLAYER,
    );
    expect(result.faces).toEqual([]);
    expect(result.data('bram')).toEqual({
      hp: 27,
      tempHp: 0,
      exhaustion: 1,
      hitDiceUsed: { d6: 3 },
      slotsUsed: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0 },
    });
    expect(result.card.text).toBe(
      'Bram finishes a long rest: 27/27 hit points, spell slots restored, Hit Dice 2/5 d6, exhaustion 2 → 1',
    );
    const ana1 = ana({ classes: [{ name: 'Fighter', level: 1 }], hp: 3, hitDiceUsed: { d10: 1 } });
    expect(
      (await applied('srd5e:rest', { actorId: 'ana', type: 'long' }, table([ana1]))).data('ana')
        .hitDiceUsed,
    ).toEqual({ d10: 0 });
  });

  it('SRD 5.1 "Pact Magic": a warlock regains its pact slots on a short rest', async () => {
    const wren = actor(
      'wren',
      'character',
      'Wren',
      { classes: [{ name: 'Warlock', level: 3 }], pactSlotsUsed: 2 },
      [PLAYER],
    );
    const result = await applied('srd5e:rest', { actorId: 'wren', type: 'short' }, table([wren]));
    expect(result.data('wren')).toMatchObject({ pactSlotsUsed: 0 });
  });

  it.each([
    [
      ana({ hp: 0, conditions: ['unconscious'] }),
      { type: 'long' },
      'Ana needs at least 1 hit point to benefit from a long rest',
    ],
    [ana(), { type: 'nap' }, 'a rest is "short" or "long"'],
    [ana(), { type: 'long', hitDice: 1 }, 'Hit Dice are spent on a short rest'],
    [ana(), { type: 'short', hitDice: -1 }, 'hitDice is a whole number of dice to spend'],
    [ana({ dead: true }), { type: 'short' }, 'Ana is dead'],
  ])('refuses a rest it cannot take (%#)', async (who, payload, reason) => {
    expect(
      await verdict('srd5e:rest', { actorId: 'ana', ...payload } as JsonObject, table([who])),
    ).toEqual({ ok: false, reason });
  });
});

describe('token.move', () => {
  const move = (state: TableState, x: number, y: number, author = PLAYER, tokenId = 't-ana') =>
    verdict('token.move', { tokenId, x, y }, state, author);
  const state = table([ana(), goblin()]);

  it('SRD 5.1 "Movement and Position": 30 feet is six 5-foot squares, diagonals counting 5 feet each', async () => {
    expect(await move(state, 6 * CELL, 6 * CELL)).toEqual({ ok: true });
    expect(await move(state, 7 * CELL, 0)).toEqual({
      ok: false,
      reason: 'Ana moves at most 30 ft (walk speed); that move is 35 ft',
    });
    // Part of a square counts as a square.
    expect(await move(state, 6.5 * CELL, 0)).toEqual({
      ok: false,
      reason: 'Ana moves at most 30 ft (walk speed); that move is 35 ft',
    });
  });

  it('never refuses the GM', async () => {
    expect(await move(state, 50 * CELL, 0, GM)).toEqual({ ok: true });
    expect(await move(table([ana({ conditions: ['grappled'] })]), 50 * CELL, 0, GM)).toEqual({
      ok: true,
    });
  });

  it('SRD 5.1 "Grappled", "Exhaustion" and "Heavy Armor": speed 0 cannot move, exhaustion 2 halves, weak arms in chain mail slow', async () => {
    expect(await move(table([ana({ conditions: ['grappled'] })]), CELL, 0)).toEqual({
      ok: false,
      reason: 'Ana is grappled: speed 0, so it cannot move',
    });
    expect(await move(table([ana({ exhaustion: 2 })]), 4 * CELL, 0)).toEqual({
      ok: false,
      reason: 'Ana moves at most 15 ft (walk speed); that move is 20 ft',
    });
    const weak = table([ana({ abilities: { str: 12, dex: 14, con: 14 } })]);
    expect(await move(weak, 5 * CELL, 0)).toEqual({
      ok: false,
      reason: 'Ana moves at most 20 ft (walk speed); that move is 25 ft',
    });
    expect(await move(table([ana({ dead: true })]), CELL, 0)).toEqual({
      ok: false,
      reason: 'Ana is dead and cannot move',
    });
  });

  it('uses the fastest speed the creature has (a flying creature flies)', async () => {
    const bat = actor('bat', 'npc', 'Giant Bat', { speed: { walk: 10, fly: 60 } }, [PLAYER]);
    const sky = table([bat], [token('t-bat', 'bat', 0, 0)]);
    expect(await move(sky, 12 * CELL, 0, PLAYER, 't-bat')).toEqual({ ok: true });
    expect(await move(sky, 13 * CELL, 0, PLAYER, 't-bat')).toEqual({
      ok: false,
      reason: 'Giant Bat moves at most 60 ft (fly speed); that move is 65 ft',
    });
  });

  it('measures hexes and scenes in metres', async () => {
    const hex = {
      ...table([ana()]),
      scenes: { s1: { ...SCENE, grid: { ...SCENE.grid, type: 'hexRows' } } },
    } as TableState;
    expect(await move(hex, 6 * CELL, 0)).toEqual({ ok: true });
    expect(await move(hex, 7 * CELL, 0)).toEqual({
      ok: false,
      reason: 'Ana moves at most 30 ft (walk speed); that move is 35 ft',
    });
    // Two rows down and one across: two hexes.
    expect(await move(hex, CELL, 2 * CELL * (Math.sqrt(3) / 2))).toEqual({ ok: true });
    const metres = {
      ...table([ana()]),
      scenes: { s1: { ...SCENE, grid: { ...SCENE.grid, distance: 1.5, units: 'm' } } },
    } as TableState;
    expect(await move(metres, 7 * CELL, 0)).toEqual({
      ok: false,
      reason: 'Ana moves at most 30 ft (walk speed); that move is 35 ft',
    });
  });

  it('lets markers without a character, and scenes it cannot measure, through', async () => {
    const marker = { ...table([ana()]), tokens: { m: token('m', null, 0, 0) } } as TableState;
    expect(await move(marker, 90 * CELL, 0, PLAYER, 'm')).toEqual({ ok: true });
    const noScene = { ...table([ana()]), scenes: {} } as TableState;
    expect(await move(noScene, 90 * CELL, 0)).toEqual({ ok: true });
  });
});

describe('sheet.edit', () => {
  const edit = (path: string[], value: unknown, author = PLAYER) =>
    verdict('sheet.edit', { actorId: 'ana', path, value } as JsonObject, table([ana()]), author);

  it('accepts what a player may change', async () => {
    expect(await edit(['abilities', 'str'], 17)).toEqual({ ok: true });
    expect(await edit(['skills', 'stealth'], 'expertise')).toEqual({ ok: true });
    expect(await edit(['tempHp'], 5)).toEqual({ ok: true });
    expect(await edit(['notes'], 'Owes the innkeeper 3 gp')).toEqual({ ok: true });
  });

  it.each([
    [['abilities', 'str'], 31, 'an ability score is a whole number from 1 to 30'],
    [['abilities', 'luck'], 12, '"luck" is not an ability (str, dex, con, int, wis, cha)'],
    [['skills', 'stealth'], 'master', 'a skill is "none", "half", "proficient" or "expertise"'],
    [['classes', '0', 'level'], 21, 'a class level is a whole number from 1 to 20'],
    [['ac'], 25, 'ac is computed, not stored: AC comes from armor, shield, Dexterity and acBonus'],
    [
      ['proficiency'],
      6,
      'proficiency is computed, not stored: the proficiency bonus comes from the level (or the challenge rating)',
    ],
    [
      ['hp'],
      28,
      'hp is kept by the rules: hit points change through damage and healing (damage.apply), so temporary hit points, unconsciousness and death saves follow the rules',
    ],
    [
      ['deathSaves'],
      { successes: 3, failures: 0 },
      'deathSaves is kept by the rules: death saves are rolled with /deathsave',
    ],
    [['size'], 'colossal', 'size is one of tiny, small, medium, large, huge, gargantuan'],
    [
      ['attacks', '0', 'damage'],
      '1d8 plus 3',
      'an attack\'s damage is dice such as 1d8 or 2d6+1d4, not "1d8 plus 3"',
    ],
    [
      ['attacks', '1', 'damageType'],
      'sonic',
      'a damage type is one of acid, bludgeoning, cold, fire, force, lightning, necrotic, piercing, poison, psychic, radiant, slashing or thunder',
    ],
  ])('refuses %j = %j', async (path, value, reason) => {
    expect(await edit(path, value)).toEqual({ ok: false, reason });
  });

  it('lets the GM set what the rules keep, with values of the right kind', async () => {
    expect(await edit(['hp'], 12, GM)).toEqual({ ok: true });
    expect(await edit(['conditions'], ['prone'], GM)).toEqual({ ok: true });
    expect(await edit(['conditions'], ['prone', 'on fire'], GM)).toEqual({
      ok: false,
      reason:
        'conditions lists SRD conditions (blinded, charmed, deafened, frightened, grappled, incapacitated, invisible, paralyzed, petrified, poisoned, prone, restrained, stunned, unconscious); "on fire" is not one',
    });
    expect(await edit(['exhaustion'], 7, GM)).toEqual({
      ok: false,
      reason: 'exhaustion is a level from 0 to 6',
    });
  });
});

describe('determinism', () => {
  it('every kind that rolls gives the same changes, dice and logs on every peer', async () => {
    const dying = ana({ hp: 0, conditions: ['unconscious', 'prone'] });
    const cases: [string, JsonObject, TableState, string][] = [
      [
        'srd5e:save',
        { actorId: 'ana', ability: 'dex', dc: 12, mode: 'advantage' },
        table([ana()]),
        PLAYER,
      ],
      ['srd5e:check', { actorId: 'ana', skill: 'stealth' }, table([ana()]), PLAYER],
      ['srd5e:death-save', { actorId: 'ana' }, table([dying]), PLAYER],
      [
        'srd5e:rest',
        { actorId: 'ana', type: 'short', hitDice: 2 },
        table([ana({ hp: 3 })]),
        PLAYER,
      ],
      ['damage.apply', { actorId: 'ana', amount: 35 }, table([ana()]), GM],
    ];
    for (const [kind, payload, state, author] of cases) {
      const outcome = await rules.checkDeterminism(
        'apply',
        [intent(kind, payload, author), state],
        { seed: '5eed' },
      );
      expect(outcome.ok, kind).toBe(true);
    }
  });
});

describe('roll cards', () => {
  it('every ruling shows its roll card in the receipt, and writes no copy of it to a sheet', async () => {
    const dying = ana({ hp: 0, conditions: ['unconscious', 'prone'] });
    const cases: [string, JsonObject, TableState, string][] = [
      ['srd5e:attack', { attackerId: 'ana', targetId: 'goblin' }, table([ana(), goblin()]), PLAYER],
      ['srd5e:save', { actorId: 'ana', ability: 'dex', dc: 12 }, table([ana()]), PLAYER],
      ['srd5e:check', { actorId: 'ana', skill: 'stealth' }, table([ana()]), PLAYER],
      ['srd5e:cast', { actorId: 'bram', spell: 'Magic Missile' }, table([bram()]), OTHER_PLAYER],
      ['srd5e:death-save', { actorId: 'ana' }, table([dying]), PLAYER],
      ['srd5e:condition', { actorId: 'ana', condition: 'prone' }, table([ana()]), PLAYER],
      [
        'srd5e:rest',
        { actorId: 'ana', type: 'short', hitDice: 1 },
        table([ana({ hp: 3 })]),
        PLAYER,
      ],
      ['damage.apply', { actorId: 'ana', amount: 5 }, table([ana()]), GM],
    ];
    for (const [kind, payload, state, author] of cases) {
      const result = await applied(kind, payload, state, '5eed', author);
      expect(result.card, kind).toMatchObject({ text: expect.any(String) });
      expect(typeof result.card.kind, kind).toBe('string');
      for (const change of result.changes) {
        expect(change.path, kind).not.toContain('lastRoll');
      }
    }
    // Many calls through the sandbox, each twice: give a machine under load the time.
  }, 60_000);

  it('a save or a check changes nothing on the table: the roll card is all it gives', async () => {
    const state = table([ana()]);
    const save = await applied('srd5e:save', { actorId: 'ana', ability: 'wis' }, state, '01');
    const check = await applied('srd5e:check', { actorId: 'ana', ability: 'int' }, state, '01');
    expect(save.changes).toEqual([]);
    expect(check.changes).toEqual([]);
    expect(save.card).toMatchObject({ kind: 'save', ability: 'wis', dc: null, success: null });
    expect(check.card).toMatchObject({ kind: 'check', ability: 'int', skill: '', dc: null });
  });
});

describe('intent kinds', () => {
  it('refuses kinds it does not know, and passes chat commands to the core', async () => {
    const state = table([ana()]);
    expect(await verdict('srd5e:fly', {}, state)).toEqual({
      ok: false,
      reason:
        'the srd5e rules know no "srd5e:fly" intent (they know srd5e:attack, srd5e:save, srd5e:check, srd5e:cast, srd5e:death-save, srd5e:condition or srd5e:rest)',
    });
    expect((await verdict('pool6:soak', {}, state)).ok).toBe(false);
    expect(await verdict('chat.command', { name: 'attack', text: 'goblin' }, state)).toEqual({
      ok: true,
    });
  });

  it('refuses a payload that is not an object', async () => {
    expect(
      await rules.validate({ ...intent('srd5e:save', {}), payload: 'dex' }, table([ana()])),
    ).toEqual({
      ok: false,
      reason: 'srd5e:save needs actorId and ability',
    });
  });
});
