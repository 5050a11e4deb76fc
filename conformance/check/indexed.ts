/**
 * Indexed histories: run i of a search draws its history from a random generator seeded by
 * (seed, i) alone, so any subset of the runs can be done anywhere (another worker, another
 * machine) and gives the same histories. fast-check draws its runs from one sequential stream
 * instead, which only one process can walk.
 *
 * What fast-check does per run is kept: run i is generated with the bias fast-check gives its
 * i-th run (strong bias towards small values early, weaker later), and shrinking replays run i
 * through `fc.check` with the same generator, so a counterexample shrinks exactly as before.
 */
import fc from "fast-check";

/** The bias fast-check gives its run `index` (fast-check's runIdToFrequency): 2, then +1 per decade. */
export function biasAt(index: number): number {
  return 2 + ~~(Math.log(index + 1) * 0.4342944819032518);
}

/** The history arbitrary at one fixed bias, whatever bias the runner asks for. */
export class AtBias<T> extends fc.Arbitrary<T> {
  constructor(
    private readonly arb: fc.Arbitrary<T>,
    private readonly bias: number,
  ) {
    super();
  }
  generate(mrng: fc.Random): fc.Value<T> {
    return this.arb.generate(mrng, this.bias);
  }
  canShrinkWithoutContext(value: unknown): value is T {
    return this.arb.canShrinkWithoutContext(value);
  }
  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.arb.shrink(value, context);
  }
}

/** Run `index`'s history: the first value fast-check would draw from `runGenerator(seed, index)`. */
export function historyAt<T>(arb: fc.Arbitrary<T>, seed: number, index: number): T {
  const rng = runGenerator(seed, index);
  // fc.check jumps its generator once before drawing its first run; so does this, so that the
  // replay in `replayAt` draws the same value.
  rng.jump();
  return arb.generate(new fc.Random(rng), biasAt(index)).value;
}

/** `fc.check` parameters that replay run `index` as fast-check's only run (and shrink it). */
export function replayAt(seed: number, index: number): { seed: number; numRuns: 1; randomType: () => RunGenerator } {
  return { seed, numRuns: 1, randomType: () => runGenerator(seed, index) };
}

/** murmur3's 32-bit finaliser: a bijection that mixes every input bit into every output bit. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * xoshiro128** (Blackman and Vigna) with its 128-bit state seeded from (seed, index) by
 * splitmix32, so that distinct (seed, index) pairs start from unrelated states. The pure-rand
 * generator interface fast-check accepts: `next` mutates, values in [-2^31, 2^31).
 */
export class RunGenerator {
  private constructor(private readonly s: Uint32Array) {}

  static of(seed: number, index: number): RunGenerator {
    let z = mix32((seed >>> 0) ^ 0x9e3779b9) ^ mix32((index >>> 0) + 0x7f4a7c15) ^ mix32(Math.floor(index / 2 ** 32) ^ 0x85ebca6b);
    const s = new Uint32Array(4);
    for (let i = 0; i < 4; i++) {
      z = (z + 0x9e3779b9) >>> 0;
      s[i] = mix32(z);
    }
    if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1;
    return new RunGenerator(s);
  }

  next(): number {
    const s = this.s;
    let [s0, s1, s2, s3] = [s[0]!, s[1]!, s[2]!, s[3]!];
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    [s[0], s[1], s[2], s[3]] = [s0, s1, s2, s3];
    return result | 0;
  }

  /** Moves to an unrelated part of the sequence: the state is re-mixed (not xoshiro's jump polynomial). */
  jump(): void {
    const s = this.s;
    for (let i = 0; i < 4; i++) s[i] = mix32(s[i]! ^ (0x9e3779b9 * (i + 1)));
    if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1;
  }

  clone(): RunGenerator {
    return new RunGenerator(this.s.slice());
  }

  getState(): readonly number[] {
    return [...this.s];
  }
}

export function runGenerator(seed: number, index: number): RunGenerator {
  return RunGenerator.of(seed, index);
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
