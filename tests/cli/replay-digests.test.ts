import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { runCli, runCliWith, scratch } from '../support/cli';
import { worldOpenSsh } from '../support/history-records';

// CloudTrail digest files prove log integrity and hold no events: however they reach replay (a walk, a glob that
// names them, stdin, a copy under another name), they are skipped and counted, never invalid input.
const files = scratch('digests');
// The digest file's documented shape (CloudTrail user guide, "CloudTrail digest file structure"), trimmed.
const digest = (start: string) =>
  gzipSync(
    JSON.stringify({
      awsAccountId: '111122223333',
      digestStartTime: start,
      digestEndTime: '2026-11-06T01:00:00Z',
      digestS3Bucket: 'trail-bucket',
      digestS3Object: 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/06/d.json.gz',
      digestPublicKeyFingerprint: '31e8b5433410dfb61a9dc45cc65b22ff',
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: '2026-11-06T00:59:00Z',
      oldestEventTime: '2026-11-06T00:01:00Z',
      logFiles: [],
    }),
  );
const log = files.write('AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/06/111122223333_CloudTrail_us-east-1_20261106T0005Z_a.json.gz', gzipSync(JSON.stringify({ Records: [worldOpenSsh()] })));
const digestFolder = join(files.dir, 'AWSLogs/111122223333/CloudTrail-Digest');
const named = files.write('AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/06/111122223333_CloudTrail-Digest_us-east-1_main_us-east-1_20261106T010000Z.json.gz', digest('2026-11-06T00:00:00Z'));
const copied = files.write('copies/renamed.json.gz', digest('2026-11-06T00:00:00Z'));

const BIN = join(__dirname, '..', '..', 'bin', 'trailguard.cjs');
const summaryOf = (lines: readonly string[]) => JSON.parse(lines.at(-1)!) as { events: number; invalid: number; skipped: Record<string, number> };

describe('CloudTrail digest files', () => {
  test('named by a glob, or copied under another name, they are skipped and counted, on one thread or two', () => {
    // Act: worker threads need the built command
    const run = (workers: string) => {
      const result = spawnSync(process.execPath, [BIN, 'replay', log, named, copied, '--strict', '--workers', workers, '--format', 'ndjson'], { encoding: 'utf8', timeout: 60_000 });
      return { status: result.status, lines: result.stdout.split('\n').filter(Boolean).map((line) => line.replace(/"seconds":[0-9.]+/, '"seconds":0')) };
    };
    const one = run('1');
    const two = run('2');

    // Assess
    expect(one.status).toBe(0);
    expect(summaryOf(one.lines)).toMatchObject({ events: 1, invalid: 0, skipped: { 'CloudTrail digest file': 2 } });
    expect(two).toEqual(one);
  });

  test('a walk leaves their folder out, also when it starts inside it', async () => {
    // Act
    const whole = await runCli('replay', files.dir, '--strict', '--format', 'ndjson');
    const inside = await runCli('replay', join(digestFolder, 'us-east-1'), '--format', 'ndjson');

    // Assess
    expect(whole.code).toBe(0);
    expect(summaryOf(whole.lines)).toMatchObject({ events: 1, invalid: 0, skipped: { 'CloudTrail-Digest folder': 1, 'CloudTrail digest file': 1 } });
    expect(summaryOf(inside.lines)).toMatchObject({ events: 0, invalid: 0, skipped: { 'CloudTrail-Digest folder': 1 } });
    expect(inside.stderr).toContain('skipped 1 x CloudTrail-Digest folder');
  });

  test('zcat AWSLogs/**/*.json.gz | trailguard replay -: the digests among the logs are skipped by their content', async () => {
    // Prepare
    const stdin = Readable.from([gzipSync(JSON.stringify({ Records: [worldOpenSsh()] })), digest('2026-11-06T00:00:00Z'), digest('2026-11-06T01:00:00Z')]);

    // Act
    const { code, lines } = await runCliWith({ stdin }, 'replay', '-', '--strict', '--format', 'ndjson');

    // Assess
    expect(code).toBe(0);
    expect(summaryOf(lines)).toMatchObject({ events: 1, invalid: 0, skipped: { 'CloudTrail digest file': 2 } });
  });
});
