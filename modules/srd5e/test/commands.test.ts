/**
 * The chat commands: each turns a line into an intent for the character the player speaks as,
 * or explains its usage; the intent then goes through validate and apply like any other.
 */
import type { JsonObject } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ana, bram, goblin, intent, MODULE_DIR, table } from './support';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

const run = (name: string, text: string, who = ana()) => rules.command(name, { text, actor: who });

describe('the commands', () => {
  it('are /attack, /save, /check, /cast, /deathsave and /rest, each with a description', () => {
    expect(rules.commands.map((command) => command.name)).toEqual([
      'attack',
      'save',
      'check',
      'cast',
      'deathsave',
      'rest',
    ]);
    for (const command of rules.commands) expect(command.description?.length).toBeGreaterThan(20);
  });

  it.each(['attack', 'save', 'check', 'cast', 'deathsave', 'rest'])(
    '/%s asks for a character first',
    async (name) => {
      expect(await rules.command(name, { text: 'anything' })).toEqual({
        message: 'Select the character you act as first.',
      });
    },
  );
});

describe('/attack', () => {
  it('attacks a target with a weapon, with advantage', async () => {
    expect(await run('attack', 'goblin with longsword adv')).toEqual({
      message: 'Ana attacks goblin with longsword with advantage.',
      intent: {
        kind: 'srd5e:attack',
        payload: { attackerId: 'ana', targetId: 'goblin', weapon: 'longsword', mode: 'advantage' },
      },
    });
  });

  it('takes the weapon by its number on the sheet (1 is the first), a two-handed grip, and several targets', async () => {
    expect((await run('attack', 'goblin with 2')).intent?.payload).toEqual({
      attackerId: 'ana',
      targetId: 'goblin',
      weapon: 1,
    });
    expect((await run('attack', 'goblin 2h')).intent?.payload).toEqual({
      attackerId: 'ana',
      targetId: 'goblin',
      twoHanded: true,
    });
    expect(
      (await run('attack', 'goblin-1, goblin-2 with fireball', bram())).intent?.payload,
    ).toEqual({
      attackerId: 'bram',
      targetIds: ['goblin-1', 'goblin-2'],
      weapon: 'fireball',
    });
    // Advantage and disadvantage together cancel.
    expect((await run('attack', 'goblin adv dis')).intent?.payload).toMatchObject({
      mode: 'normal',
    });
  });

  it('explains its usage', async () => {
    expect(await run('attack', '')).toEqual({
      message:
        'Usage: /attack <target> [with <weapon>] [adv|dis] [2h], e.g. /attack goblin-1 with longsword adv',
    });
    expect(await run('attack', 'goblin dc 15')).toEqual({
      message: 'An attack rolls against the target’s AC: leave out "dc".',
    });
  });

  it('asks for an attack that the rules then rule on', async () => {
    const state = table([ana(), goblin()]);
    const asked = (await run('attack', 'Goblin with dagger')).intent as {
      kind: string;
      payload: JsonObject;
    };
    expect(await rules.validate(intent(asked.kind, asked.payload), state)).toEqual({ ok: true });
    const wrong = (await run('attack', 'goblin with halberd')).intent as {
      kind: string;
      payload: JsonObject;
    };
    expect(await rules.validate(intent(wrong.kind, wrong.payload), state)).toEqual({
      ok: false,
      reason: 'Ana has no attack called "halberd" (Longsword, Longbow or Dagger)',
    });
  });
});

describe('/save and /check', () => {
  it('/save names the ability, the DC and the mode', async () => {
    expect(await run('save', 'dex dc 15 adv')).toEqual({
      message: 'Ana makes a Dexterity saving throw (DC 15) with advantage.',
      intent: {
        kind: 'srd5e:save',
        payload: { actorId: 'ana', ability: 'dex', dc: 15, mode: 'advantage' },
      },
    });
    expect((await run('save', 'Wisdom dc12')).intent?.payload).toEqual({
      actorId: 'ana',
      ability: 'wis',
      dc: 12,
    });
    expect((await run('save', 'int')).message).toBe('Ana makes an Intelligence saving throw.');
    expect(await run('save', 'luck')).toEqual({
      message:
        'Usage: /save <ability> [dc <n>] [adv|dis]; the ability is one of str, dex, con, int, wis, cha ("luck" is not one).',
    });
  });

  it('/check takes a skill, an ability, or an ability and a skill', async () => {
    expect(await run('check', 'sleight of hand dc 12')).toEqual({
      message: 'Ana makes a Sleight of Hand check (DC 12).',
      intent: { kind: 'srd5e:check', payload: { actorId: 'ana', skill: 'sleightOfHand', dc: 12 } },
    });
    expect((await run('check', 'str')).intent?.payload).toEqual({ actorId: 'ana', ability: 'str' });
    expect(await run('check', 'str intimidation dis')).toEqual({
      message: 'Ana makes an Intimidation check using Strength with disadvantage.',
      intent: {
        kind: 'srd5e:check',
        payload: { actorId: 'ana', ability: 'str', skill: 'intimidation', mode: 'disadvantage' },
      },
    });
    expect(await run('check', 'juggling')).toEqual({
      message:
        'Usage: /check <skill or ability> [dc <n>] [adv|dis]; "juggling" is neither a skill nor an ability.',
    });
  });
});

describe('/cast, /deathsave and /rest', () => {
  it('/cast names the spell, the slot level, a pact slot or a ritual', async () => {
    expect(await run('cast', 'magic missile at 3', bram())).toEqual({
      message: 'Bram casts magic missile at 3rd level.',
      intent: {
        kind: 'srd5e:cast',
        payload: { actorId: 'bram', slotLevel: 3, spell: 'magic missile' },
      },
    });
    expect((await run('cast', 'detect magic ritual', bram())).intent?.payload).toEqual({
      actorId: 'bram',
      ritual: true,
      spell: 'detect magic',
    });
    expect((await run('cast', 'hex pact', bram())).intent?.payload).toMatchObject({
      pact: true,
      spell: 'hex',
    });
    expect(await run('cast', '  ', bram())).toEqual({
      message:
        'Usage: /cast <spell> [at <slot level>] [pact] [ritual], e.g. /cast magic missile at 3',
    });
  });

  it('/deathsave rolls a death save, with no DC to give', async () => {
    expect(await run('deathsave', '')).toEqual({
      message: 'Ana makes a death saving throw.',
      intent: { kind: 'srd5e:death-save', payload: { actorId: 'ana' } },
    });
    expect(await run('deathsave', 'dc 10')).toEqual({
      message: 'Usage: /deathsave [adv|dis] (the DC is always 10)',
    });
  });

  it('/rest short spends Hit Dice, /rest long takes none', async () => {
    expect(await run('rest', 'short 2')).toEqual({
      message: 'Ana takes a short rest and spends 2 Hit Dice.',
      intent: { kind: 'srd5e:rest', payload: { actorId: 'ana', type: 'short', hitDice: 2 } },
    });
    expect(await run('rest', 'long')).toEqual({
      message: 'Ana takes a long rest.',
      intent: { kind: 'srd5e:rest', payload: { actorId: 'ana', type: 'long' } },
    });
    for (const text of ['nap', 'long 2', 'short many', '']) {
      expect(await run('rest', text)).toEqual({
        message: 'Usage: /rest short [number of Hit Dice to spend] or /rest long',
      });
    }
  });
});
