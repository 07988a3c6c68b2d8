import { spawnSync } from 'node:child_process';

export const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Seconds `fn` takes, after a collection so an earlier pass's garbage is not charged to it. */
export const time = (fn: () => void): number => {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

/** Runs a bundled bench child in a fresh process and returns the one JSON line it prints. */
export function runChild<T>(script: string, args: readonly string[]): T {
  const child = spawnSync(process.execPath, ['--expose-gc', script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout) as T;
}

/**
 * Measures variants the same way: each round runs every variant once, each in its own fresh process, in an order
 * that alternates from round to round, so drift on a shared machine (another job starting, thermal limits) falls
 * on all of them alike. Returns every variant's runs; compare their medians.
 */
export function alternate<T>(rounds: number, variants: readonly (() => T)[]): T[][] {
  const runs: T[][] = variants.map(() => []);
  for (let round = 0; round < rounds; round++) {
    const order = variants.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) runs[i]!.push(variants[i]!());
  }
  return runs;
}
