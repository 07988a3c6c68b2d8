import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { REGISTRY } from '../../bin/registry';
import { BACKTEST_ENV, backtestMergeHandler, backtestWorkerHandler } from '../../lib/backtest/lambda';
import { partialsPrefix, resultsKey, type WorkerEvent } from '../../lib/backtest/layout';
import { ENV } from '../../lib/config';
import { historyFiles } from '../../lib/history/files';
import { motoAvailability, startMoto, type MotoServer } from '../live/support/moto';
import { runCli } from '../support/cli';

// The backtest worker and merge step as Lambda runs them (their handlers, the SDK's own S3 client) against moto's
// S3 on loopback: batches of a CloudTrail bucket in, partials and one results.ndjson out, the same lines as a
// local replay of the same tree.
const moto$ = motoAvailability();
if (!moto$.available) {
  if (process.env.CI === 'true') throw new Error(`the backtest worker tests cannot run: ${moto$.reason}`);
  console.warn(`SKIPPED tests/backtest/worker-s3.test.ts: ${moto$.reason}`);
}
const maybe = moto$.available ? describe : describe.skip;

const TREE = 'tests/fixtures/sample-history/AWSLogs';
const TRAIL = 'acme-org-trail';
const RESULTS = 'trailguard-dev-backtest-results';

const env = (): NodeJS.ProcessEnv => ({
  [ENV.stage]: 'dev',
  [ENV.mode]: 'enforce',
  [ENV.alertTopicArn]: 'arn:aws:sns:us-east-1:123456789012:trailguard-dev-alerts',
  [BACKTEST_ENV.resultsBucket]: RESULTS,
});

maybe('backtest worker and merge against S3', () => {
  let moto: MotoServer;
  let s3: S3Client;
  const saved = { ...process.env };
  const keys: string[] = [];

  beforeAll(async () => {
    if (!moto$.available) return;
    moto = await startMoto(moto$);
    Object.assign(process.env, { AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' });
    delete process.env.AWS_PROFILE;
    s3 = new S3Client({ endpoint: moto.endpoint, forcePathStyle: true, region: 'us-east-1' });
    await s3.send(new CreateBucketCommand({ Bucket: TRAIL }));
    await s3.send(new CreateBucketCommand({ Bucket: RESULTS }));
    for (const file of historyFiles([TREE])) {
      const key = `AWSLogs/${relative(TREE, file)}`;
      keys.push(key);
      await s3.send(new PutObjectCommand({ Bucket: TRAIL, Key: key, Body: readFileSync(file) }));
    }
    await s3.send(new PutObjectCommand({ Bucket: TRAIL, Key: 'AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/11/07/digest.json.gz', Body: 'x' }));
  }, 60_000);

  afterAll(async () => {
    s3?.destroy();
    await moto?.stop();
    process.env = saved;
  });

  const batches = (run: string, size: number, items: readonly string[]): WorkerEvent[] => {
    const out: WorkerEvent[] = [];
    for (let at = 0; at < items.length; at += size) {
      out.push({ BatchInput: { run, index: 0, bucket: TRAIL, spec: {} }, Items: items.slice(at, at + size).map((Key) => ({ Key, Size: 1, StorageClass: 'STANDARD' })) });
    }
    return out;
  };

  const text = async (bucket: string, key: string) => (await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString());

  it('replays each batch with the stage engine, writes one partial per batch, and the merge gives the local replay', async () => {
    // Prepare
    const worker = backtestWorkerHandler(REGISTRY.rules, env());
    const merge = backtestMergeHandler(env());
    const digest = 'AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/11/07/digest.json.gz';
    const items = [...keys, digest, 'AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/07/missing.json.gz'];

    // Act
    const results = [];
    for (const event of batches('run-1', 9, items)) results.push(await worker(event));
    const merged = await merge({ run: 'run-1', started: new Date(Date.now() - 2_000).toISOString() });

    // Assess: one partial per batch, in order.
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: RESULTS, Prefix: partialsPrefix('run-1') }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(results.map((r) => r.partial));
    expect(merged).toEqual({ bucket: RESULTS, key: resultsKey('run-1'), batches: results.length, lines: expect.any(Number) });
    const lines = (await text(RESULTS, merged.key)).trim().split('\n').map((line) => JSON.parse(line));
    const summary = lines.pop();
    const local = (await runCli('replay', TREE, '--format', 'ndjson', '--stage', 'prod')).lines.map((line) => JSON.parse(line));
    const localSummary = local.pop();
    // The stage engine: prod is in enforce mode, as this worker's environment.
    const sourceless = (l: { type: string; source?: string }) => (l.type === 'invalid' ? { ...l, source: '' } : l);
    expect(lines.filter((l) => l.type === 'finding')).toEqual(local.filter((l) => l.type === 'finding'));
    expect(lines.filter((l) => l.type === 'invalid').map(sourceless)).toEqual([
      { type: 'invalid', source: '', reason: expect.stringMatching(/^cannot read object: .*(NoSuchKey|does not exist)/i) },
    ]);
    expect(lines.find((l) => l.type === 'invalid').source).toBe(`s3://${TRAIL}/AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/07/missing.json.gz`);
    expect(summary).toEqual({
      ...localSummary,
      files: localSummary.files + 1,
      invalid: 1,
      skipped: { ...localSummary.skipped, 'CloudTrail-Digest folder': 1 },
      seconds: expect.any(Number),
      stage: undefined,
    });
    expect(summary.seconds).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('fails the batch, naming the field, when the state machine hands it something else', async () => {
    const worker = backtestWorkerHandler(REGISTRY.rules, env());
    await expect(worker({ BatchInput: { run: 'r', index: 0, bucket: TRAIL, spec: {} } } as unknown as WorkerEvent)).rejects.toThrow(/Items must be S3 listing entries/);
    await expect(worker({ BatchInput: { run: 'r', index: 0, bucket: TRAIL, spec: { ruleIds: ['no-such-rule'] } }, Items: [] })).rejects.toThrow(/unknown rule id no-such-rule/);
  });

  it('fails the cold start naming the variable when the results bucket is not set', async () => {
    const worker = backtestWorkerHandler(REGISTRY.rules, { ...env(), [BACKTEST_ENV.resultsBucket]: '' });
    await expect(worker(batches('r', 1, keys.slice(0, 1))[0]!)).rejects.toThrow(/TRAILGUARD_BACKTEST_RESULTS_BUCKET: is not set/);
  });
});
