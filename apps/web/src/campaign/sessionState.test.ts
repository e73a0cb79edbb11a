import { describe, expect, it } from 'vitest';
import { INITIAL_SESSION_STATE, SessionStateStore } from './sessionState';

describe('SessionStateStore', () => {
  it('gives a new snapshot and tells listeners only when something changed', () => {
    const store = new SessionStateStore();
    let heard = 0;
    store.subscribe(() => heard++);
    store.update({ role: 'none', system: null });
    expect(store.get()).toBe(INITIAL_SESSION_STATE);
    expect(heard).toBe(0);
    store.update({ system: { id: 'template', version: '0.1.0', loaded: false } });
    const before = store.get();
    store.update({ system: { id: 'template', version: '0.1.0', loaded: false } });
    expect(store.get()).toBe(before);
    store.update({ role: 'gm', validating: true });
    expect(store.get()).toMatchObject({ role: 'gm', validating: true });
    expect(heard).toBe(2);
  });

  it('shows each problem once, and only the latest twenty', () => {
    const store = new SessionStateStore();
    store.problem('the rules would not load');
    store.problem('the rules would not load');
    expect(store.get().problems).toEqual(['the rules would not load']);
    for (let i = 0; i < 30; i++) store.problem(`report ${i}`);
    expect(store.get().problems).toHaveLength(20);
    expect(store.get().problems.at(-1)).toBe('report 29');
  });
});
