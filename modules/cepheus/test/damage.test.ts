/**
 * Damage and healing: damage.apply (Endurance first, then Strength or Dexterity, unconscious,
 * dead), armour, the Damage Results table, and cepheus:heal (first aid, surgery, medical care,
 * rest), each against the Cepheus Engine SRD's wording.
 */
import type { Actor, Change, JsonObject } from '@meshtable/module-sdk';
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

/** Ana with these current physical values (STR 7, DEX 10, END 8 at full). */
function anaAt(str: number, dex: number, end: number, extra: JsonObject = {}): Actor {
  return character('ana', { current: { str, dex, end, int: 9, edu: 8, soc: 7 }, ...extra });
}

/** The current values the changes leave, over the actor's own. */
function currentAfter(actor: Actor, changes: readonly Change[]) {
  const current = { ...((actor.data as JsonObject).current as Record<string, number>) };
  for (const change of changes) {
    if (change.op === 'set' && change.collection === 'actors' && change.path[1] === 'current') {
      current[change.path[2] as string] = change.value as number;
    }
  }
  return { str: current.str as number, dex: current.dex as number, end: current.end as number };
}

async function damage(actor: Actor, amount: number, type?: string) {
  const hit = intent('damage.apply', {
    actorId: actor.id,
    amount,
    ...(type === undefined ? {} : { type }),
  });
  const state = stateWith([actor, grub]);
  expect(await rules.validate(hit, state)).toEqual({ ok: true });
  const { changes, result } = await rules.ruling(hit, state);
  return { changes, result, current: currentAfter(actor, changes) };
}

describe('damage.apply', () => {
  it('SRD Ch. 5 "Damage": the first damage a character takes comes off Endurance', async () => {
    const { changes, current } = await damage(ana, 5, 'direct');
    expect(current).toEqual({ str: 7, dex: 10, end: 3 });
    expect(changes).toEqual([
      { op: 'set', collection: 'actors', id: 'ana', path: ['data', 'current', 'end'], value: 3 },
    ]);
  });

  it('shows the table what the damage did: armour, the points taken, the condition', async () => {
    // Ana wears mesh (5): 12 physical points, 7 through; END 8 takes them all.
    expect((await damage(ana, 12)).result).toEqual({
      actorId: 'ana',
      amount: 12,
      type: 'physical',
      armor: 5,
      dealt: 7,
      taken: { str: 0, dex: 0, end: 7 },
      condition: 'wounded',
      text: 'Ana takes 12 physical damage, armour 5: 7 through (END 7), wounded',
    });
    expect((await damage(anaAt(5, 8, 2), -3)).result).toEqual({
      actorId: 'ana',
      restored: { str: 1, dex: 1, end: 1 },
      condition: 'seriously wounded',
      text: 'Ana regains STR 1, DEX 1, END 1: 693987, seriously wounded',
    });
  });

  it('SRD Ch. 5 "Damage": once Endurance is 0, Strength or Dexterity as the character chooses', async () => {
    expect((await damage(anaAt(7, 10, 8, { damageTo: 'str' }), 10, 'direct')).current).toEqual({
      str: 5,
      dex: 10,
      end: 0,
    });
    expect((await damage(anaAt(7, 10, 8, { damageTo: 'dex' }), 10, 'direct')).current).toEqual({
      str: 7,
      dex: 8,
      end: 0,
    });
    // Without a choice on the sheet, the higher of the two takes it: staying conscious longest.
    expect((await damage(ana, 10, 'direct')).current).toEqual({ str: 7, dex: 8, end: 0 });
  });

  it('SRD Ch. 5 "Damage": when Strength or Dexterity reaches 0 the character is unconscious, and the rest comes off the last one', async () => {
    const { changes, current } = await damage(anaAt(7, 10, 8, { damageTo: 'dex' }), 21, 'direct');
    expect(current).toEqual({ str: 4, dex: 0, end: 0 });
    expect(changes).toContainEqual({
      op: 'set',
      collection: 'tokens',
      id: 't-ana',
      path: ['conditions'],
      value: ['unconscious'],
    });
    const derived = await rules.derive(anaAt(4, 0, 0));
    expect(derived).toMatchObject({ condition: 'unconscious', unconscious: true, dead: false });
  });

  it('SRD Ch. 5 "Damage": when all three physical characteristics are 0 the character is killed', async () => {
    const { changes, current } = await damage(ana, 40, 'direct');
    expect(current).toEqual({ str: 0, dex: 0, end: 0 });
    expect(changes).toContainEqual({
      op: 'set',
      collection: 'tokens',
      id: 't-ana',
      path: ['conditions'],
      value: ['dead'],
    });
    expect(await rules.derive(anaAt(0, 0, 0))).toMatchObject({ condition: 'dead', dead: true });
  });

  it('SRD Ch. 5 "Damage Results": one characteristic damaged is wounded, all three seriously wounded, two at zero unconscious, three dead', async () => {
    const table: Array<[[number, number, number], string]> = [
      [[7, 10, 8], 'healthy'],
      [[7, 10, 5], 'wounded'],
      [[7, 9, 0], 'wounded'],
      [[6, 9, 7], 'seriously wounded'],
      [[0, 10, 0], 'unconscious'],
      [[3, 0, 0], 'unconscious'],
      [[0, 0, 0], 'dead'],
    ];
    for (const [[str, dex, end], condition] of table) {
      expect((await rules.derive(anaAt(str, dex, end))).condition, `${str} ${dex} ${end}`).toBe(
        condition,
      );
    }
  });

  it('SRD Ch. 5 "Armor": armour takes its rating off physical damage; lasers meet the laser rating; direct damage ignores it', async () => {
    // Ana wears mesh (5); add reflec (0/14) for the laser.
    expect((await damage(ana, 9)).current.end).toBe(4);
    expect((await damage(ana, 4, 'physical')).changes).toEqual([]);
    const layered = anaAt(7, 10, 8, {
      armor: [
        { name: 'Mesh', protection: 5 },
        { name: 'Reflec', protection: 0, laser: 14 },
        { name: 'Vacc Suit', protection: 6, worn: false },
      ],
    });
    expect((await damage(layered, 20, 'laser')).current.end).toBe(7);
    // A laser figure below the protection (a new row's 0) reads as the same protection.
    const plain = anaAt(7, 10, 8, {
      armor: [{ name: 'Mesh', protection: 5, laser: 0, worn: true }],
    });
    expect((await damage(plain, 9, 'laser')).current.end).toBe(4);
    expect((await damage(layered, 9, 'direct')).current.end).toBe(0);
  });

  it('gives points back for a negative amount, divided evenly and never above the score', async () => {
    const hurt = anaAt(5, 8, 2);
    expect((await damage(hurt, -6)).current).toEqual({ str: 7, dex: 10, end: 4 });
    expect((await damage(hurt, -100)).current).toEqual({ str: 7, dex: 10, end: 8 });
    // Back above zero, the unconscious mark goes; the token's other conditions stay.
    const out = anaAt(4, 0, 0);
    const base = stateWith([out, grub]);
    const marked = {
      ...base,
      tokens: {
        ...base.tokens,
        't-ana': { ...base.tokens?.['t-ana'], conditions: ['prone', 'unconscious'] },
      },
    } as typeof base;
    const waking = await rules.apply(
      intent('damage.apply', { actorId: 'ana', amount: -1 }),
      marked,
    );
    expect(waking).toContainEqual({
      op: 'set',
      collection: 'tokens',
      id: 't-ana',
      path: ['conditions'],
      value: ['prone'],
    });
  });

  it.each([
    [{ actorId: 'ana', amount: 2.5 }, 'damage is a whole number of points from -1000 to 1000'],
    [{ actorId: 'ana', amount: 5000 }, 'damage is a whole number of points from -1000 to 1000'],
    [{ actorId: 'ana', amount: 3, type: 'fire' }, 'the damage type is physical'],
    [{ actorId: 'nobody', amount: 3 }, 'there is no such character'],
  ])('refuses %j', async (payload, reason) => {
    const verdict = await rules.validate(intent('damage.apply', payload, 'u-gm'), stateWith());
    expect(verdict.ok).toBe(false);
    expect((verdict as { reason: string }).reason).toContain(reason);
  });

  it('refuses to damage or heal the dead', async () => {
    const body = anaAt(0, 0, 0);
    for (const amount of [3, -3]) {
      expect(
        await rules.validate(
          intent('damage.apply', { actorId: 'ana', amount }, 'u-gm'),
          stateWith([body, grub]),
        ),
      ).toEqual({ ok: false, reason: 'Ana is dead' });
    }
  });
});

describe('cepheus:heal', () => {
  /** Grub, hurt: STR 8, DEX 6, END 1 of 7. */
  const bruised = character(
    'grub',
    {
      characteristics: { str: 8, dex: 6, end: 7, int: 5, edu: 4, soc: 3 },
      current: { str: 8, dex: 6, end: 1, int: 5, edu: 4, soc: 3 },
      skills: [],
    },
    [],
    'npc',
  );
  /** Grub, seriously wounded: STR 7, DEX 5, END 1. */
  const battered = character(
    'grub',
    {
      characteristics: { str: 8, dex: 6, end: 7, int: 5, edu: 4, soc: 3 },
      current: { str: 7, dex: 5, end: 1, int: 3, edu: 4, soc: 3 },
      skills: [],
    },
    [],
    'npc',
  );
  const heal = (payload: JsonObject, author = 'u-ana') => intent('cepheus:heal', payload, author);

  it('SRD Ch. 5 "Medical Treatment": first aid restores twice the Effect of the Medicine check', async () => {
    // Ana: Medicine-2, EDU 8 (+0): 2D6+2 against 8.
    const state = stateWith([ana, bruised]);
    const aid = heal({ patientId: 'grub', method: 'firstAid', healerId: 'ana' });
    expect(await rules.validate(aid, state)).toEqual({ ok: true });
    const seen = { helped: 0, not: 0 };
    for (const seed of SEEDS.slice(0, 30)) {
      const outcome = await rules.call('apply', [aid, state], { seed });
      if (!outcome.ok) throw outcome.error;
      const effect = sum(outcome.draws.map((draw) => draw.value)) + 2 - 8;
      const end = Math.min(7, 1 + Math.max(0, 2 * effect));
      expect(currentAfter(bruised, ruled(outcome.value).changes)).toEqual({ str: 8, dex: 6, end });
      if (effect > 0) seen.helped++;
      else seen.not++;
    }
    expect(seen.helped).toBeGreaterThan(0);
    expect(seen.not).toBeGreaterThan(0);
  });

  it('SRD Ch. 5 "Medical Treatment": up to an hour late, first aid restores the Effect only; on yourself it is Difficult (-2)', async () => {
    const hurtAna = anaAt(7, 10, 2);
    const state = stateWith([hurtAna, grub]);
    const self = heal({ patientId: 'ana', method: 'firstAid', healerId: 'ana', late: true });
    const outcome = await rules.call('apply', [self, state], { seed: '7a' });
    if (!outcome.ok) throw outcome.error;
    const effect = sum(outcome.draws.map((draw) => draw.value)) + 2 - 2 - 8;
    expect(currentAfter(hurtAna, ruled(outcome.value).changes).end).toBe(
      Math.min(8, 2 + Math.max(0, effect)),
    );
    const card = cardOf(ruled(outcome.value));
    expect(card.modifiers).toEqual([
      { label: 'Medicine-2', value: 2 },
      { label: 'on yourself', value: -2 },
    ]);
  });

  it('SRD Ch. 5 "Medical Treatment": surgery is for the seriously wounded, and a failed check costs points equal to the Effect', async () => {
    const state = stateWith([ana, battered]);
    const surgery = heal({ patientId: 'grub', method: 'surgery', healerId: 'ana', dm: -6 });
    expect(await rules.validate(surgery, state)).toEqual({ ok: true });
    const seen = { lost: 0, gained: 0 };
    for (const seed of SEEDS.slice(0, 40)) {
      const outcome = await rules.call('apply', [surgery, state], { seed });
      if (!outcome.ok) throw outcome.error;
      const effect = sum(outcome.draws.map((draw) => draw.value)) + 2 - 6 - 8;
      const after = currentAfter(battered, ruled(outcome.value).changes);
      const total = after.str + after.dex + after.end;
      if (effect < 0) {
        seen.lost++;
        expect(total).toBe(Math.max(0, 13 + effect));
      } else {
        seen.gained++;
        expect(total).toBe(Math.min(21, 13 + 2 * effect));
      }
    }
    expect(seen.lost).toBeGreaterThan(0);
    expect(seen.gained).toBeGreaterThan(0);
    expect(
      await rules.validate(
        heal({ patientId: 'grub', method: 'surgery', healerId: 'ana' }),
        stateWith([ana, bruised]),
      ),
    ).toEqual({
      ok: false,
      reason: 'surgery only helps the seriously wounded, and Grub is wounded',
    });
  });

  it('SRD Ch. 5 "Medical Treatment": medical care restores 2 + the patient\'s END DM + the doctor\'s Medicine a day, without dice', async () => {
    // Day 1: END 1 (-2): 2-2+2 = 2, END 3. Day 2: END 3 (-1): 3, END 6. Day 3: END 6 (+0): 4, END 7.
    const state = stateWith([ana, bruised]);
    const care = heal({ patientId: 'grub', method: 'medicalCare', healerId: 'ana', days: 2 });
    const outcome = await rules.call('apply', [care, state], { seed: '00' });
    if (!outcome.ok) throw outcome.error;
    expect(outcome.draws).toEqual([]);
    expect(currentAfter(bruised, ruled(outcome.value).changes)).toEqual({ str: 8, dex: 6, end: 6 });
    expect(cardOf(ruled(outcome.value))).toMatchObject({
      kind: 'heal',
      perDay: [2, 3],
      dice: [],
      text: 'Grub: medical care for 2 day(s): +2, +3 points; 866543 (wounded)',
    });
    expect(
      currentAfter(
        bruised,
        await rules.apply(
          { ...care, payload: { ...(care.payload as JsonObject), days: 3 } },
          state,
        ),
      ),
    ).toEqual({ str: 8, dex: 6, end: 7 });
    expect(
      await rules.validate(
        heal({ patientId: 'grub', method: 'medicalCare', healerId: 'ana' }),
        stateWith([ana, battered]),
      ),
    ).toEqual({
      ok: false,
      reason: 'Grub is seriously wounded and needs surgery before medical care helps',
    });
  });

  it('SRD Ch. 5 "Natural Healing": a day of full rest gives back 1D6 + END DM points', async () => {
    const state = stateWith([ana, bruised]);
    const rest = heal({ patientId: 'grub', method: 'rest' }, 'u-gm');
    for (const seed of SEEDS.slice(0, 10)) {
      const outcome = await rules.call('apply', [rest, state], { seed });
      if (!outcome.ok) throw outcome.error;
      expect(outcome.draws).toHaveLength(1);
      const face = outcome.draws[0]?.value as number;
      const points = face - 2;
      expect(currentAfter(bruised, ruled(outcome.value).changes).end).toBe(
        Math.min(7, 1 + Math.max(0, points)) - Math.max(0, -points),
      );
      expect(cardOf(ruled(outcome.value))).toMatchObject({ perDay: [points], dice: [face] });
    }
    const active = heal({ patientId: 'grub', method: 'activeRest', days: 2 }, 'u-gm');
    // Active: 1 + END DM. END 1 (-2): lose 1, END 0; END 0 (-2): lose 1 more, off STR.
    expect(currentAfter(bruised, await rules.apply(active, state))).toEqual({
      str: 7,
      dex: 6,
      end: 0,
    });
  });

  it('SRD Ch. 5 "Natural Healing": the seriously wounded regain only their END DM a day, and get worse when it is negative', async () => {
    const state = stateWith([ana, battered]);
    const rest = heal({ patientId: 'grub', method: 'rest', days: 2 }, 'u-gm');
    const outcome = await rules.call('apply', [rest, state], { seed: '01' });
    if (!outcome.ok) throw outcome.error;
    expect(outcome.draws).toEqual([]);
    // END 1 (DM -2): lose 2 (END 0, STR 6); END 0 (DM -2): lose 2 (STR 4).
    expect(currentAfter(battered, ruled(outcome.value).changes)).toEqual({
      str: 4,
      dex: 5,
      end: 0,
    });
    // SRD Ch. 5 "Healing and Mental Characteristics": INT heals a point a day.
    expect(ruled(outcome.value).changes).toContainEqual({
      op: 'set',
      collection: 'actors',
      id: 'grub',
      path: ['data', 'current', 'int'],
      value: 5,
    });
  });

  it('lets the player choose which characteristics first aid restores', async () => {
    const hurtAna = anaAt(5, 8, 2);
    const state = stateWith([hurtAna, grub]);
    const aid = heal({
      patientId: 'ana',
      method: 'firstAid',
      healerId: 'ana',
      priority: ['dex', 'str'],
      dm: 10,
    });
    const outcome = await rules.call('apply', [aid, state], { seed: '02' });
    if (!outcome.ok) throw outcome.error;
    const points = 2 * (sum(outcome.draws.map((draw) => draw.value)) + 2 - 2 + 10 - 8);
    const dex = Math.min(10, 8 + points);
    const str = Math.min(7, 5 + points - (dex - 8));
    expect(currentAfter(hurtAna, ruled(outcome.value).changes)).toEqual({ str, dex, end: 2 });
  });

  it('is deterministic', async () => {
    const aid = heal({ patientId: 'grub', method: 'firstAid', healerId: 'ana' });
    await rules.checkDeterminism('apply', [aid, stateWith([ana, bruised])], { seed: '0ff1ce' });
  });

  const out = anaAt(0, 10, 0);
  it.each([
    [
      { patientId: 'grub', method: 'magic' },
      [ana, bruised],
      'the ways to heal are firstAid, surgery, medicalCare, rest, activeRest',
    ],
    [
      { patientId: 'grub', method: 'firstAid' },
      [ana, bruised],
      'firstAid needs the healer: healerId names a character',
    ],
    [
      { patientId: 'grub', method: 'firstAid', healerId: 'grub' },
      [ana, bruised],
      'you do not control Grub',
    ],
    [{ patientId: 'grub', method: 'rest' }, [ana, bruised], 'you do not control Grub'],
    [{ patientId: 'grub', method: 'firstAid', healerId: 'ana' }, [ana, grub], 'Grub is not hurt'],
    [
      { patientId: 'grub', method: 'firstAid', healerId: 'ana' },
      [out, bruised],
      'Ana is unconscious and cannot treat anyone',
    ],
    [
      { patientId: 'grub', method: 'firstAid', healerId: 'ana', days: 2 },
      [ana, bruised],
      'firstAid takes no days',
    ],
    [
      { patientId: 'ana', method: 'rest', days: 30 },
      [out, bruised],
      'days are a whole number from 1 to 28',
    ],
    [
      { patientId: 'grub', method: 'surgery', healerId: 'ana', late: true },
      [ana, battered],
      '"late" (first aid more than five minutes after the injury)',
    ],
    [
      { patientId: 'grub', method: 'firstAid', healerId: 'ana', priority: ['int'] },
      [ana, bruised],
      'the priority lists physical characteristics',
    ],
    [
      { patientId: 'grub', method: 'firstAid', healerId: 'ana', characteristic: 'luck' },
      [ana, bruised],
      'the characteristic is str, dex, end',
    ],
    [
      { patientId: 'grub', method: 'medicalCare', healerId: 'ana' },
      [character('ana', { skills: [] }), bruised],
      'medical care needs a doctor with the Medicine skill, which Ana lacks',
    ],
    [{ patientId: 'zed', method: 'rest' }, [ana, bruised], 'there is no patient "zed"'],
    [[], [ana, bruised], 'healing needs { patientId, method }'],
  ] as Array<[JsonObject | unknown[], Actor[], string]>)(
    'refuses %j',
    async (payload, actors, reason) => {
      const verdict = await rules.validate(heal(payload as JsonObject), stateWith(actors));
      expect(verdict.ok).toBe(false);
      expect((verdict as { reason: string }).reason).toContain(reason);
    },
  );

  it('refuses to heal the dead', async () => {
    const body = character(
      'grub',
      { current: { str: 0, dex: 0, end: 0, int: 5, edu: 4, soc: 3 } },
      [],
    );
    expect(
      await rules.validate(
        heal({ patientId: 'grub', method: 'rest' }, 'u-gm'),
        stateWith([ana, body]),
      ),
    ).toEqual({ ok: false, reason: 'Grub is dead; no medicine brings them back' });
  });
});

describe('/heal', () => {
  it('asks for treatment by the character the player speaks as', async () => {
    expect(await rules.command('heal', { text: 'grub first-aid late', actor: ana })).toEqual({
      intent: {
        kind: 'cepheus:heal',
        payload: { patientId: 'grub', method: 'firstAid', healerId: 'ana', late: true },
      },
    });
    expect(await rules.command('heal', { text: 'ana rest 3' })).toEqual({
      intent: { kind: 'cepheus:heal', payload: { patientId: 'ana', method: 'rest', days: 3 } },
    });
  });

  it('explains itself', async () => {
    expect((await rules.command('heal', { text: 'grub', actor: ana })).message).toMatch(/^Usage/);
    expect(await rules.command('heal', { text: 'grub surgery' })).toEqual({
      message: 'Select the character who treats the patient first.',
    });
  });
});
