import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// `replay --workers N` spreads files over worker threads and prints exactly what one core prints.
const bin = join(__dirname, '..', '..', 'bin', 'trailguard.cjs');
const replay = (...args: string[]) => {
  const result = spawnSync(process.execPath, [bin, 'replay', 'tests/fixtures/sample-history', ...args], { encoding: 'utf8', timeout: 120_000 });
  const lines = result.stdout.split('\n').filter(Boolean);
  // Everything but the wall-clock time.
  const stable = lines.map((line) => line.replace(/"seconds":[0-9.]+/, '"seconds":0'));
  return { status: result.status, stderr: result.stderr, stable };
};

describe('replay on worker threads', () => {
  it('prints the same findings, invalid entries and summary, in the same order, with 1, 2 and 3 workers', () => {
    // Act
    const one = replay('--format', 'ndjson', '--workers', '1');
    const two = replay('--format', 'ndjson', '--workers', '2');
    const three = replay('--format', 'ndjson', '--workers', '3');

    // Assess
    expect(one.status).toBe(0);
    expect(one.stable.length).toBeGreaterThan(40);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
  }, 120_000);

  it('gives a stage the same per-day outcomes', () => {
    const one = replay('--format', 'ndjson', '--stage', 'prod', '--workers', '1');
    const two = replay('--format', 'ndjson', '--stage', 'prod', '--workers', '2');

    expect(JSON.parse(two.stable.at(-1)!).stage.totals.alerts).toBeGreaterThan(0);
    expect(two).toEqual(one);
  }, 120_000);

  it('refuses a worker count that is not a whole number', () => {
    const result = replay('--workers', '0');

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--workers must be a whole number from 1 to 256');
  });
});
