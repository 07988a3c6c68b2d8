/**
 * A small seeded PRNG (sfc32) with the helpers the activity model needs. Generated histories must be byte-for-byte
 * reproducible from a seed, so nothing in bench/synthetic may use Math.random or the clock.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string) {
    // Spread the seed over the four words with a string hash, then warm up: sfc32's first outputs are correlated.
    const text = String(seed);
    let h = 0x9e3779b9;
    const words: number[] = [];
    for (let w = 0; w < 4; w++) {
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x85ebca6b) >>> 0;
      h = Math.imul(h ^ (h >>> 13) ^ (w + 1), 0xc2b2ae35) >>> 0;
      words.push(h);
    }
    [this.a, this.b, this.c, this.d] = words as [number, number, number, number];
    for (let i = 0; i < 16; i++) this.uint32();
  }

  /** A derived generator: sub-models get their own stream so adding a call in one does not shift the others. */
  fork(label: string): Rng {
    return new Rng(`${this.uint32()}:${label}`);
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(values: readonly T[]): T {
    if (values.length === 0) throw new Error('pick from an empty list');
    return values[Math.floor(this.next() * values.length)] as T;
  }

  /** Picks by weight from `[weight, value]` pairs. */
  weighted<T>(table: readonly (readonly [number, T])[]): T {
    let total = 0;
    for (const [weight] of table) total += weight;
    let roll = this.next() * total;
    for (const [weight, value] of table) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return table[table.length - 1]![1];
  }

  /** Exponential with the given mean: inter-arrival times and session lengths. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += this.uint32().toString(16).padStart(8, '0');
    return out.slice(0, length);
  }

  /** Characters from `alphabet` (default: upper and lower case letters and digits). */
  chars(length: number, alphabet = ALNUM): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** A random (version 4 shaped) UUID. */
  uuid(): string {
    const h = this.hex(32);
    const variant = '89ab'[this.uint32() & 3];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const BASE64 = `${ALNUM}+/`;
