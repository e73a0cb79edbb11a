import { describe, expect, it } from 'vitest';
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import * as Y from 'yjs';
import { awarenessClientIds, forgetRemovedAwareness } from './awarenessLimits';

function peerWithState(clientId: number, state: object): Awareness {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const awareness = new Awareness(doc);
  awareness.setLocalState(state);
  return awareness;
}

describe('awarenessClientIds', () => {
  it('reads the client ids an update speaks for', () => {
    const a = peerWithState(11, { name: 'Ann' });
    const b = peerWithState(22, { name: 'Bob' });
    const relay = new Awareness(new Y.Doc());
    applyAwarenessUpdate(relay, encodeAwarenessUpdate(a, [11]), 'a');
    applyAwarenessUpdate(relay, encodeAwarenessUpdate(b, [22]), 'b');
    expect(awarenessClientIds(encodeAwarenessUpdate(relay, [11, 22]))).toEqual([11, 22]);
    for (const awareness of [a, b, relay]) awareness.destroy();
  });

  it('throws on an update cut short', () => {
    const a = peerWithState(11, { name: 'Ann' });
    const update = encodeAwarenessUpdate(a, [11]);
    expect(() => awarenessClientIds(update.subarray(0, update.length - 3))).toThrow();
    a.destroy();
  });
});

describe('forgetRemovedAwareness', () => {
  it('forgets removed states once they are old, and never a live one', () => {
    const relay = new Awareness(new Y.Doc());
    relay.setLocalState(null);
    const ann = peerWithState(11, { name: 'Ann' });
    const bob = peerWithState(22, { name: 'Bob' });
    applyAwarenessUpdate(relay, encodeAwarenessUpdate(ann, [11]), 'ann');
    applyAwarenessUpdate(relay, encodeAwarenessUpdate(bob, [22]), 'bob');
    removeAwarenessStates(relay, [22], 'bob left');
    const now = Date.now();
    expect(forgetRemovedAwareness(relay, now, 30_000)).toBe(0);
    expect(relay.meta.has(22)).toBe(true);
    // Later: Bob's clock goes; Ann, still present however quiet, keeps hers.
    expect(forgetRemovedAwareness(relay, now + 31_000, 30_000)).toBe(1);
    expect(relay.meta.has(22)).toBe(false);
    expect(relay.meta.has(11)).toBe(true);
    for (const awareness of [ann, bob, relay]) awareness.destroy();
  });
});
