import { GetBucketLocationCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type ListObjectsV2CommandInput } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  DescribeStateMachineCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { relative } from 'node:path';
import { Readable } from 'node:stream';
import { backtestDefinition } from '../../lib/backtest-deploy';
import { historyFiles } from '../../lib/history/files';
import { regionOfLocation, replayDistributed } from '../../lib/cli/replay-distributed';
import { readFileSync } from 'node:fs';
import { runCli, scratch } from '../support/cli';

// `replay s3://… --distributed --stage prod` with Step Functions and S3 mocked: what it starts, how it follows the
// run, and that it prints the same reports as a local replay from the merged results.
const TREE = 'tests/fixtures/sample-history/AWSLogs';
const TRAIL = 'acme-org-trail';
const RESULTS = 'trailguard-prod-backtest-results';
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:trailguard-prod-backtest';
const EXECUTION = 'arn:aws:states:us-east-1:123456789012:execution:trailguard-prod-backtest:run';
const KEYS = [
  ...[...historyFiles([TREE])].map((file) => `AWSLogs/${relative(TREE, file)}`),
  'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/05/digest.json.gz',
].sort();

const sfn = mockClient(SFNClient);
const s3 = mockClient(S3Client);

const definition = (tolerated = 0): string =>
  JSON.stringify(backtestDefinition())
    .split('"@@backtestToleratedFailurePercent@@"').join(String(tolerated))
    .split('@@backtestTrailBucket@@').join(TRAIL)
    .split('@@backtestTrailPrefix@@').join('AWSLogs/')
    .split('@@resultsBucket@@').join(RESULTS);

/** ListObjectsV2 with a delimiter over KEYS, as S3 answers it. */
const list = (input: ListObjectsV2CommandInput) => {
  const prefix = input.Prefix ?? '';
  const under = KEYS.filter((key) => key.startsWith(prefix));
  const folders = [...new Set(under.map((key) => key.slice(prefix.length)).filter((rest) => rest.includes('/')).map((rest) => `${prefix}${rest.slice(0, rest.indexOf('/') + 1)}`))];
  return { Contents: under.filter((key) => !key.slice(prefix.length).includes('/')).map((Key) => ({ Key })), CommonPrefixes: folders.map((Prefix) => ({ Prefix })), IsTruncated: false };
};

let resultsBody = '';
const succeeded = { status: 'SUCCEEDED' as const, startDate: new Date('2026-12-05T10:00:00Z'), stopDate: new Date('2026-12-05T10:04:10Z'), output: JSON.stringify({ bucket: RESULTS, key: 'runs/run/results.ndjson', batches: 2, lines: 1 }) };

beforeEach(() => {
  sfn.reset();
  s3.reset();
  sfn.on(ListStateMachinesCommand).resolves({ stateMachines: [{ name: 'trailguard-dev-backtest', stateMachineArn: `${MACHINE.replace('prod', 'dev')}`, type: 'STANDARD', creationDate: new Date() }, { name: 'trailguard-prod-backtest', stateMachineArn: MACHINE, type: 'STANDARD', creationDate: new Date() }] });
  sfn.on(DescribeStateMachineCommand).resolves({ stateMachineArn: MACHINE, definition: definition() });
  sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION, startDate: new Date() });
  sfn.on(DescribeExecutionCommand).resolves(succeeded);
  sfn.on(ListMapRunsCommand).resolves({ mapRuns: [{ mapRunArn: `${EXECUTION}/map`, executionArn: EXECUTION, stateMachineArn: MACHINE, startDate: new Date() }] });
  sfn.on(DescribeMapRunCommand).resolves({ itemCounts: { total: 9, succeeded: 9, running: 0, failed: 0, timedOut: 0, aborted: 0, pending: 0, resultsWritten: 9 } } as never);
  // us-east-1, the state machine's region, answers without a LocationConstraint.
  s3.on(GetBucketLocationCommand).resolves({});
  s3.on(ListObjectsV2Command).callsFake(list);
  s3.on(PutObjectCommand).resolves({});
  s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([Buffer.from(resultsBody)]) }));
});

/** What the merge step writes for a run over the tree: the lines a local ndjson replay prints (merge.test.ts shows they are equal). */
const mergedLike = async (...flags: string[]) => {
  const local = await runCli('replay', TREE, '--format', 'ndjson', ...flags);
  // The merge step writes no stage figures: the CLI computes them from the findings.
  const { stage: _stage, ...summary } = JSON.parse(local.lines.at(-1)!);
  resultsBody = `${[...local.lines.slice(0, -1), JSON.stringify(summary)].join('\n')}\n`;
  return local;
};

const prefixesWritten = (): string[] => JSON.parse(String(s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Body));

describe('replay --distributed', () => {
  const out = scratch('distributed-html');

  it('hands the pruned prefixes to the stage\'s state machine and prints the table a local run prints', async () => {
    // Prepare
    await mergedLike('--stage', 'prod');
    const local = await runCli('replay', TREE, '--stage', 'prod');

    // Act
    const result = await runCli('replay', `s3://${TRAIL}/AWSLogs/`, '--distributed', '--stage', 'prod');

    // Assess: prefixes at the region level (no time filter), the digest folder left out here.
    expect(result.code).toBe(0);
    const prefixes = prefixesWritten();
    expect(prefixes).toContain('AWSLogs/111122223333/CloudTrail/eu-west-1/');
    expect(prefixes.every((p) => /^AWSLogs\/\d{12}\/CloudTrail\/[a-z0-9-]+\/$/.test(p))).toBe(true);
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input).toMatchObject({ Bucket: RESULTS, Key: expect.stringMatching(/^runs\/replay-[\w-]+\/prefixes\.json$/) });
    const started = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(started.stateMachineArn).toBe(MACHINE);
    expect(JSON.parse(started.input!)).toEqual({ bucket: TRAIL, prefixesKey: `runs/${started.name}/prefixes.json`, spec: {} });
    // The same report, but for the run's figures line (its seconds are the execution's 250 s) and the skipped digest folder.
    const [first, second, ...rest] = result.lines;
    const [localFirst, localSecond, ...localRest] = local.lines;
    expect(first).toBe(localFirst!.replace(/in [\d.]+ s$/, 'in 250.00 s'));
    expect(second).toBe(localSecond);
    expect(rest.filter((l) => !l.includes('skipped'))).toEqual(localRest.filter((l) => !l.includes('skipped')));
    expect(rest).toContain('  skipped 1: CloudTrail-Digest folder');
    // The --stage per-day outcomes come from the merged findings too.
    expect(rest.join('\n')).toContain(localRest.filter((l) => /revert/i.test(l))[0]);
    expect(result.stderr).toContain(`prefix(es) of s3://${TRAIL}/ handed to ${EXECUTION}`);
    expect(result.stderr).toMatch(/backtest: SUCCEEDED, prefixes 9\/9 done, 0 running, 0 failed/);
  });

  it('prints the merged ndjson with the summary completed by what the listing here skipped', async () => {
    const local = await mergedLike('--stage', 'prod');
    const result = await runCli('replay', `s3://${TRAIL}/AWSLogs/`, '--distributed', '--stage', 'prod', '--format', 'ndjson');
    expect(result.code).toBe(0);
    expect(result.lines.slice(0, -1)).toEqual(local.lines.slice(0, -1));
    const summary = JSON.parse(result.lines.at(-1)!);
    const localSummary = JSON.parse(local.lines.at(-1)!);
    expect(summary).toEqual({ ...localSummary, skipped: { ...localSummary.skipped, 'CloudTrail-Digest folder': 1 }, seconds: 250 });
  });

  it('writes the html report a local run writes, from the merged findings', async () => {
    const local = await mergedLike();
    const page = `${out.dir}/backtest.html`;
    const result = await runCli('replay', `s3://${TRAIL}/AWSLogs/`, '--distributed', '--stage', 'prod', '--format', 'html', '--out', page);
    expect(result.code).toBe(0);
    const html = readFileSync(page, 'utf8');
    const findings = local.lines.map((l) => JSON.parse(l)).filter((l) => l.type === 'finding');
    expect(findings.length).toBeGreaterThan(10);
    for (const finding of findings) expect(html).toContain(finding.eventId);
  });

  it('prunes accounts, regions and days here: day prefixes, filters passed to every batch', async () => {
    await mergedLike();
    const result = await runCli('replay', `s3://${TRAIL}/AWSLogs/`, '--distributed', '--stage', 'prod', '--format', 'ndjson', '--account', '111122223333', '--region', 'us-west-2', '--start', '2026-11-06', '--end', '2026-11-07');
    expect(result.code).toBe(0);
    const prefixes = prefixesWritten();
    expect(prefixes.length).toBeGreaterThan(0);
    for (const prefix of prefixes) expect(prefix).toMatch(/^AWSLogs\/111122223333\/CloudTrail\/us-west-2\/2026\/11\/0[5-7]\/$/);
    const started = JSON.parse(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input.input!);
    expect(started.spec).toEqual({ filter: { start: Date.parse('2026-11-06T00:00:00Z'), end: Date.parse('2026-11-07T00:00:00Z'), accounts: ['111122223333'], regions: ['us-west-2'] } });
    // The walk never listed inside another account or region.
    const listed = s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input.Prefix);
    expect(listed.filter((p) => /AWSLogs\/(123456789012|444455556666)\/./.test(p ?? ''))).toEqual([]);
    expect(listed.filter((p) => /CloudTrail\/(?!us-west-2)[a-z0-9-]+\/./.test(p ?? ''))).toEqual([]);
    const summary = JSON.parse(result.lines.at(-1)!);
    expect(summary.skipped['folder outside --account']).toBe(2);
  });

  it('follows the run: status and prefix counts until it ends', async () => {
    await mergedLike();
    sfn.on(DescribeExecutionCommand).resolvesOnce({ status: 'RUNNING', startDate: new Date() }).resolvesOnce({ status: 'RUNNING', startDate: new Date() }).resolves(succeeded);
    sfn.on(DescribeMapRunCommand)
      .resolvesOnce({ itemCounts: { total: 9, succeeded: 2, running: 7, failed: 0, timedOut: 0, aborted: 0 } } as never)
      .resolvesOnce({ itemCounts: { total: 9, succeeded: 8, running: 1, failed: 0, timedOut: 0, aborted: 0 } } as never)
      .resolves({ itemCounts: { total: 9, succeeded: 9, running: 0, failed: 0, timedOut: 0, aborted: 0 } } as never);
    let stderr = '';
    const findings: unknown[] = [];
    const summary = await replayDistributed({
      url: `s3://${TRAIL}/AWSLogs/`,
      stage: 'prod',
      ruleIds: ['sg-open-ingress'],
      filter: {},
      io: { stdout: () => undefined, stderr: (t) => (stderr += t), stderrIsTty: false },
      onFinding: (f) => findings.push(f),
      onInvalid: () => undefined,
      pollMs: 1,
    });
    expect(stderr.split('\n').filter((l) => l.startsWith('backtest: '))).toEqual([
      expect.stringMatching(/handed to/),
      'backtest: RUNNING, prefixes 2/9 done, 7 running, 0 failed',
      'backtest: RUNNING, prefixes 8/9 done, 1 running, 0 failed',
      'backtest: SUCCEEDED, prefixes 9/9 done, 0 running, 0 failed',
    ]);
    expect(summary.findings).toBe(findings.length);
    expect(JSON.parse(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input.input!).spec).toEqual({ ruleIds: ['sg-open-ingress'] });
  });

  it('with tolerated failures, a run that lost batches says which prefixes are incomplete (invalid lines; --strict exits 3)', async () => {
    await mergedLike();
    sfn.on(DescribeStateMachineCommand).resolves({ stateMachineArn: MACHINE, definition: definition(5) });
    const child = (n: number) => `${EXECUTION.replace(':execution:', ':execution:')}/map:${n}`;
    sfn.on(DescribeExecutionCommand).callsFake((input: { executionArn: string }) => {
      if (input.executionArn === child(1)) return { status: 'SUCCEEDED', input: JSON.stringify({ prefix: 'AWSLogs/111122223333/CloudTrail/us-east-1/' }) };
      if (input.executionArn === child(2)) return { status: 'FAILED', input: JSON.stringify({ prefix: 'AWSLogs/444455556666/CloudTrail/us-east-1/' }) };
      return succeeded;
    });
    sfn.on(ListExecutionsCommand).resolves({ executions: [1, 2].map((n) => ({ executionArn: child(n), stateMachineArn: MACHINE, name: `map:${n}`, status: n === 1 ? 'SUCCEEDED' : 'FAILED', startDate: new Date() })) });
    sfn.on(ListMapRunsCommand).callsFake((input: { executionArn: string }) => ({ mapRuns: [{ mapRunArn: `${input.executionArn}/run`, executionArn: input.executionArn, stateMachineArn: MACHINE, startDate: new Date() }] }));
    sfn.on(DescribeMapRunCommand).callsFake((input: { mapRunArn: string }) => ({ itemCounts: input.mapRunArn === `${child(1)}/run` ? { total: 1500, succeeded: 1000, failed: 500, timedOut: 0, aborted: 0 } : { total: 9, succeeded: 8, failed: 1, timedOut: 0, aborted: 0 } }));

    const result = await runCli('replay', `s3://${TRAIL}/AWSLogs/`, '--distributed', '--stage', 'prod', '--format', 'ndjson');
    const strict = await runCli('replay', `s3://${TRAIL}/AWSLogs/`, '--distributed', '--stage', 'prod', '--strict');

    expect(result.code).toBe(0);
    const invalid = result.lines.map((l) => JSON.parse(l)).filter((l) => l.type === 'invalid');
    expect(invalid).toEqual([
      { type: 'invalid', source: `s3://${TRAIL}/AWSLogs/111122223333/CloudTrail/us-east-1/`, reason: `500 object(s) in failed batches were not replayed (map run ${child(1)}/run); backtestToleratedFailurePercent let the run succeed without them` },
      { type: 'invalid', source: `s3://${TRAIL}/AWSLogs/444455556666/CloudTrail/us-east-1/`, reason: `not replayed: its map run FAILED (${child(2)}); backtestToleratedFailurePercent let the run succeed without it` },
    ]);
    expect(JSON.parse(result.lines.at(-1)!).invalid).toBe(2);
    expect(strict.code).toBe(3);
  });

  it('an interrupt stops the execution in AWS before the command ends', async () => {
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING', startDate: new Date() });
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    let stderr = '';
    const run = replayDistributed({
      url: `s3://${TRAIL}/AWSLogs/`,
      stage: 'prod',
      ruleIds: [],
      filter: {},
      io: {
        stdout: () => undefined,
        stderr: (t) => {
          stderr += t;
          // The user presses Ctrl-C once the run is under way.
          if (t.startsWith('backtest: RUNNING')) process.emit('SIGINT');
        },
        stderrIsTty: false,
      },
      onFinding: () => undefined,
      onInvalid: () => undefined,
      pollMs: 60_000,
    });
    await expect(run).rejects.toThrow(`interrupted: stopped ${EXECUTION}`);
    expect(sfn.commandCalls(StopExecutionCommand).map((c) => c.args[0].input)).toEqual([{ executionArn: EXECUTION, cause: 'interrupted from trailguard replay --distributed' }]);
    expect(process.listenerCount('SIGINT')).toBe(0);
    expect(stderr).toContain('backtest: RUNNING');
  });

  it('a failed run exits 3 naming the execution, its error and cause', async () => {
    sfn.on(DescribeExecutionCommand).resolves({ status: 'FAILED', startDate: new Date(), stopDate: new Date(), error: 'States.ExceedToleratedFailureThreshold', cause: 'The specified tolerated failure threshold was exceeded' });
    const result = await runCli('replay', `s3://${TRAIL}/AWSLogs/`, '--distributed', '--stage', 'prod');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`trailguard replay: backtest execution ${EXECUTION} FAILED: States.ExceedToleratedFailureThreshold: The specified tolerated failure threshold was exceeded`);
    expect(result.stdout).toBe('');
  });

  it('AWS refusing a call stops the run with exit 2 and what AWS said', async () => {
    const denied = Object.assign(new Error('User: arn:aws:iam::123456789012:user/ci is not authorized to perform: states:StartExecution'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    sfn.on(StartExecutionCommand).rejects(denied);
    const result = await runCli('replay', `s3://${TRAIL}/AWSLogs/`, '--distributed', '--stage', 'prod');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--distributed (stage prod): AccessDeniedException: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: states:StartExecution');
  });

  it('a stage without the state machine: exit 2, saying how to enable it', async () => {
    sfn.on(ListStateMachinesCommand).resolves({ stateMachines: [] });
    const result = await runCli('replay', `s3://${TRAIL}/AWSLogs/`, '--distributed', '--stage', 'prod');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--distributed: stage prod has no backtest state machine (trailguard-prod-backtest) in us-east-1: deploy it with the backtest param on: params.prod.backtest: true and backtestTrailBucket in serverless.yml, or sls deploy --stage prod --param backtest=true --param backtestTrailBucket=<CloudTrail bucket>');
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('refuses another bucket or a prefix outside the one the stage may read, before starting anything', async () => {
    const other = await runCli('replay', 's3://someone-elses-trail/AWSLogs/', '--distributed', '--stage', 'prod');
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(`stage prod's backtest reads s3://${TRAIL}/AWSLogs/, not s3://someone-elses-trail/`);
    const outside = await runCli('replay', `s3://${TRAIL}/exports/`, '--distributed', '--stage', 'prod');
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain(`may only read under s3://${TRAIL}/AWSLogs/`);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it.each([
    ['eu-west-1', 'eu-west-1'],
    ['EU', 'eu-west-1'],
    ['us-west-2', 'us-west-2'],
  ])('a trail bucket whose LocationConstraint is %s (%s), not the state machine\'s us-east-1: exit 2 naming both, before anything is listed, written or started', async (constraint, region) => {
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: constraint as never });
    const result = await runCli('replay', `s3://${TRAIL}/AWSLogs/`, '--distributed', '--stage', 'prod');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `--distributed: s3://${TRAIL}/ is in ${region} but stage prod's state machine is in us-east-1: Step Functions lists only buckets of its own region, so deploy the stage in ${region} and run with AWS_REGION=${region}`,
    );
    expect(s3.commandCalls(GetBucketLocationCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: TRAIL }]);
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(0);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('a trail bucket in the state machine\'s own region runs: EU is eu-west-1', async () => {
    const machine = MACHINE.replace('us-east-1', 'eu-west-1');
    sfn.on(ListStateMachinesCommand).resolves({ stateMachines: [{ name: 'trailguard-prod-backtest', stateMachineArn: machine, type: 'STANDARD', creationDate: new Date() }] });
    sfn.on(DescribeStateMachineCommand).resolves({ stateMachineArn: machine, definition: definition() });
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'EU' });
    await mergedLike();
    const result = await runCli('replay', `s3://${TRAIL}/AWSLogs/`, '--distributed', '--stage', 'prod');
    expect(result.code).toBe(0);
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input.stateMachineArn).toBe(machine);
  });

  it('GetBucketLocation refused: exit 2 saying which region the bucket must be in and the permission the check needs', async () => {
    const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    s3.on(GetBucketLocationCommand).rejects(denied);
    const result = await runCli('replay', `s3://${TRAIL}/AWSLogs/`, '--distributed', '--stage', 'prod');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `--distributed: cannot tell which region s3://${TRAIL}/ is in (GetBucketLocation: AccessDenied: Access Denied); it must be us-east-1, stage prod's state machine's region, and these credentials need s3:GetBucketLocation on it to check`,
    );
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('LocationConstraint to region: none or empty is us-east-1, EU is eu-west-1, any other is itself', () => {
    expect([undefined, null, '', 'EU', 'eu-west-1', 'ap-southeast-2'].map(regionOfLocation)).toEqual(['us-east-1', 'us-east-1', 'us-east-1', 'eu-west-1', 'eu-west-1', 'ap-southeast-2']);
  });

  it('usage: needs --stage and exactly one s3:// URL, and takes no --workers', async () => {
    expect((await runCli('replay', `s3://${TRAIL}/AWSLogs/`, '--distributed')).stderr).toContain('--distributed needs --stage');
    expect((await runCli('replay', TREE, '--distributed', '--stage', 'prod')).stderr).toContain('--distributed replays exactly one s3://bucket/prefix');
    expect((await runCli('replay', `s3://${TRAIL}/AWSLogs/`, '--distributed', '--stage', 'prod', '--workers', '2')).stderr).toContain('--workers does not apply');
  });
});
