import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { scratch } from '../support/cli';
import { describeCall, insightRecord, rootSignIn, worldOpenSsh } from '../support/history-records';

// Worker threads each see only their own files: the main thread must still count an eventID seen in an earlier
// file (or on stdin) as a duplicate, apply the filters, and sum every summary field, as one core does.
const bin = join(__dirname, '..', '..', 'bin', 'trailguard.cjs');
const files = scratch('workers-merge');
const id = (n: number) => `${String(n).repeat(8)}-0000-4000-8000-00000000000${n}`;
files.write('a.json', JSON.stringify({ Records: [worldOpenSsh(id(1)), rootSignIn(id(3)), describeCall(id(2)), worldOpenSsh(id(4), 'eu-west-1')] }));
files.write('b.json', JSON.stringify({ Records: [worldOpenSsh(id(1)), worldOpenSsh(id(4), 'eu-west-1'), rootSignIn(id(5)), insightRecord()] }));
files.write('c.ndjson', ['{"eventID": "broken', JSON.stringify(rootSignIn(id(3))), JSON.stringify(worldOpenSsh(id(6)))].join('\n'));
files.write('notes.md', 'not history');
const stdin = [worldOpenSsh(id(1)), worldOpenSsh(id(7))].map((record) => JSON.stringify(record)).join('\n');

const replay = (...args: string[]) => {
  const result = spawnSync(process.execPath, [bin, 'replay', files.dir, '-', '--format', 'ndjson', '--region', 'us-east-1', ...args], {
    encoding: 'utf8',
    input: stdin,
    timeout: 120_000,
  });
  const lines = result.stdout.split('\n').filter(Boolean).map((line) => line.replace(/"seconds":[0-9.]+/, '"seconds":0'));
  return { status: result.status, stderr: result.stderr, lines };
};

describe('replay --workers N merges what the workers saw', () => {
  it('gives the same lines, duplicates, filtered, insights, skipped and invalid counts with 1, 2 and 3 workers', () => {
    // Act
    const one = replay('--workers', '1');
    const two = replay('--workers', '2');
    const three = replay('--workers', '3');

    // Assess
    expect(one.status).toBe(0);
    const summary = JSON.parse(one.lines.at(-1)!);
    expect(summary).toMatchObject({
      files: 4,
      events: 6,
      duplicates: 4,
      filtered: { region: 1 },
      insights: 1,
      invalid: 1,
      skipped: { 'not a history file name (.json, .jsonl, .ndjson, .gz, .txt)': 1 },
    });
    const findings = one.lines.filter((line) => line.includes('"type":"finding"')).map((line) => JSON.parse(line).eventId);
    expect(new Set(findings)).toEqual(new Set([id(1), id(3), id(5), id(6), id(7)]));
    expect(two).toEqual(one);
    expect(three).toEqual(one);
  }, 120_000);

  it('fails with exit code 3 under --strict on every worker count, and --fail-on still wins', () => {
    for (const workers of ['1', '2']) {
      const strict = replay('--workers', workers, '--strict');
      expect(strict.status).toBe(3);
      expect(strict.stderr).toContain('--strict: 1 invalid input(s)');
      expect(replay('--workers', workers, '--strict', '--fail-on', 'HIGH').status).toBe(1);
    }
  }, 120_000);
});
