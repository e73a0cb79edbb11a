import { describe, expect, it, vi } from 'vitest';
import { ObservableState } from './observableState';

describe('ObservableState', () => {
  it('notifies listeners with the new and previous state on a change', () => {
    const state = new ObservableState({ a: 1, b: 'x' });
    const listener = vi.fn();
    state.subscribe(listener);
    state.update({ a: 2 });
    expect(state.get()).toEqual({ a: 2, b: 'x' });
    expect(listener).toHaveBeenCalledWith({ a: 2, b: 'x' }, { a: 1, b: 'x' });
  });

  it('does not notify when an update changes nothing', () => {
    const state = new ObservableState({ a: 1 });
    const listener = vi.fn();
    state.subscribe(listener);
    const before = state.get();
    state.update({ a: 1 });
    expect(listener).not.toHaveBeenCalled();
    expect(state.get()).toBe(before);
  });

  it('stops notifying after unsubscribe', () => {
    const state = new ObservableState({ a: 1 });
    const listener = vi.fn();
    const unsubscribe = state.subscribe(listener);
    unsubscribe();
    state.update({ a: 2 });
    expect(listener).not.toHaveBeenCalled();
  });
});
