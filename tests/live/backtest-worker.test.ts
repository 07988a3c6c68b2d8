import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { BACKTEST_ENV, partialsPrefix } from '../../lib/backtest/layout';
import { historyFiles } from '../../lib/history/files';
import { resolve } from '../deploy/cfn';
import { BACKTEST_TRAIL_BUCKET, packageBacktest, ROOT } from '../deploy/packaged';
import { runCli } from '../support/cli';
import { LambdaContainer, type FunctionSpec } from './support/lambda';
import { motoAvailability, startMoto, type MotoServer } from './support/moto';
import { ACCOUNT, CREDENTIALS, REGION } from './support/world';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureNode22 } = require('./node22.cjs') as { ensureNode22: () => string };

/*
 * The packaged backtest worker and merge functions (sls package --param backtest=true) under Node 22 against
 * moto's S3: what Step Functions would hand them (ItemBatcher batches, then the merge input) in, results.ndjson
 * out, with the findings of a local replay of the same tree as the stage (dev: dry-run).
 */
const moto$ = motoAvailability();
if (!moto$.available) {
  if (process.env.CI === 'true') throw new Error(`the backtest live test cannot run: ${moto$.reason}`);
  console.warn(`SKIPPED tests/live/backtest-worker.test.ts: ${moto$.reason}`);
}
const maybe = moto$.available ? describe : describe.skip;

const TREE = 'tests/fixtures/sample-history/AWSLogs';
const RESULTS = 'trailguard-dev-backtest-results-live';

maybe('packaged backtest functions against moto', () => {
  let moto: MotoServer;
  let s3: S3Client;
  const containers: LambdaContainer[] = [];
  const workDir = join(ROOT, '.tmp', 'live', `backtest-${process.pid}`);
  const keys: string[] = [];
  let specs: Record<string, FunctionSpec>;

  beforeAll(async () => {
    const node22 = ensureNode22();
    const packaged = await packageBacktest();
    moto = await startMoto(moto$ as { executable: string; version: string });
    s3 = new S3Client({ endpoint: moto.endpoint, forcePathStyle: true, region: REGION, credentials: CREDENTIALS });
    await s3.send(new CreateBucketCommand({ Bucket: BACKTEST_TRAIL_BUCKET }));
    await s3.send(new CreateBucketCommand({ Bucket: RESULTS }));
    for (const file of historyFiles([TREE])) {
      const key = `AWSLogs/${relative(TREE, file)}`;
      keys.push(key);
      await s3.send(new PutObjectCommand({ Bucket: BACKTEST_TRAIL_BUCKET, Key: key, Body: readFileSync(file) }));
    }
    // The template's environment, with what only a deployed stack knows filled in for moto.
    const deployed: Record<string, string> = {
      TRAILGUARD_ALERT_TOPIC_ARN: `arn:aws:sns:${REGION}:${ACCOUNT}:trailguard-dev-alerts`,
      TRAILGUARD_OWN_PRINCIPALS: `arn:aws:iam::${ACCOUNT}:role/trailguard-dev-us-east-1-securityGroup`,
      TRAILGUARD_ALERT_KEY_ARN: `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-0000-0000-000000000000`,
      STATE_TABLE: 'trailguard-dev-state',
      [BACKTEST_ENV.resultsBucket]: RESULTS,
    };
    specs = {};
    for (const [key, logicalId] of [['backtestWorker', 'BacktestWorkerLambdaFunction'], ['backtestMerge', 'BacktestMergeLambdaFunction']] as const) {
      const properties = packaged.template.Resources[logicalId]!.Properties;
      const variables = resolve(properties.Environment.Variables) as Record<string, unknown>;
      specs[key] = {
        key,
        logicalId,
        functionName: String(properties.FunctionName),
        handler: String(properties.Handler),
        memorySize: Number(properties.MemorySize),
        timeout: Number(properties.Timeout),
        environment: { ...Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, String(value)])), ...deployed },
        zip: join(packaged.dir, basename(String(properties.Code.S3Key))),
      };
    }
    mkdirSync(workDir, { recursive: true });
    for (const spec of Object.values(specs)) containers.push(await LambdaContainer.start(spec, { node22, endpoint: moto.endpoint, workDir, invokeTimeoutMs: 60_000 }));
  }, 300_000);

  afterAll(async () => {
    for (const container of containers) container.stop();
    s3?.destroy();
    await moto?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('replays ItemBatcher batches, merges them, and gives the findings a local replay as that stage gives', async () => {
    // Prepare
    const [worker, merge] = containers as [LambdaContainer, LambdaContainer];
    const batches = [keys.slice(0, 40), keys.slice(40, 80), keys.slice(80)];

    // Act
    const replayed = [];
    for (const [index, batch] of batches.entries()) {
      replayed.push(await worker.invoke({ BatchInput: { run: 'live-run', index, bucket: BACKTEST_TRAIL_BUCKET, spec: {} }, Items: batch.map((Key) => ({ Key, Size: 1, Etag: '"x"', LastModified: 1, StorageClass: 'STANDARD' })) }));
    }
    const merged = await merge.invoke({ run: 'live-run', started: new Date().toISOString() });

    // Assess
    for (const invocation of replayed) expect(invocation).toMatchObject({ ok: true, result: { partial: expect.stringMatching(new RegExp(`^${partialsPrefix('live-run')}`)) } });
    expect(worker.nodeVersion).toMatch(/^v22\./);
    expect(replayed[0]!.records).toContainEqual(expect.objectContaining({ message: 'backtest batch replayed', run: 'live-run' }));
    expect(merged).toMatchObject({ ok: true, result: { bucket: RESULTS, key: 'runs/live-run/results.ndjson', batches: 3 } });
    const body = await (await s3.send(new GetObjectCommand({ Bucket: RESULTS, Key: 'runs/live-run/results.ndjson' }))).Body!.transformToString();
    const lines = body.trim().split('\n').map((line) => JSON.parse(line));
    const local = (await runCli('replay', TREE, '--format', 'ndjson', '--stage', 'dev')).lines.map((line) => JSON.parse(line));
    expect(lines.slice(0, -1)).toEqual(local.slice(0, -1));
    const { stage: _stage, seconds: _s, ...localSummary } = local.at(-1);
    const { seconds: _seconds, ...summary } = lines.at(-1);
    expect(summary).toEqual(localSummary);
  }, 120_000);
});
