/**
 * Frame generators for fuzzing the relay (tests/integration/relayFuzz.test.ts): random bytes,
 * valid y-websocket and signalling frames built from a real Yjs doc and awareness, and those
 * valid frames mutated (bytes flipped or set to varint boundaries, cut, spliced, repeated).
 * Everything is drawn from one seeded PRNG, so a seed replays the same frames.
 */
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { awarenessFrame, syncFrame } from './rawSocket';

/** A source of numbers in [0, 1), such as {@link seededRandom}. */
export type Random = () => number;

/** Bytes that sit on varint and sign boundaries: where decoders miscount. */
const EDGE_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x3f, 0x40];

function int(random: Random, below: number): number {
  return Math.floor(random() * below);
}

function randomBytes(random: Random, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = int(random, 256);
  return bytes;
}

/** One to four mutations of `frame`: the result is a new array, `frame` is left alone. */
export function mutateBytes(random: Random, frame: Uint8Array): Uint8Array {
  let bytes = Uint8Array.from(frame);
  const rounds = 1 + int(random, 4);
  for (let round = 0; round < rounds; round++) {
    const at = bytes.length === 0 ? 0 : int(random, bytes.length);
    switch (int(random, 6)) {
      case 0:
        if (bytes.length > 0) bytes[at] = (bytes[at] ?? 0) ^ (1 << int(random, 8));
        break;
      case 1:
        if (bytes.length > 0) bytes[at] = EDGE_BYTES[int(random, EDGE_BYTES.length)] ?? 0;
        break;
      case 2:
        bytes = bytes.slice(0, at);
        break;
      case 3: {
        const inserted = randomBytes(random, 1 + int(random, 8));
        bytes = Uint8Array.from([...bytes.slice(0, at), ...inserted, ...bytes.slice(at)]);
        break;
      }
      case 4: {
        // Repeat a slice: duplicated structs, lengths that no longer add up.
        const end = at + int(random, Math.max(1, bytes.length - at));
        bytes = Uint8Array.from([
          ...bytes.slice(0, end),
          ...bytes.slice(at, end),
          ...bytes.slice(end),
        ]);
        break;
      }
      default:
        // A huge varint where a small one was: lengths and clocks far past the end.
        bytes = Uint8Array.from([
          ...bytes.slice(0, at),
          0xff,
          0xff,
          0xff,
          0xff,
          0x0f,
          ...bytes.slice(at + 1),
        ]);
    }
  }
  return bytes;
}

/** Frames a {@link SyncFrameMaker}'s doc makes before a fresh doc takes over. */
const FRAMES_PER_DOC = 10_000;

/**
 * Makes /sync frames. Valid ones come from a doc of the fuzzer's own that writes under the root
 * `fuzz` (never the witness's map), so an accepted frame adds to the room and takes nothing away.
 * Every FRAMES_PER_DOC frames a fresh doc (a new Yjs client) takes over: a text edited at random
 * places keeps its deleted items, so one doc for 10^6 frames made each frame slower to make than
 * the last, and the fuzzer, not the relay, set the pace of long runs.
 */
export class SyncFrameMaker {
  private state = freshDoc();
  private step = 0;
  private made = 0;

  constructor(private readonly random: Random) {}

  /** A valid frame: an update, a sync step 1 or 2, or an awareness update. */
  valid(): Uint8Array {
    const random = this.random;
    const kind = int(random, 5);
    if (kind === 0) return syncFrame(0, Y.encodeStateVector(this.state.doc));
    if (kind === 1) {
      this.state.awareness.setLocalState({ n: this.step++, name: 'x'.repeat(int(random, 40)) });
      return awarenessFrame(encodeAwarenessUpdate(this.state.awareness, [this.state.doc.clientID]));
    }
    this.write();
    const update = this.state.updates.at(-1) ?? new Uint8Array();
    // Step 2 (1) and update (2) carry the same payload; an old update resent is a duplicate.
    const payload =
      kind === 4 ? (this.state.updates[int(random, this.state.updates.length)] ?? update) : update;
    return syncFrame(kind === 2 ? 1 : 2, payload);
  }

  /** A valid frame with one to four mutations. */
  mutated(): Uint8Array {
    return mutateBytes(this.random, this.valid());
  }

  /** Bytes with no structure at all. */
  noise(): Uint8Array {
    return randomBytes(this.random, int(this.random, 96));
  }

  /** Any of the three. */
  next(): Uint8Array {
    if (++this.made % FRAMES_PER_DOC === 0) {
      this.state.awareness.destroy();
      this.state.doc.destroy();
      this.state = freshDoc();
    }
    const pick = this.random();
    if (pick < 0.25) return this.valid();
    if (pick < 0.8) return this.mutated();
    return this.noise();
  }

  private write(): void {
    const random = this.random;
    // A handful of keys and a short text: overwrites and deletes keep the room's content small
    // however many frames are fuzzed.
    if (random() < 0.6) {
      this.state.doc
        .getMap('fuzz')
        .set(`k${int(random, 16)}`, random() < 0.5 ? this.step++ : 'v'.repeat(int(random, 20)));
    } else {
      const text = this.state.doc.getText('fuzz-text');
      if (text.length > 64) text.delete(0, 32);
      text.insert(int(random, text.length + 1), String.fromCharCode(32 + int(random, 90)));
    }
  }
}

/** A doc for a {@link SyncFrameMaker}, its awareness, and the last 32 updates it made. */
function freshDoc(): { doc: Y.Doc; awareness: Awareness; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => {
    updates.push(update);
    if (updates.length > 32) updates.shift();
  });
  return { doc, awareness: new Awareness(doc), updates };
}

const TOPICS = ['room-a', 'room-b', 'witness', '', 'x'.repeat(300), '__proto__', 'constructor'];

function randomJson(random: Random, depth = 0): unknown {
  const kind = int(random, depth > 3 ? 5 : 7);
  if (kind === 0) return null;
  if (kind === 1) return random() < 0.5;
  if (kind === 2) return [0, -1, 1e308, -0, 2 ** 53 + 1, 0.5][int(random, 6)];
  if (kind === 3) return TOPICS[int(random, TOPICS.length)];
  if (kind === 4) return String.fromCharCode(...randomBytes(random, int(random, 12)));
  if (kind === 5)
    return Array.from({ length: int(random, 4) }, () => randomJson(random, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = int(random, 4); i > 0; i--) {
    object[['type', 'topic', 'topics', 'data', 'from', '__proto__'][int(random, 6)] ?? 'x'] =
      randomJson(random, depth + 1);
  }
  return object;
}

/** Makes /signal messages: valid y-webrtc signalling, the same mutated, and garbage. */
export class SignalFrameMaker {
  constructor(private readonly random: Random) {}

  /** A well-formed subscribe, unsubscribe, publish or ping. */
  valid(): string {
    const random = this.random;
    const topic = TOPICS[int(random, 3)] ?? 'room-a';
    switch (int(random, 4)) {
      case 0:
        return JSON.stringify({ type: 'subscribe', topics: [topic] });
      case 1:
        return JSON.stringify({ type: 'unsubscribe', topics: [topic] });
      case 2:
        return JSON.stringify({ type: 'publish', topic, data: randomJson(random) });
      default:
        return JSON.stringify({ type: 'ping' });
    }
  }

  /** A valid message with its text mutated (it may still parse), or a random JSON value. */
  mutated(): string {
    const random = this.random;
    if (random() < 0.4) return JSON.stringify(randomJson(random));
    let text = this.valid();
    for (let round = 1 + int(random, 3); round > 0; round--) {
      const at = int(random, text.length + 1);
      const insert = ['{', '}', '[', ']', '"', ',', ':', '\\', '\u0000', '\ud800', '1e999', 'null'][
        int(random, 12)
      ];
      text =
        random() < 0.5
          ? text.slice(0, at) + insert + text.slice(at)
          : text.slice(0, at) + text.slice(at + 1);
    }
    return text;
  }

  /** The next message: text (a string) or a binary frame (bytes). */
  next(): string | Uint8Array {
    const pick = this.random();
    if (pick < 0.3) return this.valid();
    if (pick < 0.9) return this.mutated();
    return randomBytes(this.random, int(this.random, 64));
  }
}
