/**
 * Dice throughput: Meshtable's engine against @dice-roller/rpg-dice-roller on the same notations,
 * interleaved in the same run. Each roll of ours gets a fresh 32-byte seed (as every roll in a
 * campaign does), so ChaCha20 key setup is part of the figure. rpg-dice-roller draws from
 * Math.random through random-js and parses on every roll; for a fair view we report ours both
 * with the parse cache (what `roll` does) and with a fresh parse on every roll.
 */
import { DiceRoll } from '@dice-roller/rpg-dice-roller';
import { createSeededDice, evaluateRoll, parseNotation, roll, rollWith } from '@meshtable/dice';

/** Notations both engines read the same way. */
export const DICE_NOTATIONS = [
  '1d20+5',
  '4d6kh3',
  '2d20kl1+3',
  '8d6>=5',
  '10d10>=8f<2',
  '3d6!',
  '3d6!!',
  '2d6!p',
  '4d6r<2',
  '4dF',
  '{4d6+2d8, 3d20}k1',
  '2d8+1d6+4',
];

/** Rolls per second for one engine over all notations, `rounds` times each. */
export type DiceEngine = (rounds: number) => number;

function timed(rounds: number, body: (notation: string, i: number) => void): number {
  const started = performance.now();
  for (let i = 0; i < rounds; i++) {
    for (const notation of DICE_NOTATIONS) body(notation, i);
  }
  const seconds = (performance.now() - started) / 1000;
  return (rounds * DICE_NOTATIONS.length) / seconds;
}

function seedFor(seed: Uint8Array, i: number): Uint8Array {
  seed[0] = i & 0xff;
  seed[1] = (i >>> 8) & 0xff;
  seed[2] = (i >>> 16) & 0xff;
  return seed;
}

/** Ours, as the app calls it: `roll(notation, seed)` with the parse cache. */
export const meshtableCached: DiceEngine = (rounds) => {
  const seed = new Uint8Array(32);
  let sink = 0;
  const rate = timed(rounds, (notation, i) => {
    sink += roll(notation, seedFor(seed, i)).total;
  });
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return rate;
};

/** Ours, parsing every time (no cache), like rpg-dice-roller does. */
export const meshtableUncached: DiceEngine = (rounds) => {
  const seed = new Uint8Array(32);
  let sink = 0;
  const rate = timed(rounds, (notation, i) => {
    sink += evaluateRoll(
      parseNotation(notation),
      notation,
      createSeededDice(seedFor(seed, i)),
    ).total;
  });
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return rate;
};

/** The anchor. */
export const rpgDiceRoller: DiceEngine = (rounds) => {
  let sink = 0;
  const rate = timed(rounds, (notation) => {
    sink += new DiceRoll(notation).total;
  });
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return rate;
};

/** Ours with one long-lived stream for all rolls (`rollWith`), as modules and `--repeat` use it. */
export const meshtableStream: DiceEngine = (rounds) => {
  const source = createSeededDice(new Uint8Array(32));
  let sink = 0;
  const rate = timed(rounds, (notation) => {
    sink += rollWith(notation, source).total;
  });
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return rate;
};

/** Ours with one long-lived stream, parsing every notation every time: the closest like-for-like. */
export const meshtableStreamUncached: DiceEngine = (rounds) => {
  const source = createSeededDice(new Uint8Array(32));
  let sink = 0;
  const rate = timed(rounds, (notation) => {
    sink += evaluateRoll(parseNotation(notation), notation, source).total;
  });
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return rate;
};
