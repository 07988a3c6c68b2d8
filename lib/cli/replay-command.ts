import { Engine } from '../engine';
import { historyFiles, missingPaths } from '../history/files';
import { DEFAULT_OWN_PRINCIPALS } from '../principals';
import { replay } from '../replay';
import { DEFAULT_PUBLIC_PORTS, severityRank } from '../rule';
import { RULES } from '../../rules';
import { UsageError, countFlag, oneOf, parse, portsFlag, severityFlag } from './args';
import { LineWriter, type CliIo } from './output';
import { ReplayTableReport } from './replay-report';
import { replayStage } from '../replay/stage-option';
import { HtmlOutput } from '../report/html-output';
import { isS3Url } from '../history/s3-location';
import { parallelReplay } from '../replay/parallel-option';
import type { Finding, InvalidEntry } from '../finding';
import type { ReplaySummary } from '../replay';

export const REPLAY_HELP = `Usage: trailguard replay <file-or-dir-or-s3://bucket/prefix>... [options]

Backtests every rule over CloudTrail history, without touching AWS: what would have fired, and what would
have been reverted. Reads CloudTrail log files (.json or .json.gz, S3 AWSLogs/ trees), NDJSON records,
EventBridge events (one, an array, or one per line) and \`aws cloudtrail lookup-events\` output.
s3://bucket/prefix reads a CloudTrail bucket with your AWS credentials (AWS_PROFILE, AWS_REGION,
AWS_ENDPOINT_URL as the AWS CLI reads them).

Options:
  --format table|ndjson|html
                          table (default): counts and the most important findings;
                          ndjson: one finding/invalid line each, then a summary line (DESIGN.md format);
                          html: one self-contained page (figures, timeline, top actors and IPs,
                          reverts, filterable findings) written to --out FILE or stdout
  --fail-on SEVERITY      exit 1 if any finding is at or above LOW|MEDIUM|HIGH|CRITICAL
  --public-ports LIST     ports allowed open to the world (default ${DEFAULT_PUBLIC_PORTS.join(',')})
  --own-principal GLOB    ARN glob of the responder's own principals, repeatable
                          (default ${DEFAULT_OWN_PRINCIPALS.join(', ')}): their events never fire
  --rule ID               replay only this rule, repeatable
  --top N                 findings listed in the table (default 20)
  --stage NAME            apply that stage's params from serverless.yml as its functions would (mode,
                          public ports, exceptions, own principals, SMS threshold, dedup window) and
                          report per day the reverts, alerts, digests and SMS pages it would send
  --config FILE           the serverless.yml --stage reads (default ./serverless.yml)
  --workers N             worker threads (default: one per core); the output is the same as with 1

Exit codes: 0 the run completed (whatever it found), 1 a finding at or above --fail-on, 2 usage error.`;

export const replayCommand = (args: string[], io: CliIo): number | Promise<number> => {
  const { values, positionals } = parse(args, {
    format: { type: 'string' },
    'fail-on': { type: 'string' },
    'public-ports': { type: 'string' },
    'own-principal': { type: 'string', multiple: true },
    rule: { type: 'string', multiple: true },
    top: { type: 'string' },
    stage: { type: 'string' },
    config: { type: 'string' },
    out: { type: 'string' },
    workers: { type: 'string' },
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
  if (positionals.length === 0) throw new UsageError('replay needs at least one file or directory');
  const parallel = parallelReplay(values.workers, positionals, io);
  const localPaths = positionals.filter((path) => !isS3Url(path));
  const missing = missingPaths(localPaths);
  if (missing.length > 0) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);

  const selected = values.rule ?? [];
  const unknown = selected.filter((id) => !RULES.some((rule) => rule.id === id));
  if (unknown.length > 0) throw new UsageError(`unknown rule id: ${unknown.join(', ')} (see trailguard rules)`);
  const rules = selected.length > 0 ? RULES.filter((rule) => selected.includes(rule.id)) : RULES;

  // --stage (issue 11.5): the stage's engine and per-day outcomes; undefined without --stage.
  const staged = replayStage(values, rules);
  const publicPorts = portsFlag('public-ports', values['public-ports']);

  const out = new LineWriter(io.stdout);
  const table = format === 'table' ? new ReplayTableReport(top) : undefined;
  let files = 0;
  let worst = -1;
  const emitFinding = (finding: Finding): void => {
    worst = Math.max(worst, severityRank(finding.severity));
    if (table) table.addFinding({ finding });
    else if (html) html.finding(finding);
    else out.line(JSON.stringify(finding));
  };
  const emitInvalid = (entry: InvalidEntry): void => {
    if (table) table.addInvalid(entry);
    else if (html) html.addInvalid(entry);
    else out.line(JSON.stringify(entry));
  };
  const finish = (summary: ReplaySummary): number => {
    if (io.stderrIsTty && summary.seconds >= 0.5) io.stderr('\r\x1b[K');
    const stage = staged?.summary();
    if (table) for (const line of [...table.render(summary, files), ...(stage ? staged!.table(stage) : [])]) out.line(line);
    else if (html) {
      const page = html.finish(stage ? { ...summary, stage } : summary);
      if (page !== undefined) io.stdout(page);
    } else out.line(JSON.stringify(stage ? { ...summary, stage } : summary));
    out.flush();
    return failOn !== undefined && worst >= severityRank(failOn) ? 1 : 0;
  };

  // --workers and s3:// (issues 11.8, 11.9): worker threads and/or objects fetched from S3, merged in input order.
  if (parallel.async) {
    return parallel.run(
      { ruleIds: selected.length > 0 ? selected : undefined, publicPorts, ownPrincipals: values['own-principal'], stage: values.stage, config: values.config },
      (result) => {
        files++;
        for (const finding of result.findings) emitFinding(finding);
        for (const entry of result.invalid) emitInvalid(entry);
        for (const event of result.events) staged?.addEvent(event);
      },
      staged !== undefined,
    ).then(finish);
  }

  const engine = staged?.engine() ?? new Engine({ rules, publicPorts, ownPrincipals: values['own-principal'] });
  const counted = (function* () {
    for (const file of historyFiles(localPaths)) {
      files++;
      yield file;
    }
  })();

  const summary = replay({
    engine,
    files: counted,
    onFinding: (evaluated) => emitFinding(evaluated.finding),
    ...(staged ? { onEvaluation: staged.onEvaluation } : {}),
    onInvalid: emitInvalid,
    ...(io.stderrIsTty
      ? {
          onProgress: (p) =>
            io.stderr(`\rreplay: ${p.files} files, ${p.events} events, ${p.findings} findings, ${p.seconds.toFixed(1)} s`),
        }
      : {}),
  });
  return finish(summary);
};
