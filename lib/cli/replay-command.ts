import { BacktestRunError } from '../backtest/layout';
import { Engine } from '../engine';
import { REGION_NAME } from '../cloudtrail/record';
import type { Finding, InvalidEntry } from '../finding';
import { STDIN, historyFiles, missingPaths, type WalkOptions } from '../history/files';
import { HistoryFilter, type HistoryFilterOptions } from '../history/filter';
import { isS3Url } from '../history/s3-location';
import { DeploymentPrincipals, deploymentPrincipalProblem } from '../deployment-principals';
import { OwnPrincipals, ownPrincipalProblem, parseOwnPrincipal } from '../own-principals';
import { replay, type ReplaySummary } from '../replay';
import { TaskMerger } from '../replay/task';
import { DEFAULT_PUBLIC_PORTS, severityRank } from '../rule';
import { selectRules, unknownRuleIds, type RuleRegistry } from '../rule-registry';
import { UsageError, countFlag, oneOf, parse, portsFlag, severityFlag } from './args';
import { LineWriter, type CliIo } from './output';
import { InputDiagnosis } from './input-diagnosis';
import { HtmlOutput } from './replay-html-output';
import { parallelReplay } from './replay-parallel-option';
import { ReplayTableReport } from './replay-report';
import { replayStage } from './replay-stage-option';

type DistributedModule = typeof import('./replay-distributed');
/**
 * `--distributed` (the Step Functions and S3 clients), loaded on first use. The CLI bundle registers its own bundle
 * of it (bin/build.cjs), so no other command reads and compiles the AWS SDK.
 */
let distributedModule = (): Promise<DistributedModule> => import('./replay-distributed');
export const registerDistributedReplay = (file: string): void => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  distributedModule = async () => require(file) as DistributedModule;
};

export const REPLAY_HELP = `Usage: trailguard replay <file-or-dir|-|s3://bucket/prefix>... [options]

Backtests every rule over CloudTrail history, without touching AWS: what would have fired, and what would
have been reverted. Reads CloudTrail log files (.json or .json.gz, S3 AWSLogs/ trees), NDJSON records, JSON
values one after another (jq output, files joined with cat), JSON arrays, EventBridge events and
\`aws cloudtrail lookup-events\` output; \`-\` reads stdin. Same eventID twice counts once.
s3://bucket/prefix reads a CloudTrail bucket with your AWS credentials (AWS_PROFILE, AWS_REGION,
AWS_ENDPOINT_URL as the AWS CLI reads them).

Options:
  --format table|ndjson|html
                          table (default): counts and the most important findings;
                          ndjson: one finding/invalid line each, then a summary line (docs/replay-output.md);
                          html: one self-contained page (figures, timeline, top actors and IPs,
                          reverts, filterable findings) written to --out FILE or stdout
  --fail-on SEVERITY      exit 1 if any finding is at or above LOW|MEDIUM|HIGH|CRITICAL
  --strict                exit 3 if any input was invalid (a file, line or record that could not be used)
  --start TIME            only events at or after TIME (ISO 8601: 2026-11-01 or 2026-11-01T08:00:00Z)
  --end TIME              only events before TIME
  --account ID            only events of this account, repeatable
  --region NAME           only events in this region, repeatable
                          (on AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/ trees, on disk or in S3,
                          folders outside --start/--end, --account and --region are never listed)
  --public-ports LIST     ports allowed open to the world (default ${DEFAULT_PUBLIC_PORTS.join(',')})
  --own-principal ID      the responder's own principal, repeatable: an exact role or user ARN
                          (arn:aws:iam::123456789012:role/trailguard-prod-us-east-1-securityGroup), a
                          unique id (AROA…), or both as AROA…|arn:…; their events never fire. No globs.
                          Default: none (replay knows no identities, so trailguard's own reverts in the
                          history are reported like anyone's)
  --deployment-principal ARN
                          a principal that deploys infrastructure as code, repeatable: an exact role
                          or user ARN (arn:aws:iam::123456789012:role/terraform); its routine network
                          and IAM changes are LOW and say so, never world-open ingress, trust
                          policies, admin grants or logging changes. No globs. Default: none
  --rule ID               replay only this rule, repeatable
  --top N                 findings listed in the table (default 20)
  --stage NAME            apply that stage's params from serverless.yml as its functions would (mode,
                          public ports, exceptions, own and deployment principals, SMS threshold,
                          dedup window) and
                          report per day the reverts, alerts, digests and SMS pages it would send
  --config FILE           the serverless.yml --stage reads (default ./serverless.yml)
  --workers N             threads replaying: this one and N-1 worker threads (default: one per core);
                          findings, invalid lines, summary
                          (bar seconds) and stage figures are the same as with 1, in the same order
  --distributed           replay one s3://bucket/prefix in AWS instead, on the --stage's backtest state
                          machine (stage param backtest: true): Step Functions Distributed Map, one Lambda
                          per batch of objects, the stage's own params; shows progress, then prints the same
                          reports from the merged results (README "Backtest at organization scale")

Exit codes: 0 the run completed (whatever it found), 1 a finding at or above --fail-on, 2 usage error,
3 nothing readable in the inputs (or, with --strict, any invalid input). A --fail-on finding wins over 3.`;

/** A run that read nothing usable, or (with --strict) read invalid input: a script must not take it as clean. */
const INPUT_FAILURE = 3;

const timeFlag = (flag: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const time = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) : NaN;
  if (Number.isNaN(time)) throw new UsageError(`--${flag} must be an ISO 8601 date or UTC time such as 2026-11-01 or 2026-11-01T08:00:00Z (got ${JSON.stringify(value)})`);
  return time;
};

const listFlag = (flag: string, values: string[] | undefined, shape: RegExp, what: string): string[] | undefined => {
  if (values === undefined) return undefined;
  for (const value of values) if (!shape.test(value)) throw new UsageError(`--${flag}: ${JSON.stringify(value)} is not ${what}`);
  return values;
};

const ownPrincipalsFlag = (values: string[] | undefined): OwnPrincipals =>
  new OwnPrincipals(
    (values ?? []).map((value) => {
      const problem = ownPrincipalProblem(value);
      if (problem !== undefined) throw new UsageError(`--own-principal: ${problem}`);
      return parseOwnPrincipal(value);
    }),
  );

const deploymentPrincipalsFlag = (values: string[] | undefined): DeploymentPrincipals => {
  for (const value of values ?? []) {
    const problem = deploymentPrincipalProblem(value);
    if (problem !== undefined) throw new UsageError(`--deployment-principal: ${problem}`);
  }
  return values === undefined ? DeploymentPrincipals.NONE : new DeploymentPrincipals(values);
};

/** --distributed replays one S3 prefix on a deployed stage; the flags that shape a local run do not apply. */
const checkDistributed = (values: { stage?: string; workers?: string }, positionals: readonly string[]): void => {
  if (values.stage === undefined) throw new UsageError('--distributed needs --stage: the deployed stage whose backtest state machine runs the replay');
  if (positionals.length !== 1 || !isS3Url(positionals[0]!)) throw new UsageError('--distributed replays exactly one s3://bucket/prefix (the stage\'s CloudTrail bucket)');
  if (values.workers !== undefined) throw new UsageError('--distributed runs in AWS: --workers does not apply (the stage\'s backtestConcurrency param sets the parallelism)');
};

export const replayCommand = async (args: string[], io: CliIo, registry: RuleRegistry): Promise<number> => {
  const { values, positionals } = parse(args, {
    format: { type: 'string' },
    'fail-on': { type: 'string' },
    strict: { type: 'boolean' },
    start: { type: 'string' },
    end: { type: 'string' },
    account: { type: 'string', multiple: true },
    region: { type: 'string', multiple: true },
    'public-ports': { type: 'string' },
    'own-principal': { type: 'string', multiple: true },
    'deployment-principal': { type: 'string', multiple: true },
    rule: { type: 'string', multiple: true },
    top: { type: 'string' },
    stage: { type: 'string' },
    config: { type: 'string' },
    out: { type: 'string' },
    workers: { type: 'string' },
    distributed: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(`${REPLAY_HELP}\n`);
    return 0;
  }
  const format = oneOf('format', values.format, ['table', 'ndjson', 'html'] as const, 'table');
  const html = HtmlOutput.fromFlags(format, values.out, positionals.join(' '));
  const failOn = severityFlag('fail-on', values['fail-on']);
  const top = countFlag('top', values.top, 20);
  const start = timeFlag('start', values.start);
  const end = timeFlag('end', values.end);
  if (start !== undefined && end !== undefined && end <= start) throw new UsageError('--end must be after --start');
  const accounts = listFlag('account', values.account, /^\d{12}$/, 'a 12-digit account id');
  const regions = listFlag('region', values.region, REGION_NAME, 'a region name such as us-east-1');
  if (positionals.length === 0) throw new UsageError('replay needs at least one file or directory (or - for stdin)');
  if (values.distributed) checkDistributed(values, positionals);
  const parallel = parallelReplay(values.workers, positionals, io, registry);
  const missing = missingPaths(positionals.filter((path) => !isS3Url(path)));
  if (missing.length > 0) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);

  const selected = values.rule ?? [];
  const unknown = unknownRuleIds(registry, selected);
  if (unknown.length > 0) throw new UsageError(`unknown rule id: ${unknown.join(', ')} (see trailguard rules)`);
  const rules = selectRules(registry, selected);

  // --stage: the stage's engine and per-day outcomes; undefined without --stage.
  const staged = replayStage(values, rules);
  const publicPorts = portsFlag('public-ports', values['public-ports']);
  const ownPrincipals = ownPrincipalsFlag(values['own-principal']);
  const deploymentPrincipals = deploymentPrincipalsFlag(values['deployment-principal']);
  const filterOptions: HistoryFilterOptions = {
    ...(start !== undefined ? { start } : {}),
    ...(end !== undefined ? { end } : {}),
    ...(accounts ? { accounts } : {}),
    ...(regions ? { regions } : {}),
  };
  const filter = new HistoryFilter(filterOptions);

  const out = new LineWriter(io.stdout);
  const table = format === 'table' ? new ReplayTableReport(top, io.columns) : undefined;
  const diagnosis = new InputDiagnosis();
  let worst = -1;
  const reportFinding = (finding: Finding): void => {
    worst = Math.max(worst, severityRank(finding.severity));
    if (table) table.addFinding({ finding });
    else if (html) html.finding(finding);
    else out.line(JSON.stringify(finding));
  };
  const reportInvalid = (entry: InvalidEntry): void => {
    diagnosis.addInvalid(entry);
    if (table) table.addInvalid(entry);
    else if (html) html.addInvalid(entry);
    else out.line(JSON.stringify(entry));
  };
  const skipped: Record<string, number> = {};
  const walkOptions: WalkOptions = {
    ...(filter.active ? { filter } : {}),
    onSkip(_path, reason) {
      skipped[reason] = (skipped[reason] ?? 0) + 1;
    },
  };
  const started = performance.now();
  let summary: ReplaySummary;
  try {
    summary = values.distributed ? await replayInAws() : parallel.tasks ? await replayTasks() : await replayHere();
  } catch (error) {
    if (!(error instanceof BacktestRunError)) throw error;
    io.stderr(`trailguard replay: ${error.message}\n`);
    return INPUT_FAILURE;
  }

  // --distributed: the stage's state machine replays in AWS; its merged results are reported here.
  async function replayInAws(): Promise<ReplaySummary> {
    // Loaded only now: the Step Functions client costs every other replay its start-up time.
    const { replayDistributed } = await distributedModule();
    try {
      return await replayDistributed({
        url: positionals[0]!,
        stage: values.stage!,
        ruleIds: selected,
        filter: filterOptions,
        io,
        onFinding: reportFinding,
        onInvalid: reportInvalid,
        ...(staged ? { onStageEvent: staged.addEvent } : {}),
      });
    } catch (error) {
      // Its bundle has its own copies of the error classes, so `instanceof` fails across the boundary: the names
      // (kept through bundling) say which of ours it threw.
      const name = (error as Error | undefined)?.name;
      if (name === UsageError.name && !(error instanceof UsageError)) throw new UsageError((error as Error).message, { cause: error });
      if (name === BacktestRunError.name && !(error instanceof BacktestRunError)) throw new BacktestRunError((error as Error).message, { cause: error });
      throw error;
    }
  }

  // --workers N and s3:// (worker threads and/or objects fetched from S3): every input a task, merged in input order.
  async function replayTasks(): Promise<ReplaySummary> {
    const merger = new TaskMerger({
      finding: reportFinding,
      invalid: reportInvalid,
      ...(staged ? { stageEvent: staged.addEvent } : {}),
    });
    const spec = {
      ...(selected.length > 0 ? { ruleIds: selected } : {}),
      ...(staged
        ? { stage: values.stage!, ...(values.config !== undefined ? { config: values.config } : {}) }
        : {
            publicPorts,
            ...(values['own-principal'] ? { ownPrincipals: values['own-principal'] } : {}),
            ...(values['deployment-principal'] ? { deploymentPrincipals: values['deployment-principal'] } : {}),
          }),
      filter: filterOptions,
    };
    // S3 runs draw their own progress (objects listed and fetched) on that line.
    const drawProgress = io.stderrIsTty && !positionals.some(isS3Url);
    let drawn = started;
    await parallel.run(
      spec,
      walkOptions,
      (result) => {
        merger.add(result);
        const now = performance.now();
        if (!drawProgress || now - drawn < 500) return;
        drawn = now;
        const p = merger.summary(skipped, (now - started) / 1000);
        io.stderr(`\rreplay: ${p.files} files, ${p.events} events, ${p.findings} findings, ${p.seconds.toFixed(1)} s`);
      },
      staged !== undefined,
    );
    if (drawProgress && drawn > started) io.stderr('\r\x1b[K');
    return merger.summary(skipped, Math.round(performance.now() - started) / 1000);
  }

  // One core, local inputs: read and evaluated as they come.
  async function replayHere(): Promise<ReplaySummary> {
    let unreadable = 0;
    const stdin = io.stdin ?? process.stdin;
    const walk = historyFiles(positionals, {
      ...walkOptions,
      onUnreadable(path, message) {
        unreadable++;
        reportInvalid({ type: 'invalid', source: path, reason: message });
      },
    });
    const files = (function* () {
      for (const path of walk) yield path === STDIN ? { name: 'stdin', source: stdin } : path;
    })();
    const engine = staged?.engine() ?? new Engine({ rules, publicPorts, ownPrincipals, deploymentPrincipals });
    const result = await replay({
      engine,
      files,
      filter: filter.active ? filter : undefined,
      skipped,
      onFinding: (evaluated) => reportFinding(evaluated.finding),
      ...(staged ? { onEvaluation: staged.onEvaluation } : {}),
      onInvalid: (entry) => reportInvalid(entry),
    ...(io.stderrIsTty
      ? {
          onProgress: (p) =>
            io.stderr(`\rreplay: ${p.files} files, ${p.events} events, ${p.findings} findings, ${p.seconds.toFixed(1)} s`),
        }
      : {}),
    });
    if (io.stderrIsTty && result.seconds >= 0.5) io.stderr('\r\x1b[K');
    return { ...result, invalid: result.invalid + unreadable };
  }

  const stage = staged?.summary();
  if (table) for (const line of [...table.render(summary), ...(stage ? staged!.table(stage) : [])]) out.line(line);
  else if (html) {
    const page = html.finish(stage ? { ...summary, stage } : summary);
    if (page !== undefined) io.stdout(page);
  } else out.line(JSON.stringify(stage ? { ...summary, stage } : summary));
  out.flush();

  const failed = failOn !== undefined && worst >= severityRank(failOn);
  const problem = diagnosis.problem(summary, positionals, values.strict === true);
  if (problem !== undefined) io.stderr(`trailguard replay: ${problem}\n`);
  if (failed) return 1;
  return problem === undefined ? 0 : INPUT_FAILURE;
};
