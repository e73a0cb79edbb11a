/**
 * Where die faces come from. The evaluator only ever asks for "a uniform integer from 1 to N";
 * the seeded ChaCha20 implementation makes every roll a pure function of its seed.
 */
export interface DiceSource {
  /**
   * A uniformly distributed integer in [1, sides], without modulo bias.
   * @param sides an integer from 1 to 2^32
   */
  nextInt(sides: number): number;
}
