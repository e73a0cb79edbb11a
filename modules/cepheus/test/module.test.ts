/**
 * The module as a whole: what it loads with, what derive shows, which intents it knows, and what
 * a sheet edit may write.
 */
import type { JsonValue } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ana, character, grub, intent, MODULE_DIR, stateWith } from './fixtures';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

describe('the module', () => {
  it('loads with every hook and its four commands', () => {
    expect(rules.manifest).toMatchObject({ id: 'cepheus', license: 'OGL-1.0a' });
    expect(rules.hooks).toEqual(['derive', 'roll', 'initiative', 'validate', 'apply', 'command']);
    expect(rules.commands.map((command) => command.name)).toEqual([
      'task',
      'attack',
      'upp',
      'heal',
    ]);
  });

  it('derives the UPP, DMs, condition, movement and armour of a sheet', async () => {
    expect(await rules.derive(ana)).toEqual({
      upp: '7A8987',
      currentUpp: '7A8987',
      current: { str: 7, dex: 10, end: 8, int: 9, edu: 8, soc: 7 },
      dms: { str: 0, dex: 1, end: 0, int: 1, edu: 0, soc: 0 },
      damage: { str: 0, dex: 0, end: 0, int: 0, edu: 0, soc: 0 },
      condition: 'healthy',
      wounded: false,
      seriouslyWounded: false,
      unconscious: false,
      dead: false,
      initiativeDm: 1,
      movement: 18,
      armor: 5,
      armorVsLaser: 5,
      skillTotal: 3,
    });
  });

  it('reads an empty sheet as an average human: 777777, unarmed, unarmoured', async () => {
    const blank = { id: 'x', type: 'character', name: 'X', owners: [], data: {} };
    expect(await rules.derive(blank)).toMatchObject({
      upp: '777777',
      condition: 'healthy',
      movement: 18,
      armor: 0,
    });
  });

  it('is deterministic in every hook that takes no dice', async () => {
    await rules.checkDeterminism('derive', [ana], { seed: '01' });
    await rules.checkDeterminism(
      'validate',
      [intent('cepheus:task', { actorId: 'ana', characteristic: 'edu' }), stateWith()],
      { seed: '01' },
    );
  });
});

describe('validate', () => {
  it('refuses an intent kind it does not know, naming the ones it does', async () => {
    expect(await rules.validate(intent('cepheus:jump', {}), stateWith())).toEqual({
      ok: false,
      reason:
        'the Cepheus Engine rules know no "cepheus:jump" intent (they know cepheus:attack, cepheus:task, cepheus:heal, cepheus:set-upp)',
    });
  });

  it('has no rule against a chat command or a plain roll', async () => {
    expect(
      await rules.validate(intent('chat.command', { name: 'task', text: 'x' }), stateWith()),
    ).toEqual({ ok: true });
    expect(await rules.validate(intent('roll', { notation: '2d6+1' }), stateWith())).toEqual({
      ok: true,
    });
  });
});

describe('sheet.edit', () => {
  const edit = (path: string[], value: JsonValue, author = 'u-ana') =>
    intent('sheet.edit', { actorId: 'ana', path, value }, author);

  it.each([
    [['characteristics', 'str'], 12],
    [['characteristics'], { str: 7, dex: 10, end: 8, int: 9, edu: 8, soc: 15 }],
    [['current', 'end'], 3],
    [['psi'], 6],
    [['skills'], [{ name: 'Pilot', level: 2 }]],
    [['skills', '0', 'level'], 3],
    [['weapons', '1', 'damage'], '2d6+1'],
    [['armor'], [{ name: 'Cloth', protection: 9 }]],
    [['damageTo'], 'dex'],
    [['damageTo'], 'auto'],
    [
      ['weapons', '3'],
      { name: '', damage: '1d6', range: 'close quarters', skill: '', laser: false, thrown: false },
    ],
    [['credits'], 25000],
    [['notes'], 'Owes Bruce Ayala a favour.'],
  ] as Array<[string[], JsonValue]>)('accepts %j = %j', async (path, value) => {
    expect(await rules.validate(edit(path, value), stateWith())).toEqual({ ok: true });
  });

  it.each([
    [
      ['characteristics', 'str'],
      34,
      'STR is a whole number from 0 to 33 (Z in pseudo-hexadecimal)',
    ],
    [['characteristics', 'luck'], 7, 'there is no characteristic "luck"'],
    [['current', 'end'], 9, 'current END is a whole number from 0 to its score, 8'],
    [['current', 'dex'], -1, 'current DEX is a whole number from 0 to its score, 10'],
    [['psi'], 'high', 'Psionic Strength is a whole number from 0 to 33, or empty'],
    [['skills', '0', 'level'], 16, 'the level of Slug Pistol must be a whole number from 0 to 15'],
    [['skills', '3'], { name: 7, level: 1 }, 'a skill needs a name (at most 64 characters)'],
    [
      ['weapons', '0', 'damage'],
      '3d8',
      'the damage of Auto Pistol must be a number of six-sided dice such as 3D6 or 2D6+2',
    ],
    [
      ['weapons', '0', 'range'],
      'orbital',
      'the range of Auto Pistol must be one of: close quarters, extended reach, thrown, pistol, rifle, shotgun, assault weapon, rocket',
    ],
    [
      ['armor', '0', 'protection'],
      -1,
      'the protection of Mesh must be a whole number from 0 to 50',
    ],
    [['credits'], 12.5, 'credits are a whole number, at least 0'],
    [['damageTo'], 'end', 'damage past Endurance goes to "str", "dex" or "auto" (the higher)'],
    [
      ['upp'],
      '777777',
      'the UPP is computed from the characteristics: edit those, or type /upp 786A9A',
    ],
    [['dms', 'str'], 3, '"dms" is computed by the rules from the rest of the sheet'],
    [['speed'], 60, 'only the referee changes how fast a character moves'],
    [['__proto__', 'x'], 1, 'a sheet has no field "__proto__.x"'],
  ] as Array<[string[], JsonValue, string]>)('refuses %j = %j', async (path, value, reason) => {
    expect(await rules.validate(edit(path, value), stateWith())).toEqual({ ok: false, reason });
  });

  it('lets the referee set speed, still checking values', async () => {
    expect(await rules.validate(edit(['speed'], 12, 'u-gm'), stateWith())).toEqual({ ok: true });
    expect(await rules.validate(edit(['characteristics', 'str'], 40, 'u-gm'), stateWith())).toEqual(
      {
        ok: false,
        reason: 'STR is a whole number from 0 to 33 (Z in pseudo-hexadecimal)',
      },
    );
  });

  it('checks a current value against the score the sheet has', async () => {
    const strong = character('ana', {
      characteristics: { str: 12, dex: 10, end: 8, int: 9, edu: 8, soc: 7 },
    });
    const state = stateWith([strong, grub]);
    expect(await rules.validate(edit(['current', 'str'], 12), state)).toEqual({ ok: true });
  });
});
