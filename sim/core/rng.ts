// SPDX-License-Identifier: GPL-2.0-only
/**
 * Seeded deterministic random numbers.
 *
 * Generator: xoshiro128** 1.1 (Blackman & Vigna, 2018; https://prng.di.unimi.it/xoshiro128starstar.c):
 * 128 bits of state, 32-bit output, period 2^128 - 1. It runs on plain uint32 arithmetic (Math.imul, >>>),
 * which is much faster in JavaScript than 64-bit generators on bigint. Its state is filled from a 64-bit seed
 * by splitmix64, as the authors recommend; splitmix64 is a bijection of its counter, so two consecutive
 * outputs are never both zero and the forbidden all-zero state cannot occur.
 *
 * Streams: `split(name)` derives a child seed from (parent seed, name) only — never from the parent's
 * position in its sequence — so "node h1" gets the same stream whatever else was created or drawn first.
 */
import { InvalidArgumentError } from './errors';

const MASK64 = (1n << 64n) - 1n;
const TWO_32 = 0x1_0000_0000;

/**
 * One step of splitmix64 (Steele, Lea & Flood, 2014). Returns the advanced state and the output.
 * Exported for the reference-vector tests.
 */
export function splitmix64(state: bigint): [next: bigint, output: bigint] {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64;
  return [next, mix64(next)];
}

/** The splitmix64 output function (a 64-bit bijective finalizer). */
function mix64(x: bigint): bigint {
  let z = x;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** FNV-1a 64-bit hash of the UTF-8 bytes of `s`. Exported for the reference-vector tests. */
export function fnv1a64(s: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(s, 'utf8')) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & MASK64;
  }
  return h;
}

/**
 * One step of xoshiro128**: advances the four uint32 words of `s` in place and returns the next output.
 * Exported for the reference-vector tests.
 */
export function xoshiro128ssNext(s: Uint32Array): number {
  const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
  const t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A stream of pseudo-random numbers, fully determined by its 64-bit seed. */
export class Rng {
  /** The seed this stream was created from, reduced to 64 bits. */
  readonly seed: bigint;
  private readonly state = new Uint32Array(4);

  /**
   * @param seed a non-negative integer; only its low 64 bits are used.
   * @throws InvalidArgumentError if `seed` is negative or not an integer.
   */
  constructor(seed: bigint | number) {
    if (typeof seed === 'number' && !Number.isSafeInteger(seed)) {
      throw new InvalidArgumentError(`an RNG seed must be a safe integer, got ${seed}`);
    }
    const big = BigInt(seed);
    if (big < 0n) throw new InvalidArgumentError(`an RNG seed must not be negative, got ${seed}`);
    this.seed = big & MASK64;
    let sm = this.seed;
    for (let i = 0; i < 4; i += 2) {
      const [next, out] = splitmix64(sm);
      sm = next;
      this.state[i] = Number(out & 0xffffffffn);
      this.state[i + 1] = Number(out >> 32n);
    }
  }

  /** Next uniformly distributed integer in [0, 2^32). */
  nextU32(): number {
    return xoshiro128ssNext(this.state);
  }

  /** Next float uniformly distributed in [0, 1), with 53 random bits (every double k·2^-53). */
  nextFloat(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992; // (hi·2^26 + lo) / 2^53
  }

  /**
   * Next integer uniformly distributed in [0, n), without modulo bias: draws in the top partial block of
   * 2^32 are rejected (at most half of all draws, for n just above 2^31).
   *
   * @throws InvalidArgumentError unless n is an integer in [1, 2^32].
   */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_32) {
      throw new InvalidArgumentError(`nextInt(n) needs an integer n in [1, 2^32], got ${n}`);
    }
    const limit = TWO_32 - (TWO_32 % n); // largest multiple of n not above 2^32
    for (;;) {
      const x = this.nextU32();
      if (x < limit) return x % n;
    }
  }

  /**
   * An independent stream named `name`, derived from this stream's seed and the name only: the same
   * (seed, name) always gives the same stream, whatever was drawn or split before.
   */
  split(name: string): Rng {
    // mix64 of the seed first, so that seed and name hash cannot cancel in a simple XOR pattern.
    return new Rng(mix64(mix64(this.seed) ^ fnv1a64(name)));
  }
}
