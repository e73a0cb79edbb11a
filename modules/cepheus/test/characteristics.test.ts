/**
 * Characteristics, their DMs, pseudo-hexadecimal and the UPP, against the Cepheus Engine SRD's
 * own examples; UPP round trips as properties (fast-check).
 */
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ana, character, intent, MODULE_DIR, setValue, stateWith } from './fixtures';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

const KEYS = ['str', 'dex', 'end', 'int', 'edu', 'soc'] as const;
/** The pseudo-hexadecimal digits, 0 to 33: I and O skipped. */
const DIGITS = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function withScores(scores: readonly number[], psi?: number) {
  const characteristics = Object.fromEntries(KEYS.map((key, i) => [key, scores[i] as number]));
  return character('pc', {
    characteristics,
    current: characteristics,
    ...(psi === undefined ? {} : { psi }),
  });
}

async function dmOf(score: number): Promise<number> {
  const derived = await rules.derive(withScores([score, 7, 7, 7, 7, 7]));
  return (derived.dms as Record<string, number>).str as number;
}

describe('characteristic DMs', () => {
  it('SRD Ch. 1 "Characteristic Modifiers": the average score of 7 has DM+0', async () => {
    expect(await dmOf(7)).toBe(0);
  });

  it('SRD Ch. 1 "Characteristic Modifiers": 2 or less is DM-2, 3 to 5 is DM-1, and so on by threes', async () => {
    const table: Array<[number, number]> = [
      [0, -2],
      [1, -2],
      [2, -2],
      [3, -1],
      [5, -1],
      [6, 0],
      [8, 0],
      [9, 1],
      [11, 1],
      [12, 2],
      [14, 2],
      [15, 3],
      [17, 3],
      [18, 4],
      [21, 5],
      [24, 6],
      [27, 7],
      [30, 8],
      [33, 9],
    ];
    for (const [score, dm] of table) expect(await dmOf(score), `score ${score}`).toBe(dm);
  });

  it('SRD Ch. 1 "Characteristic Modifiers": the DM is the score divided by three, dropping fractions, minus two', async () => {
    for (let score = 0; score <= 33; score++) {
      expect(await dmOf(score)).toBe(Math.floor(score / 3) - 2);
    }
  });

  it('SRD Ch. 1 "Altering Characteristic Scores": DMs follow the damaged value, not the score', async () => {
    const hurt = character('pc', {
      characteristics: { str: 9, dex: 12, end: 8, int: 7, edu: 7, soc: 7 },
      current: { str: 9, dex: 5, end: 0, int: 7, edu: 7, soc: 7 },
    });
    const derived = await rules.derive(hurt);
    expect(derived.dms).toMatchObject({ str: 1, dex: -1, end: -2 });
    expect(derived).toMatchObject({ upp: '9C8777', currentUpp: '950777', initiativeDm: -1 });
    expect(derived.damage).toMatchObject({ str: 0, dex: 7, end: 8 });
  });
});

describe('the UPP', () => {
  it('SRD Ch. 1 "The Universal Persona Profile": Str 6, Dex 8, End 7, Int 11, Edu 9, Soc 12 is 687B9C', async () => {
    expect((await rules.derive(withScores([6, 8, 7, 11, 9, 12]))).upp).toBe('687B9C');
  });

  it('SRD Ch. 1 "The Universal Persona Profile": with Psionic Strength 4 it becomes 687B9C-4', async () => {
    const derived = await rules.derive(withScores([6, 8, 7, 11, 9, 12], 4));
    expect(derived).toMatchObject({ upp: '687B9C-4', psiDm: -1 });
  });

  it('SRD Introduction "Pseudo-Hexadecimal Notation": 16 is G, 18 is J (I skipped), 23 is P (O skipped), 33 is Z', async () => {
    expect((await rules.derive(withScores([10, 15, 16, 18, 23, 33]))).upp).toBe('AFGJPZ');
    expect((await rules.derive(withScores([17, 22, 24, 0, 1, 9]))).upp).toBe('HNQ019');
  });

  it('SRD Ch. 1 "Universal Character Format": /upp shows Bruce Ayala as 786A9A with each DM', async () => {
    const bruce = withScores([7, 8, 6, 10, 9, 10]);
    expect(
      await rules.command('upp', { text: '', actor: { ...bruce, name: 'Bruce Ayala' } }),
    ).toEqual({
      message:
        'Bruce Ayala: UPP 786A9A. STR 7 (+0), DEX 8 (+0), END 6 (+0), INT 10 (+1), EDU 9 (+1), SOC 10 (+1).',
    });
  });

  it('shows the damaged values beside the UPP', async () => {
    const hurt = character('ana', { current: { str: 7, dex: 4, end: 0, int: 9, edu: 8, soc: 7 } });
    expect(await rules.command('upp', { text: '', actor: hurt })).toEqual({
      message:
        'Ana: UPP 7A8987, 740987 after damage. STR 7 (+0), DEX 4 of 10 (-1), END 0 of 8 (-2), INT 9 (+1), EDU 8 (+0), SOC 7 (+0).',
    });
  });

  it('/upp 7a8b65 asks to set the characteristics, read in upper case', async () => {
    expect(await rules.command('upp', { text: ' 7a8b65 ', actor: ana })).toEqual({
      message: "Ana's characteristics become 7A8B65.",
      intent: { kind: 'cepheus:set-upp', payload: { actorId: 'ana', upp: '7A8B65' } },
    });
  });

  it.each([
    ['five digits', '7A8B6', 'is not a UPP: a UPP is six pseudo-hexadecimal digits'],
    ['seven digits', '7A8B65C', 'is not a UPP: a UPP is six pseudo-hexadecimal digits'],
    ['an I', '7I8B65', 'pseudo-hexadecimal has no I (it skips I and O'],
    ['an O', '7A8O65', 'pseudo-hexadecimal has no O (it skips I and O'],
    ['a sign', '7A8B6+', 'is not a UPP'],
    ['a psionic digit too many', '7A8B65-12', 'is not a UPP'],
  ])('/upp refuses %s', async (_what, upp, reason) => {
    const answer = await rules.command('upp', { text: upp, actor: ana });
    expect(answer.intent).toBeUndefined();
    expect(answer.message).toContain(reason);
  });

  it('cepheus:set-upp writes the scores and keeps damage taken as damage', async () => {
    const hurt = character('ana', { current: { str: 7, dex: 10, end: 3, int: 9, edu: 8, soc: 7 } });
    const state = stateWith([hurt]);
    const set = intent('cepheus:set-upp', { actorId: 'ana', upp: '7A8B65' });
    expect(await rules.validate(set, state)).toEqual({ ok: true });
    expect(await rules.apply(set, state)).toEqual([
      {
        op: 'set',
        collection: 'actors',
        id: 'ana',
        path: ['data', 'characteristics'],
        value: { str: 7, dex: 10, end: 8, int: 11, edu: 6, soc: 5 },
      },
      {
        op: 'set',
        collection: 'actors',
        id: 'ana',
        path: ['data', 'current'],
        value: { str: 7, dex: 10, end: 3, int: 11, edu: 6, soc: 5 },
      },
    ]);
  });

  it('cepheus:set-upp refuses a malformed UPP and a character the player does not control', async () => {
    const state = stateWith();
    expect(
      await rules.validate(intent('cepheus:set-upp', { actorId: 'ana', upp: 'OOOOOO' }), state),
    ).toEqual({
      ok: false,
      reason:
        '"OOOOOO" is not a UPP: pseudo-hexadecimal has no O (it skips I and O, which read like 1 and 0)',
    });
    expect(
      await rules.validate(intent('cepheus:set-upp', { actorId: 'grub', upp: '777777' }), state),
    ).toEqual({ ok: false, reason: 'you do not control Grub' });
    expect(
      await rules.validate(
        intent('cepheus:set-upp', { actorId: 'grub', upp: '777777' }, 'u-gm'),
        state,
      ),
    ).toEqual({ ok: true });
  });

  it('round-trips: any six scores from 0 to 33 write a UPP that /upp reads back to the same scores', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 33 }), { minLength: 6, maxLength: 6 }),
        fc.option(fc.integer({ min: 0, max: 33 }), { nil: undefined }),
        async (scores, psi) => {
          const actor = withScores(scores, psi);
          const upp = (await rules.derive(actor)).upp as string;
          expect(upp).toBe(
            scores.map((s) => DIGITS[s]).join('') + (psi === undefined ? '' : `-${DIGITS[psi]}`),
          );
          const asked = await rules.command('upp', { text: upp.toLowerCase(), actor });
          expect(asked.intent).toEqual({
            kind: 'cepheus:set-upp',
            payload: { actorId: 'pc', upp },
          });
          const changes = await rules.apply(
            intent('cepheus:set-upp', { actorId: 'pc', upp }),
            stateWith([withScores([7, 7, 7, 7, 7, 7])]),
          );
          expect(setValue(changes[0])).toEqual(
            Object.fromEntries(KEYS.map((k, i) => [k, scores[i]])),
          );
        },
      ),
      { numRuns: 40, seed: 20161 },
    );
  });

  it('round-trips: a text /upp accepts is a UPP derive writes back the same; any other is refused', async () => {
    const texts = fc.oneof(
      fc.string({ minLength: 1, maxLength: 10 }),
      fc.stringMatching(/^[0-9A-Za-z]{6}(-[0-9A-Za-z])?$/),
    );
    await fc.assert(
      fc.asyncProperty(texts, async (text) => {
        fc.pre(text.trim() !== '');
        const asked = await rules.command('upp', { text, actor: ana });
        if (asked.intent === undefined) {
          expect(asked.message).toContain('is not a UPP');
          return;
        }
        const upp = (asked.intent.payload as { upp: string }).upp;
        expect(upp).toBe(text.trim().toUpperCase());
        const changes = await rules.apply(
          intent('cepheus:set-upp', { actorId: 'ana', upp }),
          stateWith(),
        );
        const scores = setValue(changes[0]) as Record<string, number>;
        const psi = setValue(changes.find((change) => change.path.at(-1) === 'psi'));
        const written = await rules.derive(
          character('ana', {
            characteristics: scores,
            current: scores,
            ...(typeof psi === 'number' ? { psi } : {}),
          }),
        );
        expect(written.upp).toBe(upp);
      }),
      { numRuns: 80, seed: 33 },
    );
  });
});
