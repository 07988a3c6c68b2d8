import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { historyFiles } from '../../lib/history/files';
import { HistoryFilter } from '../../lib/history/filter';
import { listHistoryKeys } from '../../lib/history/s3';
import { runCli } from '../support/cli';
import { motoAvailability, startMoto, type MotoServer } from '../live/support/moto';

// `replay s3://bucket/prefix` against moto's S3 on loopback: the same findings as the same tree on disk.
const moto$ = motoAvailability();
if (!moto$.available) {
  if (process.env.CI === 'true') throw new Error(`the S3 replay tests cannot run: ${moto$.reason}`);
  console.warn(`SKIPPED tests/history/s3-replay.test.ts: ${moto$.reason}`);
}
const maybe = moto$.available ? describe : describe.skip;

const TREE = 'tests/fixtures/sample-history/AWSLogs';
const BUCKET = 'acme-cloudtrail';

maybe('replay from S3', () => {
  let moto: MotoServer;
  let client: S3Client;
  const saved = { ...process.env };

  beforeAll(async () => {
    if (!moto$.available) return;
    moto = await startMoto(moto$);
    Object.assign(process.env, { AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' });
    delete process.env.AWS_PROFILE;
    client = new S3Client({ endpoint: moto.endpoint, forcePathStyle: true, region: 'us-east-1' });
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    for (const file of historyFiles([TREE])) {
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `trail/AWSLogs/${relative(TREE, file)}`, Body: readFileSync(file) }));
    }
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'trail/AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/07/broken.json.gz', Body: Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]) }));
  }, 60_000);

  afterAll(async () => {
    client?.destroy();
    await moto?.stop();
    process.env = saved;
  });

  it('finds what a replay of the same tree on disk finds, and reports a broken object by its s3:// name', async () => {
    // Act
    const fromS3 = await runCli('replay', `s3://${BUCKET}/trail/`, '--format', 'ndjson');
    const local = await runCli('replay', TREE, '--format', 'ndjson');

    // Assess
    expect(fromS3.code).toBe(0);
    const s3Lines = fromS3.lines.map((line) => JSON.parse(line));
    const key = (f: { eventId: string; ruleId: string }) => `${f.eventId}|${f.ruleId}`;
    expect(s3Lines.filter((l) => l.type === 'finding').map(key)).toEqual(local.lines.map((l) => JSON.parse(l)).filter((l) => l.type === 'finding').map(key));
    expect(s3Lines.filter((l) => l.type === 'invalid')).toEqual([
      expect.objectContaining({ source: `s3://${BUCKET}/trail/AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/07/broken.json.gz` }),
    ]);
    expect(fromS3.stderr).toMatch(/replay s3: \d+ objects listed, \d+ fetched/);
  }, 60_000);

  it('prunes accounts, regions and days without listing them', async () => {
    // Prepare: record every prefix listed.
    const listed: string[] = [];
    client.middlewareStack.add((next) => async (args) => {
      const input = args.input as { Prefix?: string; Delimiter?: string };
      if (input.Delimiter === '/') listed.push(input.Prefix ?? '');
      return next(args);
    }, { step: 'initialize', name: 'recordPrefixes' });

    // Act
    const keys: string[] = [];
    const filter = new HistoryFilter({
      accounts: ['111122223333'],
      regions: ['us-west-2'],
      start: Date.parse('2026-11-07T00:00:00Z'),
      end: Date.parse('2026-11-08T00:00:00Z'),
    });
    const skipped: string[] = [];
    for await (const key of listHistoryKeys(client, { bucket: BUCKET, prefix: 'trail/' }, { filter, onSkip: (path, reason) => skipped.push(`${reason}: ${path}`) })) keys.push(key);

    // Assess: the day before the range is more than a day away (CloudTrail files up to ~15 min late, so the
    // pruning keeps a day's slack); the 11/06 folder is kept for events near midnight.
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(/^trail\/AWSLogs\/111122223333\/CloudTrail\/us-west-2\/2026\/11\/06\//);
    expect(listed).toContain('trail/AWSLogs/111122223333/CloudTrail/us-west-2/2026/11/');
    expect(listed.some((p) => p.includes('123456789012'))).toBe(false);
    expect(listed.some((p) => p.includes('eu-west-1'))).toBe(false);
    expect(listed.some((p) => p.endsWith('/11/05/'))).toBe(false);
    expect(skipped).toEqual(
      expect.arrayContaining([
        `folder outside --account: s3://${BUCKET}/trail/AWSLogs/123456789012/`,
        `folder outside --region: s3://${BUCKET}/trail/AWSLogs/111122223333/CloudTrail/eu-west-1/`,
        `folder outside --start/--end: s3://${BUCKET}/trail/AWSLogs/111122223333/CloudTrail/us-west-2/2026/11/05/`,
      ]),
    );
  });

  it('on worker threads, filters events and prunes the listing as a replay of the tree on disk does', () => {
    // Prepare: the built CLI, so --workers 2 runs real worker threads.
    const bin = join(__dirname, '..', '..', 'bin', 'trailguard.cjs');
    const filters = ['--account', '111122223333', '--region', 'us-east-1', '--region', 'eu-west-1', '--start', '2026-11-06T00:00:00Z', '--format', 'ndjson'];
    const run = (...args: string[]) => {
      const result = spawnSync(process.execPath, [bin, 'replay', ...args, ...filters], { encoding: 'utf8', timeout: 120_000, env: process.env });
      return { status: result.status, stderr: result.stderr, lines: result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line)) };
    };

    // Act
    const fromS3 = run(`s3://${BUCKET}/trail/AWSLogs/`, '--workers', '2');
    const local = run(TREE, '--workers', '1');

    // Assess: the same findings and counts; the broken object sits in a pruned account, so it is never fetched.
    expect(fromS3.status).toBe(0);
    expect(fromS3.lines.filter((l) => l.type === 'finding')).toEqual(local.lines.filter((l) => l.type === 'finding'));
    const { seconds: _a, ...s3Summary } = fromS3.lines.at(-1);
    const { seconds: _b, ...localSummary } = local.lines.at(-1);
    expect(s3Summary).toEqual(localSummary);
    expect(s3Summary.events).toBeGreaterThan(0);
    expect(Object.keys(s3Summary.filtered)).toContain('time');
    expect(s3Summary.skipped).toMatchObject({ 'folder outside --account': 2, 'folder outside --region': expect.any(Number) });
    expect(fromS3.stderr).toMatch(/replay s3: \d+ objects listed/);
  }, 120_000);

  it('names the bucket when it cannot be listed', async () => {
    const run = await runCli('replay', 's3://no-such-bucket-here/x/');

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot list s3:\/\/no-such-bucket-here\/x\/: NoSuchBucket/);
  });
});
