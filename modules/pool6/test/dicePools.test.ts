/**
 * The roll hook against reference/dice-pools.md: hits, thresholds, limits, glitches and opposed
 * tests, each checked on dice the sandbox drew from a fixed seed. Luck costs a point, so its
 * dice are rolled by the pool6:test that spends it (as `/test … luck` asks), never by a plain
 * roll: the roll hook and validate refuse a roll that asks for luck.
 */
import type { JsonObject } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  facesOf,
  hitsOf,
  intent,
  kestrel,
  MODULE_DIR,
  onesOf,
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

interface PoolCard extends JsonObject {
  total: number;
  text: string;
  pool: number;
  luckDice: number;
  dice: { faces: number[]; hits: number; luck: boolean }[];
  rawHits: number;
  hits: number;
  ones: number;
  glitch: boolean;
  criticalGlitch: boolean;
  limit: number | null;
  limitApplied: boolean;
}

/** Rolls a request with a seed; returns the card and the faces the sandbox drew. */
async function roll(request: JsonObject, seed: string) {
  const outcome = await rules.call('roll', [{ notation: '0', ...request }], { seed });
  if (!outcome.ok) throw new Error(outcome.error.message);
  return { card: outcome.value as PoolCard, faces: outcome.draws.map((draw) => draw.value) };
}

/** Kestrel with a Luck attribute of `luck` (her luck dice) and as many luck points. */
function lucky(luck: number) {
  const attributes = { ...(kestrel().data.attributes as JsonObject), luck };
  return kestrel({ attributes, luckPoints: luck });
}

/**
 * The paid path: a pool6:test with luck, as `/test <dice> … luck` asks for it, validated and
 * applied for a Kestrel with Luck `luck`. Returns its card, its changes and the faces drawn.
 */
async function withLuck(payload: JsonObject, seed: string, luck = 3) {
  const asked = intent('pool6:test', { actorId: 'kestrel', luck: true, ...payload });
  const on = table([lucky(luck)]);
  expect(await rules.validate(asked, on)).toEqual({ ok: true });
  const outcome = await rules.call('apply', [asked, on], { seed });
  if (!outcome.ok) throw new Error(outcome.error.message);
  const { changes, result } = ruled(outcome.value);
  return { card: result as PoolCard, changes, faces: outcome.draws.map((draw) => draw.value) };
}

describe('dice-pools.md "Hits"', () => {
  it('every 5 and 6 is a hit, and the total is the hits', async () => {
    for (const seed of SEEDS) {
      const { card, faces } = await roll({ notation: '8d6' }, seed);
      expect(faces).toHaveLength(8);
      expect(card.dice.map((die) => die.faces)).toEqual(faces.map((face) => [face]));
      expect(card.dice.map((die) => die.hits)).toEqual(faces.map((face) => (face >= 5 ? 1 : 0)));
      expect(card).toMatchObject({ kind: 'pool', pool: 8, hits: hitsOf(faces) });
      expect(card.total).toBe(hitsOf(faces));
      expect(card.ones).toBe(onesOf(faces));
    }
  });

  it('a pool of 0 dice rolls nothing: no hits and no glitch', async () => {
    const { card, faces } = await roll({ notation: '0d6' }, 'ab');
    expect(faces).toEqual([]);
    expect(card).toMatchObject({ total: 0, hits: 0, glitch: false, criticalGlitch: false });
  });

  it('writes one line with every die: "8d6 [..] = n hits"', async () => {
    const seed = SEEDS[0] as string;
    const faces = facesOf(seed, 8);
    const { card } = await roll({ notation: '8d6', label: 'Sneaking' }, seed);
    const hits = hitsOf(faces);
    expect(card.text).toBe(
      `Sneaking: 8d6 [${faces.join(' ')}] = ${hits} hit${hits === 1 ? '' : 's'}${onesOf(faces) > 4 ? (hits === 0 ? ', CRITICAL GLITCH' : ', glitch') : ''}`,
    );
    expect(card.label).toBe('Sneaking');
  });
});

describe('dice-pools.md "Glitches"', () => {
  it('3 ones in 5 dice is a glitch; with a 5 among them it is not a critical one', async () => {
    const seed = seedWhere(5, (f) => onesOf(f) === 3 && hitsOf(f) === 1);
    const { card, faces } = await roll({ notation: '5d6' }, seed);
    expect(onesOf(faces)).toBe(3);
    expect(card).toMatchObject({ ones: 3, hits: 1, glitch: true, criticalGlitch: false });
    expect(card.text).toMatch(/= 1 hit, glitch$/);
  });

  it('3 ones in 5 dice and no hit (1, 1, 1, 3, 4) is a critical glitch', async () => {
    const seed = seedWhere(5, (f) => onesOf(f) === 3 && hitsOf(f) === 0);
    const { card } = await roll({ notation: '5d6' }, seed);
    expect(card).toMatchObject({ ones: 3, hits: 0, glitch: true, criticalGlitch: true });
    expect(card.text).toMatch(/= 0 hits, CRITICAL GLITCH$/);
  });

  it('2 ones in 4 dice is exactly half: no glitch', async () => {
    const seed = seedWhere(4, (f) => onesOf(f) === 2);
    const { card } = await roll({ notation: '4d6' }, seed);
    expect(card).toMatchObject({ ones: 2, glitch: false, criticalGlitch: false });
  });

  it('luck dice count toward the dice picked up; explosion rerolls never do', async () => {
    // 2 pool dice + 2 luck dice: two ones is half of 4, no glitch, even when a six explodes
    // into more dice.
    const seed = seedWhere(5, (f) => onesOf(f.slice(0, 4)) === 2 && f.slice(0, 4).includes(6));
    const { card, faces } = await withLuck({ dice: 2 }, seed, 2);
    expect(faces.length).toBeGreaterThan(4);
    expect(card).toMatchObject({ pool: 2, luckDice: 2, ones: 2, glitch: false });
  });
});

describe('dice-pools.md "Thresholds"', () => {
  it('threshold 2 with 3 hits succeeds with 1 net hit', async () => {
    const seed = seedWhere(6, (f) => hitsOf(f) === 3);
    const { card } = await roll({ notation: '6d6 th2' }, seed);
    expect(card).toMatchObject({ hits: 3, threshold: 2, success: true, netHits: 1 });
    expect(card.text).toMatch(/; threshold 2: success, 1 net hit$/);
  });

  it('threshold 2 with 2 hits just makes it; threshold 3 with 2 hits fails', async () => {
    const seed = seedWhere(6, (f) => hitsOf(f) === 2);
    expect((await roll({ notation: '6d6 th2' }, seed)).card).toMatchObject({
      success: true,
      netHits: 0,
    });
    const failed = (await roll({ notation: '6d6', threshold: 3 }, seed)).card;
    expect(failed).toMatchObject({ hits: 2, threshold: 3, success: false, netHits: 0 });
    expect(failed.text).toMatch(/; threshold 3: failure$/);
  });
});

describe('dice-pools.md "Limits"', () => {
  it('7 hits against a limit of 5: only 5 count', async () => {
    const seed = seedWhere(10, (f) => hitsOf(f) === 7);
    const { card } = await roll({ notation: '10d6 lim5' }, seed);
    expect(card).toMatchObject({ rawHits: 7, hits: 5, total: 5, limit: 5, limitApplied: true });
    expect(card.text).toContain('= 5 hits (7 capped by limit 5)');
  });

  it('hits within the limit are all kept', async () => {
    const seed = seedWhere(10, (f) => hitsOf(f) === 3);
    const { card } = await roll({ notation: '10d6', limit: 5 }, seed);
    expect(card).toMatchObject({ rawHits: 3, hits: 3, limitApplied: false });
  });
});

describe('dice-pools.md "Luck"', () => {
  it('adds the luck dice, explodes sixes (6→6→2 is 2 hits), lifts the limit and spends the point', async () => {
    // Kestrel: 10 pool dice + 3 luck dice, one six among them whose rerolls come up 6 then 2,
    // and more hits than a limit of 2.
    const seed = seedWhere(15, (f) => {
      const first = f.slice(0, 13);
      return (
        first.filter((x) => x === 6).length === 1 && f[13] === 6 && f[14] === 2 && hitsOf(f) > 2
      );
    });
    const { card, changes, faces } = await withLuck({ dice: 10, limit: 2 }, seed);
    expect(faces).toHaveLength(15);
    const chained = card.dice.find((die) => die.faces.length > 1);
    expect(chained).toMatchObject({ faces: [6, 6, 2], hits: 2 });
    expect(card.dice.filter((die) => die.luck)).toHaveLength(3);
    expect(card.dice.map((die) => die.faces[0])).toEqual(faces.slice(0, 13));
    const hits = hitsOf(faces);
    expect(card).toMatchObject({ luckUsed: true, rawHits: hits, hits, limitApplied: false });
    expect(hits).toBeGreaterThan(2);
    expect(card.text).toContain('6→6→2');
    expect(card.text).toContain('(limit 2 ignored: luck)');
    expect(changes).toEqual([
      { op: 'set', collection: 'actors', id: 'kestrel', path: ['data', 'luckPoints'], value: 2 },
    ]);
  });

  it('explodes every six of the pool, chain by chain, after the pool and luck dice', async () => {
    for (const seed of SEEDS) {
      const { card, faces } = await withLuck({ dice: 6 }, seed, 2);
      // Rebuild the chains from the draws in the documented order.
      const chains = faces.slice(0, 8).map((face) => [face]);
      let next = 8;
      for (const chain of chains) {
        while (chain[chain.length - 1] === 6) chain.push(faces[next++] as number);
      }
      expect(next).toBe(faces.length);
      expect(card.dice.map((die) => die.faces)).toEqual(chains);
      expect(card.hits).toBe(hitsOf(faces));
    }
  });
});

describe('dice-pools.md "Luck": a point pays for it, so a plain roll cannot ask for it', () => {
  const reason =
    'luck costs a point: use /test <dice or skill> … luck or /attack … luck, which spend one; a plain roll cannot ask for luck dice';

  it.each([
    ['as an option, as a sheet button would send it', { notation: '10d6', luck: 3 }],
    ['as an option that is not a number', { notation: '8d6', luck: true }],
    ['beside a threshold and a limit', { notation: '10d6', threshold: 2, limit: 5, luck: 3 }],
    ["as the notation's shorthand, as /r 8d6 luck3 sends it", { notation: '8d6 luck3' }],
    ['as shorthand among other options, any case and spacing', { notation: '10d6 LIM2 Luck 3' }],
    ['as shorthand in a roll to be summed', { notation: '3d6 luck2', mode: 'sum' }],
    ['as an option beside an ordinary notation', { notation: '2d6+3', luck: 1 }],
  ])('refuses free luck %s, saying how to spend it', async (_how, request) => {
    expect(await rules.validate(intent('roll', request), table([kestrel()]))).toEqual({
      ok: false,
      reason,
    });
    // The hook refuses it too, and draws no die: a caller that skipped validate gets no luck.
    const outcome = await rules.call('roll', [request], { seed: 'ab' });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).toContain(reason);
    expect(outcome.draws).toEqual([]);
  });

  it('refuses it for the GM too: luck is paid for, whoever rolls', async () => {
    const request = intent('roll', { notation: '8d6 luck3' }, 'u-gm');
    expect(await rules.validate(request, table([kestrel()]))).toMatchObject({ ok: false });
  });

  it.each<JsonObject>([
    { notation: '8d6 luck0' },
    { notation: '8d6', luck: 0 },
    { notation: '8d6', luck: false },
    { notation: '8d6', luck: null },
  ])('takes %j as no luck: 8 dice, no explosion, the limit kept', async (request) => {
    expect(await rules.validate(intent('roll', request), table([]))).toEqual({ ok: true });
    const { card, faces } = await roll({ ...request, limit: 1 }, SEEDS[0] as string);
    expect(faces).toHaveLength(8);
    expect(card).toMatchObject({ pool: 8, luckDice: 0, luckUsed: false, limit: 1 });
  });

  it('rolls luck on the paid path: a pool6:test with luck adds the dice and takes the point', async () => {
    const { card, changes, faces } = await withLuck({ dice: 8, threshold: 2 }, SEEDS[1] as string);
    expect(card).toMatchObject({ kind: 'test', pool: 8, luckDice: 3, luckUsed: true });
    expect(card.dice.map((die) => die.faces[0])).toEqual(faces.slice(0, 11));
    expect(card.hits).toBe(hitsOf(faces));
    expect(changes).toEqual([
      { op: 'set', collection: 'actors', id: 'kestrel', path: ['data', 'luckPoints'], value: 2 },
    ]);
  });
});

describe('dice-pools.md "Opposed tests"', () => {
  it('net hits are the difference, and ties go to the defender', async () => {
    let ties = 0;
    for (const seed of SEEDS) {
      const { card, faces } = await roll({ notation: '6d6 vs6' }, seed);
      const mine = hitsOf(faces.slice(0, 6));
      const theirs = hitsOf(faces.slice(6, 12));
      expect(card).toMatchObject({
        hits: mine,
        net: mine - theirs,
        success: mine > theirs,
        netHits: Math.max(0, mine - theirs),
      });
      expect((card.opposed as PoolCard).hits).toBe(theirs);
      if (mine === theirs) {
        ties++;
        expect(card.text).toContain('failure (ties go to the defender)');
      }
    }
    expect(ties).toBeGreaterThan(0);
  });

  it('4 hits against 2 is a success with 2 net hits', async () => {
    const seed = seedWhere(12, (f) => hitsOf(f.slice(0, 6)) === 4 && hitsOf(f.slice(6)) === 2);
    const { card } = await roll({ notation: '6d6', vs: 6 }, seed);
    expect(card).toMatchObject({ hits: 4, net: 2, success: true, netHits: 2 });
  });
});

describe('dice-pools.md "Rolling in the app"', () => {
  it.each([
    ['8', 8],
    ['8d6', 8],
    ['8D6>=5', 8],
    ['5+3', 8],
    ['4+-1', 3],
    ['2-5', 0],
    [' 9d6 th2 lim4 ', 9],
  ])('reads "%s" as a pool of %i dice', async (notation, dice) => {
    const { card, faces } = await roll({ notation }, 'c0ffee');
    expect(faces).toHaveLength(dice);
    expect(card.pool).toBe(dice);
  });

  it('reads options from the notation, and the request fields win over them', async () => {
    const { card } = await roll({ notation: '9d6 th2 lim4' }, 'c0ffee');
    expect(card).toMatchObject({ threshold: 2, limit: 4 });
    const { card: asked } = await roll(
      { notation: '9d6 th2 lim4', threshold: 3, limit: 6 },
      'c0ffee',
    );
    expect(asked).toMatchObject({ threshold: 3, limit: 6 });
  });

  it('takes 0 as "none" for a threshold, a limit and an opposing pool', async () => {
    const { card, faces } = await roll({ notation: '7', threshold: 0, limit: 0, vs: 0 }, 'c0ffee');
    expect(faces).toHaveLength(7);
    expect(card.limit).toBeNull();
    expect(card).not.toHaveProperty('threshold');
    expect(card).not.toHaveProperty('opposed');
  });

  it('adds or takes dice with a modifier, never below 0 (wound dice)', async () => {
    expect((await roll({ notation: '5', modifier: -2 }, 'c0ffee')).faces).toHaveLength(3);
    expect((await roll({ notation: '2', modifier: -4 }, 'c0ffee')).faces).toHaveLength(0);
  });

  it('adds up anything else as ordinary dice ("2d6+3", or mode "sum")', async () => {
    for (const seed of SEEDS.slice(0, 5)) {
      const { card, faces } = await roll({ notation: '2d6+3' }, seed);
      expect(card).toMatchObject({ kind: 'sum', total: (faces[0] ?? 0) + (faces[1] ?? 0) + 3 });
      const summed = await roll({ notation: '3d6', mode: 'sum', label: 'Scatter' }, seed);
      expect(summed.card.total).toBe(summed.faces.reduce((a, b) => a + b, 0));
      expect(summed.card.text).toMatch(/^Scatter: 3d6: /);
    }
  });

  it.each([
    [{ notation: '8d6', threshold: 1.5 }, 'threshold must be a whole number from 1 to 100'],
    [{ notation: '8d6', limit: -1 }, 'limit must be a whole number from 1 to 100'],
    [{ notation: '101' }, 'a pool has at most 100 dice; that is 101'],
    [{ notation: '8d6 th2 vs4' }, 'a test has a threshold or an opposing pool, not both'],
    [
      { notation: '2d6+3', mode: 'pool' },
      '"2d6+3" is not a dice pool (write "8d6" or "8d6 th2 lim4")',
    ],
  ])('refuses a bad request %j, saying why', async (request, reason) => {
    expect(await rules.validate(intent('roll', request), table([]))).toEqual({ ok: false, reason });
    const outcome = await rules.call('roll', [request], { seed: 'ab' });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).toContain(reason);
  });

  it('refuses an unknown mode, and accepts a good pool or an ordinary notation', async () => {
    const state = table([]);
    expect(await rules.validate(intent('roll', { notation: '8', mode: 'fast' }), state)).toEqual({
      ok: false,
      reason: 'a roll\'s mode is "pool" (a test) or "sum" (dice added up)',
    });
    for (const notation of ['8d6 th2 lim4', '1d100', '2d6+3']) {
      expect(await rules.validate(intent('roll', { notation }), state)).toEqual({ ok: true });
    }
  });

  it('is deterministic: the same request and seed give the same dice on every peer', async () => {
    await rules.checkDeterminism('roll', [{ notation: '12d6 lim3 th2' }], { seed: 'ab12' });
    await rules.checkDeterminism('roll', [{ notation: '6d6 vs5' }], { seed: 'ab13' });
  });
});
