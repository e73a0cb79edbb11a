/**
 * The `roll` hook and initiative: d20 tests with advantage and disadvantage, critical hits and
 * natural 1s, death saves and damage, each checked against the dice the sandbox recorded.
 */
import type { JsonObject } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ana, GM, intent, MODULE_DIR, SEEDS, seedWhere, table } from './support';

let rules: ModuleHarness;
beforeAll(async () => {
  rules = await loadModule(MODULE_DIR);
});
afterAll(() => rules?.close());

// biome-ignore lint/suspicious/noExplicitAny: the roll hook's result is free-form JSON.
type Read = Record<string, any>;

async function roll(request: JsonObject, seed: string) {
  const outcome = await rules.call('roll', [{ notation: '1d20', ...request } as never], { seed });
  if (!outcome.ok) throw new Error(outcome.error.message);
  return { read: outcome.value as Read, faces: outcome.draws.map((draw) => draw.value) };
}

describe('d20 tests', () => {
  it('SRD 5.1 "Advantage and Disadvantage": advantage rolls two d20 and keeps the higher, disadvantage the lower', async () => {
    for (const seed of SEEDS.slice(0, 15)) {
      for (const [mode, pick] of [
        ['advantage', Math.max],
        ['disadvantage', Math.min],
      ] as const) {
        const { read, faces } = await roll({ notation: '1d20+5', mode, kind: 'check' }, seed);
        expect(faces).toHaveLength(2);
        const kept = pick(...(faces as [number, number]));
        expect(read).toMatchObject({ mode, natural: kept, total: kept + 5 });
        // Both dice are on the card, the dropped one marked.
        expect(read.d20.map((d: Read) => d.value)).toEqual(faces);
        expect(read.d20.filter((d: Read) => d.kept)).toHaveLength(1);
        expect(read.dice).toHaveLength(2);
      }
    }
  });

  it('SRD 5.1 "Advantage and Disadvantage": with both, however many sources, the roll has neither (one d20)', async () => {
    const both = await roll({ notation: '1d20+2', mode: 'advantage', disadvantage: true }, 'ab');
    expect(both.faces).toHaveLength(1);
    expect(both.read.mode).toBe('normal');
    const written = await roll({ notation: '2d20kh1+3', mode: 'disadvantage' }, 'ab');
    expect(written.faces).toHaveLength(1);
    expect(written.read.mode).toBe('normal');
  });

  it('reads a notation written with advantage (2d20kh1) as advantage', async () => {
    const { read, faces } = await roll({ notation: '2d20kh1+1' }, 'cd');
    expect(faces).toHaveLength(2);
    expect(read.mode).toBe('advantage');
    expect(read.natural).toBe(Math.max(...faces));
  });

  it('SRD 5.1 "Attack Rolls: Rolling 1 or 20": a natural 20 hits whatever the AC and is a critical hit', async () => {
    const seed = seedWhere([20], ([d20]) => d20 === 20);
    const { read } = await roll({ notation: '1d20+0', kind: 'attack', target: 30 }, seed);
    expect(read).toMatchObject({ natural: 20, critical: true, hit: true, ac: 30 });
    expect(read.text).toBe('1d20+0: [20]+0 = 20 — vs AC 30: critical hit');
  });

  it('SRD 5.1 "Attack Rolls: Rolling 1 or 20": a natural 1 misses whatever the bonus', async () => {
    const seed = seedWhere([20], ([d20]) => d20 === 1);
    const { read } = await roll(
      { notation: '1d20+25', kind: 'attack', target: 10, label: 'Sword' },
      seed,
    );
    expect(read).toMatchObject({ natural: 1, fumble: true, hit: false, total: 26 });
    expect(read.text).toBe('Sword: 1d20+25: [1]+25 = 26 — vs AC 10: miss');
  });

  it('SRD 5.1 "Ability Checks": a check meets its DC on the total alone; a natural 20 or 1 is not automatic', async () => {
    const twenty = seedWhere([20], ([d20]) => d20 === 20);
    expect((await roll({ notation: '1d20+0', kind: 'check', dc: 25 }, twenty)).read.success).toBe(
      false,
    );
    const one = seedWhere([20], ([d20]) => d20 === 1);
    expect((await roll({ notation: '1d20+15', kind: 'save', dc: 16 }, one)).read.success).toBe(
      true,
    );
    for (const seed of SEEDS.slice(0, 10)) {
      const { read, faces } = await roll({ notation: '1d20+4', dc: 15, label: 'Perception' }, seed);
      const d20 = faces[0] as number;
      expect(read.success).toBe(d20 + 4 >= 15);
      expect(read.text).toBe(
        `Perception: 1d20+4: [${d20}]+4 = ${d20 + 4} — vs DC 15: ${d20 + 4 >= 15 ? 'success' : 'failure'}`,
      );
    }
  });

  it('SRD 5.1 "Death Saving Throws": 10 or more succeeds, a 1 is two failures, a 20 regains 1 hit point', async () => {
    const cases: [number, Read][] = [
      [1, { success: false, failures: 2, regainsHp: false }],
      [9, { success: false, failures: 1, regainsHp: false }],
      [10, { success: true, failures: 0, regainsHp: false }],
      [20, { success: true, failures: 0, regainsHp: true }],
    ];
    for (const [face, expected] of cases) {
      const seed = seedWhere([20], ([d20]) => d20 === face);
      const { read } = await roll({ notation: '1d20', kind: 'death' }, seed);
      expect(read, `natural ${face}`).toMatchObject({ natural: face, ...expected });
    }
  });
});

describe('damage rolls', () => {
  it('SRD 5.1 "Critical Hits": a dagger’s critical rolls 2d4 and adds the modifier once', async () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const { read, faces } = await roll(
        { notation: '1d4+3', kind: 'damage', critical: true, damageType: 'piercing' },
        seed,
      );
      expect(faces).toHaveLength(2);
      expect(read.total).toBe((faces[0] as number) + (faces[1] as number) + 3);
      expect(read.notation).toBe('2d4+3');
      expect(read.byType).toEqual({ piercing: read.total });
    }
  });

  it('SRD 5.1 "Damage Types": labelled dice count toward their own type, the rest toward the named type', async () => {
    const { read, faces } = await roll(
      { notation: '1d8[slashing]+2d6[fire]+3', kind: 'damage', damageType: 'slashing' },
      'beef',
    );
    const [d8, a, b] = faces as [number, number, number];
    expect(read.byType).toEqual({ slashing: d8 + 3, fire: a + b });
    expect(read.dice.map((d: Read) => [d.sides, d.label])).toEqual([
      [8, 'slashing'],
      [6, 'fire'],
      [6, 'fire'],
    ]);
  });

  it('rolls anything else as written, every die on the card', async () => {
    const { read, faces } = await roll({ notation: '4d6kh3', label: 'Strength score' }, 'aa');
    expect(faces).toHaveLength(4);
    expect(read.dice.filter((d: Read) => !d.kept)).toHaveLength(1);
    expect(read.total).toBe(
      [...faces]
        .sort((x, y) => y - x)
        .slice(0, 3)
        .reduce((s, f) => s + f, 0),
    );
    expect(read.kind).toBe('roll');
  });
});

describe('bad roll requests', () => {
  it.each([
    [
      { notation: '1d20', mode: 'super' },
      'mode must be "normal", "advantage" or "disadvantage", not "super"',
    ],
    [
      { notation: '1d20', kind: 'spell' },
      'kind must be one of check, save, attack, initiative, death or damage, not "spell"',
    ],
    [{ notation: '1d20', dc: 'high' }, 'dc must be a whole number'],
    [{ notation: '1d20', advantage: 'yes' }, 'advantage must be true or false'],
    [
      { notation: '1d6', damageType: 'sonic' },
      'damageType must be one of acid, bludgeoning, cold, fire, force, lightning, necrotic, piercing, poison, psychic, radiant, slashing or thunder',
    ],
    [
      { notation: '2d20kh1', critical: true },
      'a critical damage roll doubles plain dice: write it as 2d6+3 or 1d8[slashing]+1d6[fire]',
    ],
  ])('refuses %j with a reason, in validate and in roll', async (request, reason) => {
    expect(await rules.validate(intent('roll', request as JsonObject), table([ana()]))).toEqual({
      ok: false,
      reason,
    });
    const outcome = await rules.call('roll', [request as never], { seed: 'aa' });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).toContain(reason);
  });

  it('accepts a sound roll request from anyone', async () => {
    const request = {
      notation: '1d20+3',
      mode: 'advantage',
      kind: 'check',
      dc: 12,
      label: 'Athletics',
    };
    expect(await rules.validate(intent('roll', request, GM), table([ana()]))).toEqual({ ok: true });
  });

  it('accepts a roll intent as the verifiable-roll protocol sends it: its fields are the core’s', async () => {
    const protocol = {
      rollId: 'i-roll-1',
      notation: '1d20+5',
      playerNonce: 'ab'.repeat(32),
      chainHead: 'cd'.repeat(32),
      engine: 1,
    };
    const check = { ...protocol, label: 'Perception', kind: 'check', dc: 15 };
    for (const request of [protocol, check]) {
      expect(await rules.validate(intent('roll', request), table([ana()]))).toEqual({ ok: true });
    }
  });

  it('is deterministic', async () => {
    await rules.checkDeterminism(
      'roll',
      [{ notation: '1d20+5', mode: 'advantage', kind: 'attack', target: 15 }],
      {
        seed: 'ab12',
      },
    );
  });
});

describe('initiative', () => {
  it('SRD 5.1 "Initiative": a Dexterity check, d20 + Dex modifier, with the Dex score breaking ties', async () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const outcome = await rules.call('initiative', [ana()], { seed });
      if (!outcome.ok) throw outcome.error;
      expect(outcome.draws).toHaveLength(1);
      expect(outcome.value).toBeCloseTo((outcome.draws[0]?.value as number) + 2 + 0.14, 10);
    }
  });

  it('SRD 5.1 "Poisoned": a poisoned creature rolls initiative (a Dexterity check) with disadvantage', async () => {
    const outcome = await rules.call('initiative', [ana({ conditions: ['poisoned'] })], {
      seed: 'ee',
    });
    if (!outcome.ok) throw outcome.error;
    const [a, b] = outcome.draws.map((d) => d.value) as [number, number];
    expect(outcome.value).toBeCloseTo(Math.min(a, b) + 2 + 0.14, 10);
  });

  it('is deterministic', async () => {
    await rules.checkDeterminism('initiative', [ana()], { seed: 'ab' });
  });
});
