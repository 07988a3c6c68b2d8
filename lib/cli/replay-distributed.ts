import { GetBucketLocationCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
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
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { BacktestRunError, prefixesKey, type BacktestInput, type BacktestSpec, type MergeOutput } from '../backtest/layout';
import { backtestPrefixes } from '../backtest/prefixes';
import { backtestStateMachineName } from '../backtest-deploy';
import { TrailguardError } from '../errors';
import type { Finding, InvalidEntry } from '../finding';
import { HistoryFilter, type HistoryFilterOptions } from '../history/filter';
import { historyS3Client, readObjectBytes } from '../history/s3';
import { parseS3Url } from '../history/s3-location';
import type { ReplaySummary } from '../replay';
import { UsageError } from './args';
import type { CliIo } from './output';

export interface DistributedOptions {
  readonly url: string;
  readonly stage: string;
  readonly ruleIds: readonly string[];
  readonly filter: HistoryFilterOptions;
  readonly io: CliIo;
  readonly onFinding: (finding: Finding) => void;
  readonly onInvalid: (entry: InvalidEntry) => void;
  /** One event's findings at a time (they come together in the results), for the --stage outcome table. */
  readonly onStageEvent?: (findings: readonly Finding[]) => void;
  /** For tests: the clients, the poll interval and the run name. */
  readonly clients?: { readonly sfn: SFNClient; readonly s3: S3Client };
  readonly pollMs?: number;
  readonly run?: string;
}

interface Deployment {
  readonly arn: string;
  readonly trailBucket: string;
  readonly trailPrefix: string;
  readonly resultsBucket: string;
  /** The inner map's ToleratedFailurePercentage: above 0, a run may succeed without some batches. */
  readonly tolerated: number;
}

const enable = (stage: string): string =>
  `deploy it with the backtest param on: params.${stage}.backtest: true and backtestTrailBucket in serverless.yml, or ` +
  `sls deploy --stage ${stage} --param backtest=true --param backtestTrailBucket=<CloudTrail bucket>`;

/** The stage's state machine (by name, in the client's region) and what its definition says it may read. */
const findDeployment = async (sfn: SFNClient, stage: string): Promise<Deployment> => {
  const name = backtestStateMachineName(stage);
  let token: string | undefined;
  let arn: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachinesCommand({ nextToken: token }));
    arn = page.stateMachines?.find((machine) => machine.name === name)?.stateMachineArn;
    token = arn ? undefined : page.nextToken;
  } while (token);
  const region = await sfn.config.region();
  if (!arn) throw new UsageError(`--distributed: stage ${stage} has no backtest state machine (${name}) in ${region}: ${enable(stage)}`);
  const { definition } = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
  try {
    const states = (JSON.parse(definition ?? '') as { States: Record<string, any> }).States;
    const outer = states.Prefixes;
    return {
      arn,
      trailBucket: outer.ItemProcessor.States.Objects.ItemReader.Parameters.Bucket,
      trailPrefix: outer.ItemSelector.trailPrefix,
      resultsBucket: outer.ItemReader.Parameters.Bucket,
      tolerated: Number(outer.ItemProcessor.States.Objects.ToleratedFailurePercentage ?? 0),
    };
  } catch (cause) {
    throw new UsageError(`--distributed: ${arn} is not a trailguard backtest state machine this CLI can drive (redeploy stage ${stage} with this version)`, { cause });
  }
};

/** GetBucketLocation's LocationConstraint as a region: none for us-east-1, and the legacy `EU` for eu-west-1. */
export const regionOfLocation = (constraint: string | null | undefined): string => (!constraint ? 'us-east-1' : constraint === 'EU' ? 'eu-west-1' : constraint);

/**
 * The trail bucket must be in the state machine's region: its S3 ItemReader (listObjectsV2) reads only buckets of
 * that region, since Step Functions has no cross-Region resource access. Checked before anything is written or
 * started, so a run never fails later in AWS for it.
 */
const checkBucketRegion = async (s3: S3Client, bucket: string, stateMachineArn: string, stage: string): Promise<void> => {
  const machineRegion = stateMachineArn.split(':')[3];
  let location: string | undefined;
  try {
    location = (await s3.send(new GetBucketLocationCommand({ Bucket: bucket }))).LocationConstraint;
  } catch (cause) {
    if (!(cause instanceof Error)) throw cause;
    throw new UsageError(
      `--distributed: cannot tell which region s3://${bucket}/ is in (GetBucketLocation: ${cause.name}: ${cause.message}); ` +
        `it must be ${machineRegion}, stage ${stage}'s state machine's region, and these credentials need s3:GetBucketLocation on it to check`,
      { cause },
    );
  }
  const bucketRegion = regionOfLocation(location);
  if (bucketRegion !== machineRegion) {
    throw new UsageError(
      `--distributed: s3://${bucket}/ is in ${bucketRegion} but stage ${stage}'s state machine is in ${machineRegion}: Step Functions lists ` +
        `only buckets of its own region, so deploy the stage in ${bucketRegion} and run with AWS_REGION=${bucketRegion}`,
    );
  }
};

/** Execution names: 1-80 characters; the time first so runs list in order. */
const runName = (): string => `replay-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;

/**
 * `replay s3://bucket/prefix --distributed --stage NAME`: prunes the bucket's AWSLogs tree to prefixes here (the
 * same filter as a local run), hands them to the stage's state machine, follows the execution, then reads the
 * merged results and hands every finding and invalid entry on, in order, as a local run would. Returns the
 * summary: the merge step's, with what the pruning here skipped and the execution's duration.
 */
export const replayDistributed = async (options: DistributedOptions): Promise<ReplaySummary> => {
  const { io, stage } = options;
  const location = parseS3Url(options.url);
  const sfn = options.clients?.sfn ?? new SFNClient({ region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1' });
  const s3 = options.clients?.s3 ?? historyS3Client();
  try {
    const deployment = await findDeployment(sfn, stage);
    if (location.bucket !== deployment.trailBucket) {
      throw new UsageError(`--distributed: stage ${stage}'s backtest reads s3://${deployment.trailBucket}/${deployment.trailPrefix}, not s3://${location.bucket}/ (its backtestTrailBucket param)`);
    }
    if (!location.prefix.startsWith(deployment.trailPrefix) && !deployment.trailPrefix.startsWith(location.prefix)) {
      throw new UsageError(`--distributed: stage ${stage}'s backtest may only read under s3://${deployment.trailBucket}/${deployment.trailPrefix} (its backtestTrailPrefix param), not ${options.url}`);
    }
    await checkBucketRegion(s3, location.bucket, deployment.arn, stage);
    const filter = new HistoryFilter(options.filter);
    const skipped: Record<string, number> = {};
    // A prefix above the permitted folder is listed only down to it.
    const start = location.prefix.startsWith(deployment.trailPrefix) ? location : { ...location, prefix: deployment.trailPrefix };
    const prefixes = await backtestPrefixes(s3, start, {
      filter,
      onSkip: (_path, reason) => {
        skipped[reason] = (skipped[reason] ?? 0) + 1;
      },
    });
    const run = options.run ?? runName();
    const spec: BacktestSpec = { ...(options.ruleIds.length > 0 ? { ruleIds: options.ruleIds } : {}), ...(filter.active ? { filter: options.filter } : {}) };
    await s3.send(new PutObjectCommand({ Bucket: deployment.resultsBucket, Key: prefixesKey(run), Body: JSON.stringify(prefixes), ContentType: 'application/json' }));
    const input: BacktestInput = { bucket: location.bucket, prefixesKey: prefixesKey(run), spec };
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: deployment.arn, name: run, input: JSON.stringify(input) }));
    io.stderr(`backtest: ${prefixes.length} prefix(es) of s3://${location.bucket}/ handed to ${executionArn}\n`);

    const done = await follow(sfn, executionArn!, io, options.pollMs ?? 5_000);
    if (done.status !== 'SUCCEEDED') {
      throw new BacktestRunError(`backtest execution ${executionArn} ${done.status}${done.error ? `: ${done.error}` : ''}${done.cause ? `: ${done.cause}` : ''}`);
    }
    const output = JSON.parse(done.output ?? '{}') as MergeOutput;
    const results = await s3.send(new GetObjectCommand({ Bucket: output.bucket, Key: output.key }));
    const lines = (await readObjectBytes(results.Body as Readable)).toString('utf8').split('\n').filter((line) => line !== '');
    const summary = JSON.parse(lines.pop() ?? '{}') as ReplaySummary;
    if (summary.type !== 'summary') throw new BacktestRunError(`s3://${output.bucket}/${output.key} does not end with a summary line`);
    let event: Finding[] = [];
    const flush = () => {
      if (event.length > 0) options.onStageEvent?.(event);
      event = [];
    };
    for (const line of lines) {
      const entry = JSON.parse(line) as Finding | InvalidEntry;
      if (entry.type === 'finding') {
        if (event.length > 0 && event[0]!.eventId !== entry.eventId) flush();
        event.push(entry);
        options.onFinding(entry);
      } else options.onInvalid(entry);
    }
    flush();
    const missing = deployment.tolerated > 0 ? await failedBatches(sfn, done.mapRunArn, location.bucket) : [];
    for (const entry of missing) options.onInvalid(entry);
    const total = { ...summary.skipped };
    for (const [reason, count] of Object.entries(skipped)) total[reason] = (total[reason] ?? 0) + count;
    return { ...summary, invalid: summary.invalid + missing.length, skipped: total, seconds: done.seconds };
  } catch (cause) {
    // AWS said no (credentials, permissions, throttling past the SDK's retries): stop with what it said, as a
    // local S3 replay does when it cannot list.
    if (cause instanceof TrailguardError || !(cause instanceof Error)) throw cause;
    throw new UsageError(`--distributed (stage ${stage}): ${cause.name}: ${cause.message}`, { cause });
  } finally {
    if (!options.clients) {
      sfn.destroy();
      s3.destroy();
    }
  }
};

/**
 * With backtestToleratedFailurePercent above 0 a run succeeds without the batches that failed: each prefix whose
 * map run lost items is reported as an invalid entry, so the gap shows in the report and in `invalid` (and
 * --strict exits 3). One ListMapRuns and DescribeMapRun per prefix, only on such stages.
 */
const failedBatches = async (sfn: SFNClient, outerMapRun: string | undefined, bucket: string): Promise<InvalidEntry[]> => {
  if (!outerMapRun) return [];
  const entries: InvalidEntry[] = [];
  let token: string | undefined;
  do {
    const page = await sfn.send(new ListExecutionsCommand({ mapRunArn: outerMapRun, nextToken: token }));
    for (const child of page.executions ?? []) {
      const input = JSON.parse((await sfn.send(new DescribeExecutionCommand({ executionArn: child.executionArn! }))).input ?? '{}') as { prefix?: string };
      const source = `s3://${bucket}/${input.prefix ?? ''}`;
      if (child.status !== 'SUCCEEDED') {
        entries.push({ type: 'invalid', source, reason: `not replayed: its map run ${child.status} (${child.executionArn}); backtestToleratedFailurePercent let the run succeed without it` });
        continue;
      }
      for (const run of (await sfn.send(new ListMapRunsCommand({ executionArn: child.executionArn! }))).mapRuns ?? []) {
        const counts = (await sfn.send(new DescribeMapRunCommand({ mapRunArn: run.mapRunArn! }))).itemCounts;
        const lost = (counts?.failed ?? 0) + (counts?.timedOut ?? 0) + (counts?.aborted ?? 0);
        if (lost > 0) {
          entries.push({ type: 'invalid', source, reason: `${lost} object(s) in failed batches were not replayed (map run ${run.mapRunArn}); backtestToleratedFailurePercent let the run succeed without them` });
        }
      }
    }
    token = page.nextToken;
  } while (token);
  return entries;
};

interface Finished {
  readonly status: string;
  readonly mapRunArn?: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly seconds: number;
}

/**
 * Polls the execution until it ends, drawing the outer map run's prefix counts (DescribeMapRun) as it goes. An
 * interrupt (Ctrl-C) stops the execution in AWS before the command ends: leaving it would go on costing.
 */
const follow = async (sfn: SFNClient, executionArn: string, io: CliIo, pollMs: number): Promise<Finished> => {
  let interrupted = false;
  let wake: (() => void) | undefined;
  const onInterrupt = () => {
    interrupted = true;
    wake?.();
  };
  process.once('SIGINT', onInterrupt);
  try {
    return await poll(sfn, executionArn, io, pollMs, () => interrupted, (resolve) => (wake = resolve));
  } finally {
    process.off('SIGINT', onInterrupt);
  }
};

const poll = async (
  sfn: SFNClient,
  executionArn: string,
  io: CliIo,
  pollMs: number,
  interrupted: () => boolean,
  onWait: (wake: () => void) => void,
): Promise<Finished> => {
  let last = '';
  for (;;) {
    if (interrupted()) {
      await sfn.send(new StopExecutionCommand({ executionArn, cause: 'interrupted from trailguard replay --distributed' }));
      throw new BacktestRunError(`interrupted: stopped ${executionArn}`);
    }
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const started = execution.startDate?.getTime() ?? Date.now();
    const seconds = Math.round(((execution.stopDate?.getTime() ?? Date.now()) - started) / 100) / 10;
    let line = `backtest: ${execution.status}`;
    const runs = await sfn.send(new ListMapRunsCommand({ executionArn }));
    const mapRunArn = runs.mapRuns?.[0]?.mapRunArn;
    if (mapRunArn) {
      const counts = (await sfn.send(new DescribeMapRunCommand({ mapRunArn }))).itemCounts;
      if (counts) line += `, prefixes ${counts.succeeded ?? 0}/${counts.total ?? 0} done, ${counts.running ?? 0} running, ${(counts.failed ?? 0) + (counts.timedOut ?? 0) + (counts.aborted ?? 0)} failed`;
    }
    if (io.stderrIsTty) io.stderr(`\r\x1b[K${line}, ${seconds.toFixed(0)} s`);
    else if (line !== last) io.stderr(`${line}\n`);
    last = line;
    if (execution.status !== 'RUNNING' && execution.status !== 'PENDING_REDRIVE') {
      if (io.stderrIsTty) io.stderr('\n');
      return {
        status: execution.status ?? 'UNKNOWN',
        ...(mapRunArn ? { mapRunArn } : {}),
        ...(execution.output !== undefined ? { output: execution.output } : {}),
        ...(execution.error !== undefined ? { error: execution.error } : {}),
        ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
        seconds,
      };
    }
    if (interrupted()) continue;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      onWait(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
};
