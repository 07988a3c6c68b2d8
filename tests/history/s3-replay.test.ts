import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { historyFiles } from '../../lib/history/files';
import { listHistoryKeys } from '../../lib/history/s3';
import { runCli } from '../support/cli';
import { motoAvailable, startMoto, type Moto } from '../support/moto';

// `replay s3://bucket/prefix` against moto's S3 on loopback: the same findings as the same tree on disk.
const available = motoAvailable();
if (!available) {
  if (process.env.CI === 'true') throw new Error('moto is not installed for python3: the S3 replay tests cannot run');
  console.warn('SKIPPED tests/history/s3-replay.test.ts: python3 cannot import moto.server (pip install "moto[server]")');
}
const maybe = available ? describe : describe.skip;

const TREE = 'tests/fixtures/sample-history/AWSLogs';
const BUCKET = 'acme-cloudtrail';

maybe('replay from S3', () => {
  let moto: Moto;
  let client: S3Client;
  const saved = { ...process.env };

  beforeAll(async () => {
    moto = await startMoto();
    Object.assign(process.env, { AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' });
    delete process.env.AWS_PROFILE;
    client = new S3Client({ endpoint: moto.endpoint, forcePathStyle: true, region: 'us-east-1' });
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    for (const file of historyFiles([TREE])) {
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `trail/AWSLogs/${relative(TREE, file)}`, Body: readFileSync(file) }));
    }
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'trail/AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/07/broken.json.gz', Body: Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]) }));
  }, 60_000);

  afterAll(() => {
    client?.destroy();
    moto?.stop();
    process.env = saved;
  });

  it('finds what a replay of the same tree on disk finds, and reports a broken object by its s3:// name', async () => {
    // Act
    const fromS3 = runCli('replay', `s3://${BUCKET}/trail/`, '--format', 'ndjson');
    const code = await fromS3.code;
    const local = runCli('replay', TREE, '--format', 'ndjson');

    // Assess
    expect(code).toBe(0);
    const lines = (stdout: string) => stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
    const s3Lines = lines(fromS3.stdoutNow());
    const key = (f: { eventId: string; ruleId: string }) => `${f.eventId}|${f.ruleId}`;
    expect(s3Lines.filter((l) => l.type === 'finding').map(key)).toEqual(local.lines.map((l) => JSON.parse(l)).filter((l) => l.type === 'finding').map(key));
    expect(s3Lines.filter((l) => l.type === 'invalid')).toEqual([
      expect.objectContaining({ source: `s3://${BUCKET}/trail/AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/07/broken.json.gz` }),
    ]);
    expect(fromS3.stderrNow()).toMatch(/replay s3: \d+ objects listed, \d+ fetched/);
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
    for await (const key of listHistoryKeys(client, { bucket: BUCKET, prefix: 'trail/' }, {
      accounts: ['111122223333'],
      regions: ['us-west-2'],
      start: new Date('2026-11-05T00:00:00Z'),
      end: new Date('2026-11-05T23:59:59Z'),
    })) keys.push(key);

    // Assess
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(/^trail\/AWSLogs\/111122223333\/CloudTrail\/us-west-2\/2026\/11\/05\//);
    expect(listed).toContain('trail/AWSLogs/111122223333/CloudTrail/us-west-2/2026/11/');
    expect(listed.some((p) => p.includes('123456789012'))).toBe(false);
    expect(listed.some((p) => p.includes('eu-west-1'))).toBe(false);
    expect(listed.some((p) => p.endsWith('/11/06/'))).toBe(false);
  });

  it('names the bucket when it cannot be listed', async () => {
    const run = runCli('replay', 's3://no-such-bucket-here/x/');

    expect(await run.code).toBe(2);
    expect(run.stderrNow()).toMatch(/cannot list s3:\/\/no-such-bucket-here\/x\/: NoSuchBucket/);
  });
});
