/**
 * Attacks and moves against reference/combat.md: the worked example on exact dice, every attack
 * of a seed sweep against the dice it drew, ranges, the run rate, and the refusals.
 */
import type { Change, JsonObject } from '@meshtable/module-sdk';
import { loadModule, type ModuleHarness } from '@meshtable/module-sdk/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GM,
  ganger,
  hitsOf,
  intent,
  kestrel,
  MODULE_DIR,
  OTHER_PLAYER,
  ruled,
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

/** Kestrel at the origin; the ganger 12 m to her right (edges 11 m apart, 1 m cells of 50 px). */
const tokens = [token('t-kes', 'kestrel', 0, 0), token('t-gan', 'ganger', 600, 0)];
const state = table([kestrel(), ganger()], tokens);
const shoot = (payload: JsonObject = {}, author?: string) =>
  intent('pool6:attack', { attackerId: 'kestrel', targetId: 'ganger', ...payload }, author);

/** The changes and the result (the roll card) of an apply, with the faces it drew. */
async function applied(request: ReturnType<typeof shoot>, seed: string, on = state) {
  const outcome = await rules.call('apply', [request, on], { seed });
  if (!outcome.ok) throw new Error(outcome.error.message);
  const { changes, result } = ruled(outcome.value);
  return { changes, record: result as JsonObject, faces: outcome.draws.map((draw) => draw.value) };
}

/** The value a change sets at the last key `key` of record `id`, if any. */
function setValue(changes: Change[], id: string, key: string): unknown {
  const found = changes.find((change) => change.id === id && change.path.at(-1) === key);
  return found?.op === 'set' ? found.value : undefined;
}

describe('combat.md "Attacking"', () => {
  it('the worked example: 4 hits against 1, 8P against armor 3, 2 soaked, 6 boxes', async () => {
    const seed = seedWhere(23, (f) => {
      return (
        hitsOf(f.slice(0, 10)) === 4 &&
        hitsOf(f.slice(10, 16)) === 1 &&
        hitsOf(f.slice(16, 23)) === 2
      );
    });
    const { changes, record, faces } = await applied(shoot({ weapon: 'heavy pistol' }), seed);
    expect(faces).toHaveLength(10 + 6 + 7);
    expect(record).toMatchObject({
      kind: 'attack',
      weapon: 'Heavy pistol',
      targetId: 'ganger',
      net: 3,
      hit: true,
      damageValue: 8,
      armor: 3,
      type: 'physical',
      boxes: 6,
      condition: 'wounded',
    });
    expect(record.attack).toMatchObject({ pool: 10, hits: 4, limit: 5 });
    expect(record.defense).toMatchObject({ pool: 6, hits: 1 });
    expect(record.soak).toMatchObject({ pool: 7, hits: 2 });
    expect(record.text).toContain('Ganger takes 6 physical and is wounded');
    expect(changes).toEqual([
      {
        op: 'set',
        collection: 'actors',
        id: 'ganger',
        path: ['data', 'damage'],
        value: { physical: 6, stun: 0, overflow: 0 },
      },
      { op: 'set', collection: 'tokens', id: 't-gan', path: ['conditions'], value: ['wounded'] },
    ]);
  });

  it('armor that outweighs the blow turns physical damage into stun (3P + 1 net hit against armor 9)', async () => {
    const guard = ganger({ armor: [{ name: 'Riot armor', value: 9, worn: true }] });
    const on = table([kestrel(), guard], tokens);
    // Hold-out pistol: 10 attack dice (limit 4), 6 defense dice, exactly 1 net hit.
    const seed = seedWhere(
      16,
      (f) => Math.min(4, hitsOf(f.slice(0, 10))) - hitsOf(f.slice(10, 16)) === 1,
    );
    const { changes, record, faces } = await applied(
      shoot({ weapon: 'Hold-out pistol' }),
      seed,
      on,
    );
    expect(record).toMatchObject({ net: 1, damageValue: 4, armor: 9, type: 'stun' });
    expect(faces).toHaveLength(10 + 6 + 13);
    const soaked = hitsOf(faces.slice(16));
    expect(setValue(changes, 'ganger', 'damage')).toEqual({
      physical: 0,
      stun: Math.max(0, 4 - soaked),
      overflow: 0,
    });
  });

  it('resolves every attack from its dice: net hits, damage value, AP, soak (a sweep of seeds)', async () => {
    const seen = { hit: 0, miss: 0 };
    for (const seed of SEEDS) {
      const { changes, record, faces } = await applied(shoot(), seed);
      const attack = Math.min(5, hitsOf(faces.slice(0, 10)));
      const defense = hitsOf(faces.slice(10, 16));
      if (attack <= defense) {
        seen.miss++;
        expect(faces).toHaveLength(16);
        expect(record).toMatchObject({ hit: false, net: attack - defense });
        expect(changes).toEqual([]);
        continue;
      }
      seen.hit++;
      expect(faces).toHaveLength(23);
      const boxes = Math.max(0, 5 + attack - defense - hitsOf(faces.slice(16)));
      expect(setValue(changes, 'ganger', 'damage')).toEqual({
        physical: boxes,
        stun: 0,
        overflow: 0,
      });
    }
    expect(seen.hit).toBeGreaterThan(0);
    expect(seen.miss).toBeGreaterThan(0);
  });

  it('a target who is unconscious defends with 0 dice', async () => {
    const out = ganger({ damage: { physical: 0, stun: 9, overflow: 0 } });
    const { faces, record } = await applied(shoot(), 'abcd', table([kestrel(), out], tokens));
    expect(record.defense).toMatchObject({ pool: 0, hits: 0 });
    expect(faces.length).toBe(hitsOf(faces.slice(0, 10)) > 0 ? 10 + 7 : 10);
  });

  it('stun weapons fill the stun track, and a knocked-out target shows it', async () => {
    const baton = [
      {
        name: 'Stun baton',
        skill: 'Pistols',
        damage: 3,
        type: 'stun',
        ap: -5,
        accuracy: 9,
        range: 2,
      },
    ];
    const on = table(
      [kestrel({ weapons: baton }), ganger()],
      [token('t-kes', 'kestrel', 0, 0), token('t-gan', 'ganger', 50, 0)],
    );
    // 6 hits against none: 3 + 6 = 9S; armor 4 − 5 is 0, so the ganger soaks with Body 4 alone.
    const seed = seedWhere(20, (f) => {
      return (
        hitsOf(f.slice(0, 10)) === 6 && hitsOf(f.slice(10, 16)) === 0 && hitsOf(f.slice(16)) === 0
      );
    });
    const { changes, record, faces } = await applied(shoot(), seed, on);
    expect(faces).toHaveLength(20);
    expect(setValue(changes, 'ganger', 'damage')).toEqual({
      physical: 0,
      stun: 9,
      overflow: 0,
    });
    expect(setValue(changes, 't-gan', 'conditions')).toEqual(['unconscious']);
    expect(record).toMatchObject({
      damageValue: 9,
      armor: 0,
      type: 'stun',
      boxes: 9,
      condition: 'unconscious',
    });
  });

  it('dice-pools.md "Luck": an attack with luck adds 3 dice, ignores accuracy and spends the point', async () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const { changes, record } = await applied(shoot({ luck: true }), seed);
      expect(record.attack).toMatchObject({
        pool: 10,
        luckDice: 3,
        luckUsed: true,
        limitApplied: false,
      });
      const attack = record.attack as { rawHits: number; hits: number };
      expect(attack.hits).toBe(attack.rawHits);
      expect(changes.at(-1)).toEqual({
        op: 'set',
        collection: 'actors',
        id: 'kestrel',
        path: ['data', 'luckPoints'],
        value: 2,
      });
    }
  });

  it('is deterministic, as every peer re-running the ruling needs', async () => {
    await rules.checkDeterminism('apply', [shoot({ luck: true }), state], { seed: 'feed' });
  });
});

describe('combat.md "Range"', () => {
  it('a knife (1 m) reaches the next cell, even corner to corner, but not 2 m', async () => {
    const stab = intent('pool6:attack', { attackerId: 'ganger', targetId: 'kestrel' }, GM);
    const near = table(
      [kestrel(), ganger()],
      [token('t-kes', 'kestrel', 0, 0), token('t-gan', 'ganger', 50, 50)],
    );
    expect(await rules.validate(stab, near)).toEqual({ ok: true });
    const far = table(
      [kestrel(), ganger()],
      [token('t-kes', 'kestrel', 0, 0), token('t-gan', 'ganger', 150, 0)],
    );
    expect(await rules.validate(stab, far)).toEqual({
      ok: false,
      reason: "Kestrel is 2 m away, beyond the 1 m of Ganger's Knife",
    });
  });

  it("refuses a target out of a pistol's range, or on another scene; without tokens the GM judges", async () => {
    const beyond = table(
      [kestrel(), ganger()],
      [token('t-kes', 'kestrel', 0, 0), token('t-gan', 'ganger', 0, 850)],
    );
    expect(await rules.validate(shoot({ weapon: 1 }), beyond)).toEqual({
      ok: false,
      reason: "Ganger is 16 m away, beyond the 15 m of Kestrel's Hold-out pistol",
    });
    const elsewhere = table(
      [kestrel(), ganger()],
      [token('t-kes', 'kestrel', 0, 0), { ...token('t-gan', 'ganger', 0, 0), sceneId: 's2' }],
    );
    expect(await rules.validate(shoot(), elsewhere)).toEqual({
      ok: false,
      reason: 'Kestrel and Ganger are not on the same scene',
    });
    expect(await rules.validate(shoot(), table([kestrel(), ganger()]))).toEqual({ ok: true });
  });
});

describe('pool6:attack refusals', () => {
  const dead = ganger({ damage: { physical: 10, stun: 0, overflow: 5 } });
  const out = kestrel({ damage: { physical: 0, stun: 10, overflow: 0 } });
  it.each([
    [
      'a character the player does not control',
      shoot({}, OTHER_PLAYER),
      state,
      'you do not control Kestrel',
    ],
    [
      'an attacker who is unconscious',
      shoot(),
      table([out, ganger()]),
      'Kestrel is unconscious and cannot attack',
    ],
    ['a target who is dead', shoot(), table([kestrel(), dead]), 'Ganger is already dead'],
    ['oneself', shoot({ targetId: 'kestrel' }), state, 'Kestrel cannot attack themselves'],
    ['a missing target', shoot({ targetId: 'nobody' }), state, 'there is no "nobody" to attack'],
    [
      'a missing attacker',
      shoot({ attackerId: 'nobody' }),
      state,
      'there is no character "nobody"',
    ],
    [
      'a weapon not on the sheet',
      shoot({ weapon: 'rail gun' }),
      state,
      'Kestrel has no weapon "rail gun" (Heavy pistol, Hold-out pistol)',
    ],
    [
      'luck with none left',
      shoot({ luck: true }),
      table([kestrel({ luckPoints: 0 }), ganger()]),
      'Kestrel has no luck left',
    ],
    [
      'an unknown field',
      shoot({ wepon: 'knife' }),
      state,
      'pool6:attack has no field "wepon" (it takes attackerId, targetId, weapon, luck, modifier, defenseModifier)',
    ],
    [
      'a modifier out of bounds',
      shoot({ modifier: 30 }),
      state,
      'pool6:attack: "modifier" must be a whole number from -20 to 20',
    ],
    [
      'luck that is not a boolean',
      shoot({ luck: 'yes' }),
      state,
      'pool6:attack: "luck" must be true or false',
    ],
    [
      'no target',
      intent('pool6:attack', { attackerId: 'kestrel' }),
      state,
      'pool6:attack needs "targetId"',
    ],
  ])('refuses %s, saying why', async (_what, refused, on, reason) => {
    expect(await rules.validate(refused, on)).toEqual({ ok: false, reason });
    // apply checks again rather than trust its caller.
    const outcome = await rules.call('apply', [refused, on], { seed: 'ab' });
    expect(outcome.ok).toBe(false);
  });

  it('lets the GM attack with a character no player owns', async () => {
    const stab = intent('pool6:attack', { attackerId: 'ganger', targetId: 'kestrel' }, GM);
    expect(await rules.validate(stab, table([kestrel(), ganger()]))).toEqual({ ok: true });
  });
});

describe('combat.md "Moving"', () => {
  const move = (x: number, y: number, author?: string, tokenId = 't-kes') =>
    intent('token.move', { tokenId, x, y }, author);

  it('lets Kestrel run 20 m (600 px right, 800 down on 1 m cells of 50 px)', async () => {
    expect(await rules.validate(move(600, 800), state)).toEqual({ ok: true });
  });

  it('refuses 21 m, saying how far she runs and walks', async () => {
    expect(await rules.validate(move(630, 840), state)).toEqual({
      ok: false,
      reason: 'Kestrel runs at most 20 m (walks 10 m); that move is 21 m',
    });
  });

  it('converts a grid in feet to metres (5 ft cells: 13 cells is 19.8 m, 14 is 21.3 m)', async () => {
    const feet = { ...SCENE, grid: { ...SCENE.grid, distance: 5, units: 'ft' } };
    const on = table([kestrel()], [token('t-kes', 'kestrel', 0, 0)], [feet]);
    expect(await rules.validate(move(650, 0), on)).toEqual({ ok: true });
    expect(await rules.validate(move(700, 0), on)).toEqual({
      ok: false,
      reason: 'Kestrel runs at most 20 m (walks 10 m); that move is 21.3 m',
    });
  });

  it('lets the GM move any token any distance, and anyone move a marker', async () => {
    expect(await rules.validate(move(5000, 0, GM), state)).toEqual({ ok: true });
    const marker = table([kestrel()], [token('t-mark', null, 0, 0, { owners: ['u-ana'] })]);
    expect(await rules.validate(move(5000, 0, undefined, 't-mark'), marker)).toEqual({ ok: true });
  });

  it.each([
    [
      'an unconscious character',
      move(50, 0),
      table(
        [kestrel({ damage: { physical: 0, stun: 10, overflow: 0 } })],
        [token('t-kes', 'kestrel', 0, 0)],
      ),
      'Kestrel is unconscious and cannot move',
    ],
    [
      'a token that does not exist',
      move(0, 0, undefined, 't-nope'),
      state,
      'there is no token "t-nope"',
    ],
    [
      'a position that is not a number',
      intent('token.move', { tokenId: 't-kes', x: 'left', y: 0 }),
      state,
      'a move needs a position: x and y in pixels',
    ],
    [
      'a token whose scene is missing',
      move(50, 0),
      table([kestrel()], [token('t-kes', 'kestrel', 0, 0)], []),
      'the scene "s1" has no grid to measure the move on',
    ],
  ])('refuses %s, saying why', async (_what, refused, on, reason) => {
    expect(await rules.validate(refused, on)).toEqual({ ok: false, reason });
  });
});
