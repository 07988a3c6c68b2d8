import { gzipSync } from 'node:zlib';
import { runCli, scratch } from '../support/cli';
import { rootSignIn, worldOpenSsh } from '../support/history-records';

// Exit codes a script can trust: reading nothing is never "No findings" and exit 0.
const files = scratch('exit-codes');
const emptyDir = files.write('empty/.keep', '').replace(/\/\.keep$/, '');
const wrongDir = files.dir + '/wrong';
files.write('wrong/notes.md', '# not history');
files.write('wrong/picture.png', 'png');
const truncated = files.write('truncated/log.json.gz', gzipSync(JSON.stringify({ Records: [worldOpenSsh()] })).subarray(0, 30));
const good = files.write('good/log.json', JSON.stringify({ Records: [worldOpenSsh(), rootSignIn()] }));
const mixed = files.write('mixed/log.ndjson', `${JSON.stringify(worldOpenSsh())}\n{"eventID": "44444444-4444-4444-8444-444444444444", broken\n`);

describe('replay exit codes', () => {
  test('an empty directory exits 3 and says nothing was read', async () => {
    const { code, stderr, lines } = await runCli('replay', emptyDir, '--format', 'ndjson');
    expect(code).toBe(3);
    expect(stderr).toContain(`no history file in ${emptyDir}: nothing was read`);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ type: 'summary', files: 0, events: 0 });
  });

  test('a directory of other files exits 3 and counts what it skipped, by reason', async () => {
    const { code, stderr, lines } = await runCli('replay', wrongDir, '--format', 'ndjson');
    expect(code).toBe(3);
    expect(stderr).toContain('skipped 2 x not a history file name');
    expect(JSON.parse(lines.at(-1)!).skipped).toEqual({ 'not a history file name (.json, .jsonl, .ndjson, .gz, .txt)': 2 });
  });

  test('a truncated .json.gz alone exits 3, naming the file and the truncation, even with --fail-on', async () => {
    const { code, stderr } = await runCli('replay', truncated, '--fail-on', 'LOW');
    expect(code).toBe(3);
    expect(stderr).toContain('no readable record');
    expect(stderr).toContain(`${truncated}: cannot read: truncated gzip data`);
  });

  test('good input exits 0; --fail-on exits 1 on its finding', async () => {
    expect((await runCli('replay', good)).code).toBe(0);
    const failing = await runCli('replay', good, '--fail-on', 'HIGH', '--format', 'ndjson');
    expect(failing.code).toBe(1);
    expect(failing.lines.some((line) => line.includes('"severity":"CRITICAL"'))).toBe(true);
  });

  test('--strict turns any invalid input into exit 3; --fail-on still wins with its finding printed', async () => {
    expect((await runCli('replay', mixed)).code).toBe(0);
    const strict = await runCli('replay', mixed, '--strict');
    expect(strict.code).toBe(3);
    expect(strict.stderr).toContain('--strict: 1 invalid input(s)');
    const both = await runCli('replay', mixed, '--strict', '--fail-on', 'CRITICAL', '--format', 'ndjson');
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('--strict');
    expect(both.lines.some((line) => line.includes('"category":"sg-open-ingress"'))).toBe(true);
  });
});
