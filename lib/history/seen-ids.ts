/**
 * The set of eventIDs a replay has seen, in about 16 bytes per event: each id is kept as a 64-bit fingerprint
 * (two independent 32-bit hashes) in an open-addressing table, not as a string. A million events cost 16 MB
 * instead of the ~100 MB a Set of strings would; two distinct ids share a fingerprint with probability about
 * n²/2⁶⁵ (under 10⁻⁷ for ten million events).
 */
export class SeenIds {
  private table = new Uint32Array(2 * 1024 * 2);
  private size = 0;

  /** Adds the id; false when it was already there (a duplicate). */
  public add(id: string): boolean {
    fingerprint(id, FINGERPRINT);
    return this.addFingerprint(FINGERPRINT[0]!, FINGERPRINT[1]!);
  }

  /**
   * Adds an id by its fingerprint (see `fingerprint`): how the main thread checks, in input order, the ids worker
   * threads saw in different files.
   */
  public addFingerprint(h1: number, h2: number): boolean {
    if (!this.insert(this.table, h1, h2)) return false;
    this.size++;
    if (this.size * 4 > this.capacity() * 3) this.grow();
    return true;
  }

  public get count(): number {
    return this.size;
  }

  private capacity(): number {
    return this.table.length / 2;
  }

  private insert(table: Uint32Array, h1: number, h2: number): boolean {
    const mask = table.length / 2 - 1;
    let slot = (h1 ^ Math.imul(h2, 0x9e3779b1)) & mask;
    for (;;) {
      const a = table[slot * 2]!;
      const b = table[slot * 2 + 1]!;
      if (a === 0 && b === 0) {
        table[slot * 2] = h1;
        table[slot * 2 + 1] = h2;
        return true;
      }
      if (a === h1 && b === h2) return false;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.table;
    const next = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== 0 || old[i + 1] !== 0) this.insert(next, old[i]!, old[i + 1]!);
    }
    this.table = next;
  }
}

const FINGERPRINT = new Uint32Array(2);

/** Writes the id's 64-bit fingerprint (two independent 32-bit hashes, never both 0) into `out` at `at`. */
export const fingerprint = (id: string, out: Uint32Array, at = 0): void => {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 = (h1 ^ (h1 >>> 16)) >>> 0;
  h2 = (h2 ^ (h2 >>> 13) ^ id.length) >>> 0;
  // 0/0 marks an empty slot; nudge the one fingerprint that would collide with it.
  if (h1 === 0 && h2 === 0) h2 = 1;
  out[at] = h1;
  out[at + 1] = h2;
};
