import type { EvaluatedFinding } from '../engine';
import type { Finding, InvalidEntry } from '../finding';
import type { ReplaySummary } from '../replay';
import { CATEGORIES, SEVERITIES, severityRank } from '../rule';
import { clean } from '../text';
import { columns } from './output';

const MAX_INVALID_SHOWN = 10;

/** ARNs carry the account twice in a table row; the account column already says it. */
const shortActor = (actor: string): string => actor.replace(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:/, '');

const remediationCell = (finding: Finding): string => {
  const { action, status, detail } = finding.remediation;
  if (action === 'none') return '-';
  const target =
    (detail.securityGroupRuleIds as string[] | undefined)?.join(',') ??
    (detail.ipPermissions ? `${(detail.ipPermissions as unknown[]).length} permission(s)` : undefined) ??
    (detail.trail as string | undefined) ??
    '';
  return `${action} ${status}${target ? ` (${target})` : ''}`;
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

  public constructor(private readonly topLimit: number) {}

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

  public render(summary: ReplaySummary, files: number): string[] {
    const lines = [
      `trailguard replay: ${summary.events} events from ${files} file(s) in ${summary.seconds.toFixed(2)} s`,
      `  ${summary.matched} selected by a rule pattern, ${summary.findings} findings, ${summary.invalid} invalid`,
      '',
    ];
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
      const findingRows: string[][] = [['SEVERITY', 'TIME', 'ACCOUNT', 'REGION', 'CATEGORY', 'ACTOR', 'SOURCE IP', 'RESOURCE', 'REMEDIATION']];
      for (const f of this.top) {
        findingRows.push([
          f.severity,
          f.eventTime,
          f.account,
          f.region,
          f.category,
          clean(shortActor(f.actor), 48),
          clean(f.sourceIp, 40),
          clean(f.resources.join(','), 48) || '-',
          clean(remediationCell(f), 72),
        ]);
      }
      lines.push(...columns(findingRows));
    }
    if (this.invalidCount > 0) {
      lines.push('', `Invalid input (${this.invalidCount}; skipped, the run went on):`);
      for (const entry of this.invalid) lines.push(`  ${clean(entry.source, 160)}: ${clean(entry.reason, 200)}`);
      if (this.invalidCount > this.invalid.length) lines.push(`  … ${this.invalidCount - this.invalid.length} more (--format ndjson lists all)`);
    }
    return lines;
  }
}
