/**
 * The chat commands of reference/combat.md "Chat commands": what each asks for (a roll, an
 * intent, or both), and how each explains itself when it cannot.
 */
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kestrel, MODULE_DIR } from './support';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

const actor = kestrel();

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

  it('with "luck", adds the luck dice and asks to spend the point', async () => {
    expect(await rules.command('test', { text: 'pistols 2 luck', actor })).toEqual({
      message: 'Kestrel spends a luck point on Pistols.',
      roll: {
        notation: '10d6',
        label: 'Pistols (luck)',
        options: { threshold: 2, limit: 5, luck: 3 },
      },
      intent: { kind: 'pool6:spend-luck', payload: { actorId: 'kestrel', reason: 'Pistols' } },
    });
  });

  it('the roll it asks for is the pool the roll hook reads, its options beside the notation', async () => {
    const made = await rules.command('test', { text: 'pistols 2 luck', actor });
    if (made.roll === undefined) throw new Error('no roll');
    // As the table makes the request: the options, then the notation and label.
    const request = { ...made.roll.options, notation: made.roll.notation, label: 'Pistols (luck)' };
    const card = await rules.roll(request, { seed: 'ab' });
    expect(card).toMatchObject({ pool: 10, luckDice: 3, threshold: 2, limit: 5 });
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
