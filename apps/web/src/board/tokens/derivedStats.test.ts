import type { Actor } from '@meshtable/schema';
import { describe, expect, it } from 'vitest';
import type { BoardRules } from '../campaignBoard/boardSession';
import { DerivedStats } from './derivedStats';

function actor(hp: number): Actor {
  return { id: 'a1', type: 'character', name: 'Mira', image: null, owners: [], data: { hp } };
}

/** A rules host whose derive answers when the test says so. */
function fakeRules(hooks: string[] = ['derive']) {
  const calls: { actor: Actor; answer: (value: unknown, ok?: boolean) => void }[] = [];
  const rules = {
    hooks,
    call: (_hook: string, args: unknown[]) =>
      new Promise((resolve) =>
        calls.push({
          actor: args[0] as Actor,
          answer: (value, ok = true) =>
            resolve(
              ok
                ? { ok: true, value, draws: [], logs: [] }
                : { ok: false, error: new Error('boom'), draws: [], logs: [] },
            ),
        }),
      ),
  } as unknown as BoardRules;
  return { rules, calls };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('derived stats', () => {
  it('asks derive once per version of an actor and tells when the answer comes', async () => {
    let changes = 0;
    const stats = new DerivedStats(() => changes++);
    const { rules, calls } = fakeRules();
    stats.setRules(rules);
    expect(stats.get(actor(5))).toBeUndefined();
    expect(stats.get(actor(5))).toBeUndefined();
    expect(calls).toHaveLength(1);
    calls[0]?.answer({ maxHp: 12 });
    await settle();
    expect(changes).toBe(1);
    expect(stats.get(actor(5))).toEqual({ maxHp: 12 });
    expect(calls).toHaveLength(1);
    // A changed actor is asked about again; the old answer stands meanwhile.
    expect(stats.get(actor(3))).toEqual({ maxHp: 12 });
    expect(calls).toHaveLength(2);
  });

  it('asks again for an actor that changed while its call ran', async () => {
    let changes = 0;
    const stats = new DerivedStats(() => changes++);
    const { rules, calls } = fakeRules();
    stats.setRules(rules);
    stats.get(actor(5));
    stats.get(actor(4));
    expect(calls).toHaveLength(1);
    calls[0]?.answer({ maxHp: 12 });
    await settle();
    expect(changes).toBe(1);
    stats.get(actor(4));
    expect(calls.map((c) => c.actor.data.hp)).toEqual([5, 4]);
  });

  it('knows nothing without a module, without derive, or when derive fails', async () => {
    const stats = new DerivedStats(() => {});
    expect(stats.get(actor(5))).toBeUndefined();
    const without = fakeRules(['validate']);
    stats.setRules(without.rules);
    expect(stats.get(actor(5))).toBeUndefined();
    expect(without.calls).toHaveLength(0);
    const failing = fakeRules();
    stats.setRules(failing.rules);
    stats.get(actor(5));
    failing.calls[0]?.answer(null, false);
    await settle();
    expect(stats.get(actor(5))).toBeUndefined();
  });
});
