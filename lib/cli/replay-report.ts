import type { EvaluatedFinding } from '../engine';
import type { Finding, InvalidEntry } from '../finding';
import type { ReplaySummary } from '../replay';
import { CATEGORIES, SEVERITIES, severityRank } from '../rule';
import { clean } from '../text';
import { columns } from './output';

const MAX_INVALID_SHOWN = 10;

/** ARNs carry the account twice in a table row; the account column already says it. */
const shortActor = (actor: string): string => actor.replace(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:/, '');

/** `alert only`, `revoke-ingress planned (sgr-…)`, or `restart-logging not-planned: <reason>`. */
export const remediationCell = (finding: Finding): string => {
  const { action, status, detail, reason } = finding.remediation;
  if (status === 'none' || (action === 'none' && status !== 'not-planned')) return 'alert only';
  if (status === 'not-planned') return `${action === 'none' ? 'remediation' : action} not-planned: ${reason ?? 'no reason given'}`;
  const target =
    (detail.securityGroupRuleIds as string[] | undefined)?.join(',') ??
    (detail.ipPermissions ? `${(detail.ipPermissions as unknown[]).length} permission(s)` : undefined) ??
    (detail.trail as string | undefined) ??
    '';
  return `${action} ${status}${target ? ` (${target})` : ''}`;
};

/**
 * How the findings table gives up width when a row is too wide for the terminal, step by step: cut a column to a
 * floor, or leave a column out (every column is in the ndjson output). The event name keeps its width longest.
 */
const NARROWING: readonly (readonly [number, number] | number)[] = [
  [9, 24], // REMEDIATION
  [8, 16], // RESOURCE
  [6, 16], // ACTOR
  [7, 15], // SOURCE IP
  [5, 14], // CATEGORY
  7, // drop SOURCE IP
  3, // drop REGION
  [9, 10],
  [8, 8],
  [6, 8],
  [5, 8],
  [1, 16], // TIME without seconds
  2, // drop ACCOUNT
  [4, 10], // EVENT
];

/** Cuts cells and leaves columns out until every row fits `width` characters (two spaces between columns). */
export const fitRows = (rows: string[][], width: number): string[][] => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const kept = new Set(widths.map((_, i) => i));
  const excess = (): number => [...kept].reduce((a, i) => a + widths[i]!, 0) + 2 * (kept.size - 1) - width;
  for (const step of NARROWING) {
    const over = excess();
    if (over <= 0) break;
    if (typeof step === 'number') {
      kept.delete(step);
      continue;
    }
    const [column, floor] = step;
    widths[column] = Math.max(Math.min(widths[column]!, floor), widths[column]! - over);
  }
  const columnsKept = [...kept];
  return rows.map((row) =>
    columnsKept.map((i) => {
      const cell = row[i]!;
      return cell.length > widths[i]! ? `${cell.slice(0, Math.max(1, widths[i]! - 1))}…` : cell;
    }),
  );
};

/** More severe first; within a severity, the earliest first, so the story reads in order. */
const moreImportant = (a: Finding, b: Finding): number =>
  severityRank(b.severity) - severityRank(a.severity) || (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0);

/**
 * The human report of a replay: counts by category and severity, then the most important findings. Keeps only
 * the counts and the top findings, so a history with millions of findings still reports in constant memory.
 */
export class ReplayTableReport {
  private readonly counts = new Map<string, number[]>();
  private readonly top: Finding[] = [];
  private readonly invalid: InvalidEntry[] = [];
  private invalidCount = 0;

  /** `width`: the terminal's columns; the findings table is cut to fit it (no limit when not a terminal). */
  public constructor(
    private readonly topLimit: number,
    private readonly width = Number.POSITIVE_INFINITY,
  ) {}

  public addFinding({ finding }: Pick<EvaluatedFinding, 'finding'>): void {
    const row = this.counts.get(finding.category) ?? [0, 0, 0, 0];
    row[severityRank(finding.severity)]! += 1;
    this.counts.set(finding.category, row);
    if (this.topLimit <= 0) return;
    if (this.top.length === this.topLimit && moreImportant(finding, this.top[this.top.length - 1]!) >= 0) return;
    let at = this.top.length;
    while (at > 0 && moreImportant(finding, this.top[at - 1]!) < 0) at--;
    this.top.splice(at, 0, finding);
    if (this.top.length > this.topLimit) this.top.pop();
  }

  public addInvalid(entry: InvalidEntry): void {
    this.invalidCount++;
    if (this.invalid.length < MAX_INVALID_SHOWN) this.invalid.push(entry);
  }

  public render(summary: ReplaySummary): string[] {
    const lines = [
      `trailguard replay: ${summary.events} events from ${summary.files} file(s) in ${summary.seconds.toFixed(2)} s`,
      `  ${summary.matched} selected by a rule pattern, ${summary.findings} findings, ${summary.invalid} invalid`,
    ];
    const extra: string[] = [];
    if (summary.duplicates > 0) extra.push(`${summary.duplicates} duplicate(s) counted once`);
    if (summary.insights > 0) extra.push(`${summary.insights} CloudTrail Insights record(s) (no rule reads them)`);
    for (const [filter, count] of Object.entries(summary.filtered)) extra.push(`${count} outside --${filter === 'time' ? 'start/--end' : filter}`);
    if (extra.length > 0) lines.push(`  ${extra.join(', ')}`);
    for (const [reason, count] of Object.entries(summary.skipped)) lines.push(`  skipped ${count}: ${reason}`);
    lines.push('');
    if (summary.findings === 0) {
      lines.push('No findings.');
    } else {
      const severities = [...SEVERITIES].reverse();
      const rows: string[][] = [['CATEGORY', ...severities, 'TOTAL']];
      for (const category of CATEGORIES) {
        const counts = this.counts.get(category);
        if (!counts) continue;
        const bySeverity = severities.map((s) => String(counts[severityRank(s)] ?? 0));
        rows.push([category, ...bySeverity, String(counts.reduce((a, b) => a + b, 0))]);
      }
      lines.push(...columns(rows, new Set([1, 2, 3, 4, 5])), '');
      lines.push(`Most important findings (${this.top.length} of ${summary.findings}; --format ndjson lists all):`);
      const findingRows: string[][] = [['SEVERITY', 'TIME', 'ACCOUNT', 'REGION', 'EVENT', 'CATEGORY', 'ACTOR', 'SOURCE IP', 'RESOURCE', 'REMEDIATION']];
      for (const f of this.top) {
        findingRows.push([
          f.severity,
          f.eventTime,
          f.account,
          f.region,
          clean(f.eventName, 48),
          f.category,
          clean(shortActor(f.actor), 48),
          clean(f.sourceIp, 40),
          clean(f.resources.join(','), 48) || '-',
          clean(remediationCell(f), 96),
        ]);
      }
      lines.push(...columns(fitRows(findingRows, this.width)));
    }
    if (this.invalidCount > 0) {
      lines.push('', `Invalid input (${this.invalidCount}; skipped, the run went on):`);
      for (const entry of this.invalid) lines.push(`  ${clean(entry.source, 160)}: ${clean(entry.reason, 200)}`);
      if (this.invalidCount > this.invalid.length) lines.push(`  … ${this.invalidCount - this.invalid.length} more (--format ndjson lists all)`);
    }
    return lines;
  }
}
