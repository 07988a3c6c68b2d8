import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { scratch } from '../support/cli';
import { describeCall, rootSignIn, worldOpenSsh } from '../support/history-records';

// Worker threads take consecutive small files several to a task (lib/replay/workers.ts): an eventID repeated
// within one such task and one repeated across tasks must both count once, a large file must keep its place, and
// the lines must come out in the order one core prints them.
const bin = join(__dirname, '..', '..', 'bin', 'trailguard.cjs');
const files = scratch('workers-batches');
const id = (n: number) => `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;
const FILES = 100;
for (let i = 0; i < FILES; i++) {
  // Each file repeats the previous file's first id (often in the same task) and one from 40 files back (always
  // another task); every fifth file's finding is a root sign-in, so findings differ from file to file.
  const records = [i % 5 === 0 ? rootSignIn(id(i)) : worldOpenSsh(id(i)), describeCall(id(1000 + i))];
  if (i > 0) records.push(worldOpenSsh(id(i - 1)));
  if (i >= 40) records.push(describeCall(id(1000 + i - 40)));
  const body = JSON.stringify({ Records: records });
  const name = `AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/06/f${String(i).padStart(3, '0')}.json${i % 2 ? '.gz' : ''}`;
  files.write(name, i % 2 ? gzipSync(body) : body);
}
// Over the bytes a task of several files may hold: it goes alone, between the others.
files.write(
  'AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/06/f050-large.json',
  JSON.stringify({ Records: [...Array.from({ length: 600 }, (_, n) => describeCall(id(5000 + n))), worldOpenSsh(id(7))] }),
);
files.write('AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/06/f060-broken.json', '{"Records": [');

const replay = (workers: string) => {
  const result = spawnSync(process.execPath, [bin, 'replay', files.dir, '--format', 'ndjson', '--workers', workers], { encoding: 'utf8', timeout: 120_000 });
  const lines = result.stdout.split('\n').filter(Boolean).map((line) => line.replace(/"seconds":[0-9.]+/, '"seconds":0'));
  return { status: result.status, lines };
};

describe('replay --workers N with several files to a task', () => {
  it('counts repeated eventIDs once and prints what one core prints, in the same order', () => {
    // Act
    const one = replay('1');
    const two = replay('2');
    const three = replay('3');

    // Assess
    const summary = JSON.parse(one.lines.at(-1)!);
    expect(summary).toMatchObject({ files: FILES + 2, events: 2 * FILES + 600, duplicates: FILES - 1 + FILES - 40 + 1, invalid: 1 });
    const findings = one.lines.filter((line) => line.includes('"type":"finding"')).map((line) => JSON.parse(line).eventId);
    // Each file's own first event gives its findings, once (a world-open SSH gives two); no repeat gives any.
    expect(findings).toHaveLength(2 * FILES - FILES / 5);
    expect(new Set(findings)).toEqual(new Set(Array.from({ length: FILES }, (_, i) => id(i))));
    expect(two).toEqual(one);
    expect(three).toEqual(one);
  }, 120_000);
});
