/**
 * The chat commands of reference/combat.md "Chat commands": what each asks for (a roll, an
 * intent, or both), how each explains itself when it cannot, and what the table makes of it.
 */
import type { Change, JsonObject, JsonValue, TableState } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hitsOf, intent, kestrel, MODULE_DIR, ruled, SEEDS, table } from './support';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

const actor = kestrel();

interface Ruling {
  ok: true;
  changes: Change[];
  /** The roll card of the command's roll, the result of its intent. */
  roll?: JsonValue;
  result?: JsonValue;
  /** Every die drawn, the roll's then the intent's. */
  faces: number[];
}

/**
 * A chat command as the GM's validator rules it (packages/campaign/src/validator/ruleIntent.ts):
 * the command runs; its roll is ruled as a `roll` intent (validate, then the roll hook), its
 * intent as the same author's intent (validate, then apply); a refusal of either refuses all.
 */
async function asTheTableRules(
  name: string,
  text: string,
  on: TableState,
  seed: string,
): Promise<Ruling | { ok: false; reason: string }> {
  const output = await rules.command(name, { text, actor });
  const faces: number[] = [];
  const ruling: Ruling = { ok: true, changes: [], faces };
  if (output.roll !== undefined) {
    const request: JsonObject = {
      ...output.roll.options,
      notation: output.roll.notation,
      ...(output.roll.label === undefined ? {} : { label: output.roll.label }),
    };
    const verdict = await rules.validate(intent('roll', request), on);
    if (!verdict.ok) return { ok: false, reason: `/${name}: ${verdict.reason}` };
    const rolled = await rules.call('roll', [request], { seed });
    if (!rolled.ok) throw new Error(rolled.error.message);
    faces.push(...rolled.draws.map((draw) => draw.value));
    ruling.roll = rolled.value;
  }
  if (output.intent !== undefined) {
    const asked = intent(output.intent.kind, output.intent.payload);
    const verdict = await rules.validate(asked, on);
    if (!verdict.ok) return { ok: false, reason: `/${name}: ${verdict.reason}` };
    const applied = await rules.call('apply', [asked, on], { seed });
    if (!applied.ok) throw new Error(applied.error.message);
    faces.push(...applied.draws.map((draw) => draw.value));
    const { changes, result } = ruled(applied.value);
    ruling.changes.push(...changes);
    ruling.result = result;
  }
  return ruling;
}

describe('/test', () => {
  it.each([
    ['8', { roll: { notation: '8d6', label: 'Test' } }],
    ['8 2', { roll: { notation: '8d6', label: 'Test', options: { threshold: 2 } } }],
    ['8 2 4', { roll: { notation: '8d6', label: 'Test', options: { threshold: 2, limit: 4 } } }],
    [
      'pistols 2',
      { roll: { notation: '10d6', label: 'Pistols', options: { threshold: 2, limit: 5 } } },
    ],
    ['Perception', { roll: { notation: '8d6', label: 'Perception', options: { limit: 6 } } }],
    [
      'sneaking 3 2',
      { roll: { notation: '9d6', label: 'Sneaking', options: { threshold: 3, limit: 2 } } },
    ],
    [
      'charisma 1',
      { roll: { notation: '2d6', label: 'Charisma', options: { threshold: 1, limit: 4 } } },
    ],
  ])(
    '"/test %s" rolls the pool, with its threshold and limit as options',
    async (text, expected) => {
      expect(await rules.command('test', { text, actor })).toEqual(expected);
    },
  );

  it("takes wound dice off a skill's pool", async () => {
    const hurt = kestrel({ damage: { physical: 3, stun: 0, overflow: 0 } });
    expect(await rules.command('test', { text: 'pistols', actor: hurt })).toEqual({
      roll: { notation: '9d6', label: 'Pistols', options: { limit: 5 } },
    });
  });

  it.each([
    ['pistols 2 luck', 'Pistols', { skill: 'Pistols', threshold: 2 }],
    ['8 2 4 luck', 'Test', { dice: 8, threshold: 2, limit: 4 }],
    ['luck agility', 'Agility', { attribute: 'agility' }],
  ])(
    'with "luck" ("/test %s"), asks for a pool6:test that spends the point, not a roll',
    async (text, label, named) => {
      expect(await rules.command('test', { text, actor })).toEqual({
        message: `Kestrel spends a luck point on ${label}.`,
        intent: { kind: 'pool6:test', payload: { actorId: 'kestrel', ...named, luck: true } },
      });
    },
  );

  it('dice-pools.md "Luck": "/test pistols 2 luck" rolls her 10 dice and 3 luck dice and takes the point', async () => {
    for (const seed of SEEDS.slice(0, 5)) {
      const ruling = await asTheTableRules('test', 'pistols 2 luck', table([actor]), seed);
      if (!ruling.ok) throw new Error(ruling.reason);
      // The same pool and limit as "/test pistols 2", with luck: no limit, sixes explode.
      expect(ruling.result).toMatchObject({
        kind: 'test',
        label: 'Pistols',
        pool: 10,
        luckDice: 3,
        luckUsed: true,
        limit: 5,
        limitApplied: false,
        threshold: 2,
        hits: hitsOf(ruling.faces),
      });
      expect(ruling.roll).toBeUndefined();
      expect(ruling.changes).toEqual([
        { op: 'set', collection: 'actors', id: 'kestrel', path: ['data', 'luckPoints'], value: 2 },
      ]);
    }
  });

  it('rolls no luck when the point is not there to spend', async () => {
    const broke = table([kestrel({ luckPoints: 0 })]);
    expect(await asTheTableRules('test', '8 luck', broke, 'ab')).toEqual({
      ok: false,
      reason: '/test: Kestrel has no luck left',
    });
  });

  it('without luck, its roll passes the rules as a roll (pool, threshold and limit)', async () => {
    const ruling = await asTheTableRules('test', 'pistols 2', table([actor]), 'ab');
    if (!ruling.ok) throw new Error(ruling.reason);
    expect(ruling.roll).toMatchObject({ pool: 10, luckDice: 0, threshold: 2, limit: 5 });
    expect(ruling.changes).toEqual([]);
  });

  it('"/r 8d6 luck3" gets no free luck: the roll is refused with how to spend it', async () => {
    // The core's /r asks for a roll of what was typed; the validator asks validate about it.
    const verdict = await rules.validate(intent('roll', { notation: '8d6 luck3' }), table([actor]));
    expect(verdict).toEqual({
      ok: false,
      reason:
        'luck costs a point: use /test <dice or skill> … luck or /attack … luck, which spend one; a plain roll cannot ask for luck dice',
    });
  });

  it.each([
    ['', 'Usage: /test <dice or skill> [threshold] [limit] [luck]'],
    ['8 2 4 6', 'Usage: /test <dice or skill> [threshold] [limit] [luck]'],
    ['8 0', 'A threshold and a limit are at least 1.'],
    ['hacking 2', 'Kestrel has no skill or attribute "hacking".'],
    ['500', 'A pool has at most 100 dice.'],
  ])('"/test %s" explains itself', async (text, message) => {
    expect(await rules.command('test', { text, actor })).toEqual({ message });
  });

  it('needs a character for a skill or luck, not for a number of dice', async () => {
    expect(await rules.command('test', { text: 'pistols' })).toEqual({
      message: 'Select your character to test a skill, or give a number of dice.',
    });
    expect(await rules.command('test', { text: '6 luck' })).toEqual({
      message: 'Select your character to spend luck.',
    });
    expect(await rules.command('test', { text: '6' })).toEqual({
      roll: { notation: '6d6', label: 'Test' },
    });
  });
});

describe('/attack', () => {
  it('asks for an attack with the character spoken as, a weapon and luck', async () => {
    expect(await rules.command('attack', { text: 'ganger hold-out pistol luck', actor })).toEqual({
      message: 'Kestrel attacks ganger with hold-out pistol, trusting to luck.',
      intent: {
        kind: 'pool6:attack',
        payload: {
          attackerId: 'kestrel',
          targetId: 'ganger',
          weapon: 'hold-out pistol',
          luck: true,
        },
      },
    });
    expect(await rules.command('attack', { text: 'ganger', actor })).toEqual({
      message: 'Kestrel attacks ganger.',
      intent: { kind: 'pool6:attack', payload: { attackerId: 'kestrel', targetId: 'ganger' } },
    });
  });

  it('explains itself without a target or a character', async () => {
    expect(await rules.command('attack', { text: '', actor })).toEqual({
      message: 'Usage: /attack <target id> [weapon] [luck]',
    });
    expect(await rules.command('attack', { text: 'ganger' })).toEqual({
      message: 'Select the character you attack with first.',
    });
  });
});

describe('/soak', () => {
  it('rolls Body + armor less AP (combat.md "Attacking": 4 + (4 − 2) = 6 dice)', async () => {
    expect(await rules.command('soak', { text: '7P -2', actor })).toEqual({
      message:
        'Kestrel soaks 7P (AP −2) with Body 4 + armor 2: each hit stops one box of physical damage.',
      roll: { notation: '6d6', label: 'Soak 7P' },
    });
  });

  it('reads stun, and physical damage below the armor as stun', async () => {
    expect(await rules.command('soak', { text: '6S', actor })).toMatchObject({
      roll: { notation: '8d6', label: 'Soak 6S' },
    });
    expect(await rules.command('soak', { text: '3', actor })).toMatchObject({
      roll: { label: 'Soak 3S' },
    });
  });

  it('explains itself', async () => {
    expect(await rules.command('soak', { text: 'lots', actor })).toEqual({
      message: 'Usage: /soak <damage value>[P|S] [AP], e.g. /soak 7P -2',
    });
    expect(await rules.command('soak', { text: '7P' })).toEqual({
      message: 'Select the character who soaks the damage first.',
    });
  });
});

describe('/luck', () => {
  it('asks to spend a luck point, with what for', async () => {
    expect(await rules.command('luck', { text: 'the guard looks away', actor })).toEqual({
      message: 'Kestrel spends a luck point (the guard looks away).',
      intent: {
        kind: 'pool6:spend-luck',
        payload: { actorId: 'kestrel', reason: 'the guard looks away' },
      },
    });
    expect(await rules.command('luck', { text: '', actor })).toEqual({
      message: 'Kestrel spends a luck point.',
      intent: { kind: 'pool6:spend-luck', payload: { actorId: 'kestrel' } },
    });
    expect(await rules.command('luck', { text: '' })).toEqual({
      message: 'Select the character whose luck you spend first.',
    });
  });
});
