/**
 * Tasks: 2D6 + DMs against 8, the Effect and its degrees, difficulties, skills (level 0,
 * unskilled, Jack-of-all-Trades), boon and bane; the roll hook, and /task, which asks for a
 * cepheus:task. Every roll is checked against the dice it drew, over fixed seeds.
 */
import type { Actor, JsonObject } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ana,
  cardOf,
  character,
  grub,
  intent,
  MODULE_DIR,
  ruled,
  SEEDS,
  stateWith,
  sum,
} from './fixtures';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

/** Rolls a request over the seeds; each outcome with the values of its dice. */
async function rollsOf(request: JsonObject, seeds = SEEDS) {
  const outcomes = [];
  for (const seed of seeds) {
    const outcome = await rules.call('roll', [request], { seed });
    if (!outcome.ok) throw outcome.error;
    outcomes.push({ value: outcome.value as JsonObject, faces: outcome.draws.map((d) => d.value) });
  }
  return outcomes;
}

function degree(effect: number): string {
  if (effect >= 6) return 'exceptional success';
  if (effect >= 0) return 'success';
  if (effect >= -5) return 'failure';
  return 'exceptional failure';
}

describe('the roll hook: a check', () => {
  it('SRD Introduction "The Core Task Resolution System": 2D6 plus DMs succeeds on 8 or more', async () => {
    for (const { value, faces } of await rollsOf({ notation: '2d6+1', label: 'Recon' })) {
      expect(faces).toHaveLength(2);
      const total = sum(faces) + 1;
      expect(value).toMatchObject({
        task: true,
        kind: 'task',
        notation: '2d6+1',
        mode: 'normal',
        dice: faces.map((face) => ({ value: face, kept: true })),
        kept: faces,
        dropped: [],
        natural: sum(faces),
        modifier: 1,
        total,
        target: 8,
        effect: total - 8,
        success: total >= 8,
        degree: degree(total - 8),
        text: `Recon: 2d6+1: [${faces.join(', ')}]+1 = ${total} vs 8: Effect ${total - 8 >= 0 ? '+' : ''}${total - 8}, ${degree(total - 8)}`,
      });
    }
  });

  it('SRD Introduction "Difficulty and Effect": the Effect is the total less 8; 6 or more is an exceptional success, -6 or less an exceptional failure', async () => {
    const seen = new Set<string>();
    for (const dm of [-8, 0, 6]) {
      for (const { value, faces } of await rollsOf({ notation: `2d6${dm < 0 ? dm : `+${dm}`}` })) {
        const effect = sum(faces) + dm - 8;
        expect(value.effect).toBe(effect);
        expect(value.degree).toBe(degree(effect));
        seen.add(value.degree as string);
      }
    }
    expect([...seen].sort()).toEqual([
      'exceptional failure',
      'exceptional success',
      'failure',
      'success',
    ]);
  });

  it('SRD Introduction "Die Rolls": a natural 12 is no automatic success, a natural 2 no automatic failure', async () => {
    const naturals = { twelve: 0, two: 0 };
    for (const { value, faces } of await rollsOf({ notation: '2d6-6' })) {
      if (sum(faces) === 12) {
        naturals.twelve++;
        expect(value).toMatchObject({ natural: 12, total: 6, success: false, degree: 'failure' });
      }
    }
    for (const { value, faces } of await rollsOf({ notation: '2d6+8' })) {
      if (sum(faces) === 2) {
        naturals.two++;
        expect(value).toMatchObject({ natural: 2, total: 10, success: true, degree: 'success' });
      }
    }
    // The fixed seeds hold both naturals (checked, so the test cannot pass vacuously).
    expect(naturals.twelve).toBeGreaterThan(0);
    expect(naturals.two).toBeGreaterThan(0);
  });

  it('SRD Introduction "Difficulty and Effect": each difficulty of the Task Difficulties table adds its DM', async () => {
    const table: Array<[string | number, string, number]> = [
      ['Simple', 'Simple', 6],
      ['easy', 'Easy', 4],
      ['ROUTINE', 'Routine', 2],
      ['average', 'Average', 0],
      ['difficult', 'Difficult', -2],
      ['very difficult', 'Very Difficult', -4],
      ['very-difficult', 'Very Difficult', -4],
      ['Formidable', 'Formidable', -6],
      [-4, 'Very Difficult', -4],
      ['+2', 'Routine', 2],
      [3, 'DM+3', 3],
    ];
    for (const [difficulty, name, dm] of table) {
      const [rolled] = await rollsOf({ notation: '2d6', difficulty }, ['d1ff']);
      const { value, faces } = rolled as { value: JsonObject; faces: number[] };
      expect(value.total, String(difficulty)).toBe(sum(faces) + dm);
      expect(value.modifiers).toEqual(dm === 0 ? [] : [{ label: name, value: dm }]);
    }
  });

  it('reads DMs however the sheet writes them: 2D6 in capitals, "+-1" for a negative DM', async () => {
    const [rolled] = await rollsOf({ notation: '2D6 + -1 +2' }, ['cafe']);
    const { value, faces } = rolled as { value: JsonObject; faces: number[] };
    expect(value).toMatchObject({ notation: '2d6-1+2', total: sum(faces) + 1, modifier: 1 });
  });

  it('rolls a check as a plain roll when asked (task: false), and any other notation as written', async () => {
    const [plain] = await rollsOf({ notation: '2d6+1', task: false }, ['beef']);
    expect(plain?.value).toEqual({
      total: sum(plain?.faces ?? []) + 1,
      text: `2d6+1: [${plain?.faces.join(', ')}]+1 = ${sum(plain?.faces ?? []) + 1}`,
      notation: '2d6+1',
      terms: [
        {
          notation: '2d6',
          value: sum(plain?.faces ?? []),
          dice: (plain?.faces ?? []).map((value) => ({
            value,
            kept: true,
            exploded: false,
            rerolls: [],
          })),
        },
      ],
    });
    const [damage] = await rollsOf({ notation: '3D6', label: 'Cudgel' }, ['beef']);
    expect(damage?.faces).toHaveLength(3);
    expect(damage?.value).toMatchObject({ total: sum(damage?.faces ?? []), label: 'Cudgel' });
  });

  it('SRD Introduction "Important Terms: D66": D66 reads the first die as tens and the second as units', async () => {
    for (const { value, faces } of await rollsOf({ notation: 'D66' }, SEEDS.slice(0, 10))) {
      const [tens, units] = faces as [number, number];
      expect(value).toMatchObject({ total: tens * 10 + units, notation: 'D66' });
      expect(value.text).toBe(`D66: [${tens}, ${units}] = ${tens * 10 + units}`);
    }
  });

  it('is deterministic: the same request and seed give the same dice on every peer', async () => {
    await rules.checkDeterminism('roll', [{ notation: '2d6+1', boon: true, difficulty: 'easy' }], {
      seed: 'ab12',
    });
  });
});

describe('boon and bane (a variant rule)', () => {
  it('a boon rolls three dice and keeps the best two; every die is shown, kept or dropped', async () => {
    for (const { value, faces } of await rollsOf({ notation: '2d6+1', boon: true })) {
      expect(faces).toHaveLength(3);
      const sorted = [...faces].sort((a, b) => b - a);
      const kept = (value.dice as Array<{ value: number; kept: boolean }>)
        .filter((die) => die.kept)
        .map((die) => die.value);
      expect(value.dice).toHaveLength(3);
      expect(sum(kept)).toBe((sorted[0] as number) + (sorted[1] as number));
      expect(value.dropped).toEqual([sorted[2]]);
      expect(value).toMatchObject({ mode: 'boon', notation: '3d6kh2+1', total: sum(kept) + 1 });
    }
  });

  it('a bane keeps the worst two', async () => {
    for (const { value, faces } of await rollsOf({ notation: '2d6', mode: 'bane' })) {
      const sorted = [...faces].sort((a, b) => a - b);
      expect(value).toMatchObject({
        mode: 'bane',
        natural: (sorted[0] as number) + (sorted[1] as number),
        dropped: [sorted[2]],
      });
    }
  });

  it('a boon and a bane cancel: two dice, as a plain check', async () => {
    for (const { value, faces } of await rollsOf(
      { notation: '3d6kh2', bane: true },
      SEEDS.slice(0, 10),
    )) {
      expect(faces).toHaveLength(2);
      expect(value).toMatchObject({ mode: 'normal', notation: '2d6', dropped: [] });
    }
  });

  it('the SRD\'s own "3D6, drop the highest" (Ch. 5, Blind Firing) is the bane dice', async () => {
    const [rolled] = await rollsOf({ notation: '3d6kl2' }, ['b1dd']);
    expect(rolled?.value).toMatchObject({ mode: 'bane', task: true });
  });
});

/**
 * What `/task <text>` asks for, ruled as the table rules it: the cepheus:task intent, and the
 * card its apply rolls.
 */
async function task(text: string, actor: Actor = ana, seed = 'ab') {
  const asked = await rules.command('task', { text, actor });
  if (asked.intent === undefined) throw new Error(asked.message);
  const { kind, payload } = asked.intent;
  const state = stateWith([actor, grub]);
  expect(await rules.validate(intent(kind, payload), state)).toEqual({ ok: true });
  const outcome = await rules.call('apply', [intent(kind, payload), state], { seed });
  if (!outcome.ok) throw outcome.error;
  return {
    kind,
    payload,
    card: cardOf(ruled(outcome.value)),
    faces: outcome.draws.map((draw) => draw.value),
  };
}

describe('skills and /task', () => {
  it('SRD Ch. 2 "Skill Checks": /task adds the skill level, the characteristic DM and the difficulty', async () => {
    // Ana: Medicine-2, EDU 8 (+0); Difficult -2.
    const medicine = await task('Medicine EDU difficult');
    expect(medicine).toMatchObject({
      kind: 'cepheus:task',
      payload: { actorId: 'ana', skill: 'Medicine', characteristic: 'edu', difficulty: -2 },
      card: {
        kind: 'task',
        label: 'Ana: Medicine (EDU), Difficult',
        notation: '2d6+2-2',
        modifiers: [
          { label: 'Medicine-2', value: 2 },
          { label: 'Difficult', value: -2 },
        ],
      },
    });
    // Slug Pistol-1, DEX 10 (+1), Very Difficult -4, with a boon.
    expect(await task('slug pistol dex very difficult boon')).toMatchObject({
      payload: { skill: 'slug pistol', characteristic: 'dex', difficulty: -4, boon: true },
      card: {
        notation: '3d6kh2+1+1-4',
        mode: 'boon',
        modifiers: [
          { label: 'Slug Pistol-1', value: 1 },
          { label: 'DEX', value: 1 },
          { label: 'Very Difficult', value: -4 },
        ],
      },
    });
  });

  it('SRD Ch. 2 "Untrained and Zero-Level Skills": level 0 gives no bonus and no penalty; no skill is DM-3', async () => {
    expect((await task('Athletics STR')).card).toMatchObject({ notation: '2d6', modifiers: [] });
    expect((await task('Zero-G DEX easy bane')).card).toMatchObject({
      notation: '3d6kl2-3+1+4',
      mode: 'bane',
      modifiers: [
        { label: 'Zero-G (unskilled)', value: -3 },
        { label: 'DEX', value: 1 },
        { label: 'Easy', value: 4 },
      ],
    });
  });

  it('SRD Ch. 2 "Jack-of-All-Trades": each level takes one off the unskilled penalty, never giving a bonus', async () => {
    const jack = (level: number) =>
      character('jo', { skills: [{ name: 'Jack-of-all-Trades', level }] });
    const notations = [];
    for (const level of [1, 2, 3, 4]) {
      notations.push((await task('Gambling INT', jack(level))).card.notation);
    }
    // INT 9 (+1) always; the unskilled DM -2, -1, 0, 0.
    expect(notations).toEqual(['2d6-2+1', '2d6-1+1', '2d6+1', '2d6+1']);
  });

  it('SRD Introduction "Characteristic Checks": "-" for the skill makes a characteristic check, with no unskilled penalty', async () => {
    expect(await task('- END formidable')).toMatchObject({
      payload: { skill: null, characteristic: 'end', difficulty: -6 },
      card: { notation: '2d6-6', label: 'Ana: END check, Formidable' },
    });
  });

  it("shows every die of /task's roll on its card, the dropped one too", async () => {
    const { card, faces } = await task('Medicine EDU difficult boon', ana, 'fee1');
    const sorted = [...faces].sort((a, b) => b - a) as [number, number, number];
    expect(card).toMatchObject({
      mode: 'boon',
      dice: faces.map((value) => ({ value, kept: expect.any(Boolean) })),
      kept: expect.arrayContaining([sorted[0], sorted[1]]),
      dropped: [sorted[2]],
      natural: sorted[0] + sorted[1],
      total: sorted[0] + sorted[1],
    });
  });

  it('SRD Ch. 5 "Unconsciousness": /task holds to the rules of tasks, so the unconscious only try to wake', async () => {
    const out = character('ana', { current: { str: 0, dex: 10, end: 0, int: 9, edu: 8, soc: 7 } });
    const asked = await rules.command('task', { text: 'Medicine EDU', actor: out });
    if (asked.intent === undefined) throw new Error('no intent');
    expect(
      await rules.validate(intent(asked.intent.kind, asked.intent.payload), stateWith([out])),
    ).toEqual({
      ok: false,
      reason: 'Ana is unconscious: the only check they make is Endurance, to wake',
    });
  });

  it.each([
    ['no characteristic', 'Medicine', 'Name the characteristic after the skill'],
    ['an unknown characteristic', 'Medicine WIS', 'Name the characteristic after the skill'],
    ['nothing at all', '', 'Name the characteristic after the skill'],
  ])('/task explains itself given %s', async (_what, text, reason) => {
    const answer = await rules.command('task', { text, actor: ana });
    expect(answer.intent).toBeUndefined();
    expect(answer.message).toContain(reason);
    expect(answer.message).toContain('Usage: /task');
  });

  it('/task needs a character to speak as', async () => {
    expect(await rules.command('task', { text: 'Medicine EDU' })).toEqual({
      message: 'Select the character who attempts the task first.',
    });
  });
});

describe('cepheus:task', () => {
  const state = stateWith();

  it('rolls the task for the character: it changes nothing, and its card is the result', async () => {
    const task = intent('cepheus:task', {
      actorId: 'ana',
      skill: 'Medicine',
      characteristic: 'edu',
      difficulty: 'Routine',
      dm: 1,
    });
    expect(await rules.validate(task, state)).toEqual({ ok: true });
    for (const seed of SEEDS.slice(0, 12)) {
      const outcome = await rules.call('apply', [task, state], { seed });
      if (!outcome.ok) throw outcome.error;
      const faces = outcome.draws.map((draw) => draw.value);
      const total = sum(faces) + 2 + 0 + 2 + 1;
      expect(outcome.value).toEqual({
        changes: [],
        result: expect.objectContaining({
          kind: 'task',
          label: 'Ana: Medicine (EDU), Routine',
          notation: '2d6+2+2+1',
          modifiers: [
            { label: 'Medicine-2', value: 2 },
            { label: 'Routine', value: 2 },
            { label: 'DM', value: 1 },
          ],
          total,
          effect: total - 8,
          success: total >= 8,
        }),
      });
    }
  });

  it('is deterministic', async () => {
    const task = intent('cepheus:task', { actorId: 'ana', characteristic: 'str', bane: true });
    await rules.checkDeterminism('apply', [task, state], { seed: '5eed' });
  });

  it.each([
    [{ actorId: 'ana' }, 'a task names its characteristic: str, dex, end, int, edu or soc'],
    [{ actorId: 'ana', characteristic: 'wis' }, 'a task names its characteristic'],
    [{ actorId: 'nobody', characteristic: 'edu' }, 'there is no character "nobody"'],
    [{ actorId: 'grub', characteristic: 'edu' }, 'you do not control Grub'],
    [
      { actorId: 'ana', characteristic: 'edu', difficulty: 'hard' },
      'a difficulty is one of Simple (+6)',
    ],
    [{ actorId: 'ana', characteristic: 'edu', difficulty: 13 }, 'or a DM from -12 to +12'],
    [{ actorId: 'ana', characteristic: 'edu', boon: 'yes' }, '"boon" is true or false'],
    [{ actorId: 'ana', characteristic: 'edu', dm: 2.5 }, '"dm" is a whole number'],
    [{ actorId: 'ana', characteristic: 'edu', skill: 7 }, 'the skill is a name'],
    ['Medicine', 'a task needs { actorId, characteristic }'],
  ])('refuses a bad payload: %j', async (payload, reason) => {
    const verdict = await rules.validate(intent('cepheus:task', payload), state);
    expect(verdict.ok).toBe(false);
    expect((verdict as { reason: string }).reason).toContain(reason);
  });

  it('SRD Ch. 5 "Unconsciousness": an unconscious character makes only the Endurance check to wake', async () => {
    const out = character('ana', { current: { str: 0, dex: 10, end: 0, int: 9, edu: 8, soc: 7 } });
    const state = stateWith([out]);
    expect(
      await rules.validate(
        intent('cepheus:task', { actorId: 'ana', characteristic: 'edu' }),
        state,
      ),
    ).toEqual({
      ok: false,
      reason: 'Ana is unconscious: the only check they make is Endurance, to wake',
    });
    const wake = intent('cepheus:task', { actorId: 'ana', characteristic: 'end', dm: 1 });
    expect(await rules.validate(wake, state)).toEqual({ ok: true });
    const outcome = await rules.call('apply', [wake, state], { seed: '0a' });
    if (!outcome.ok) throw outcome.error;
    // END 0 is DM-2; one failed check before, +1.
    expect(cardOf(ruled(outcome.value))).toMatchObject({
      label: 'Ana: END check, Average',
      total: sum(outcome.draws.map((draw) => draw.value)) - 2 + 1,
    });
  });

  it.each([
    [{ notation: '2d6', boon: 1 }, '"boon" is true or false'],
    [{ notation: '2d6', mode: 'advantage' }, '"mode" is normal, boon or bane'],
    [{ notation: '2d6', difficulty: 'nightmare' }, 'a difficulty is one of'],
    [{ notation: '2d6', target: 40 }, '"target" is a whole number from 2 to 30'],
    [{ label: 'no notation' }, 'a roll needs a notation'],
  ])('refuses a roll intent with bad options: %j', async (payload, reason) => {
    const verdict = await rules.validate(intent('roll', payload), state);
    expect(verdict.ok).toBe(false);
    expect((verdict as { reason: string }).reason).toContain(reason);
  });
});
