import type { InvalidEntry } from '../finding';
import type { ReplaySummary } from '../replay';
import { clean } from '../text';

const MAX_REASONS = 5;

/**
 * Why a run read nothing usable, in words a user can act on: the invalid inputs grouped by kind of problem
 * (each with one example), and what the directory walk left out. Keeps one entry per kind, so memory is constant.
 */
export class InputDiagnosis {
  private readonly kinds = new Map<string, { count: number; example: InvalidEntry }>();

  public addInvalid(entry: InvalidEntry): void {
    const kind = entry.reason.split(':')[0]!.slice(0, 80);
    const known = this.kinds.get(kind);
    if (known) known.count++;
    else this.kinds.set(kind, { count: 1, example: entry });
  }

  /** The message for a run whose inputs a script must not take as clean, or undefined when they were fine. */
  public problem(summary: ReplaySummary, paths: readonly string[], strict: boolean): string | undefined {
    const filtered = Object.values(summary.filtered).reduce((a, b) => a + b, 0);
    const readSomething = summary.events + summary.insights + summary.duplicates + filtered > 0;
    if (readSomething && !(strict && summary.invalid > 0)) return undefined;
    const lines: string[] = [];
    const where = paths.map((path) => clean(path, 200)).join(', ');
    if (!readSomething) {
      lines.push(
        summary.files === 0
          ? `no history file in ${where}: nothing was read`
          : `no readable record in ${where}: ${summary.files} file(s) read, none held a CloudTrail record or EventBridge event`,
      );
    } else {
      lines.push(`--strict: ${summary.invalid} invalid input(s) in ${where}`);
    }
    const kinds = [...this.kinds].sort((a, b) => b[1].count - a[1].count);
    for (const [kind, { count, example }] of kinds.slice(0, MAX_REASONS)) {
      lines.push(`  ${count} x ${clean(kind, 80)} (e.g. ${clean(example.source, 160)}: ${clean(example.reason, 200)})`);
    }
    if (kinds.length > MAX_REASONS) lines.push(`  … ${kinds.length - MAX_REASONS} more kinds of problem (--format ndjson lists every invalid input)`);
    for (const [reason, count] of Object.entries(summary.skipped)) lines.push(`  skipped ${count} x ${reason}`);
    return lines.join('\n');
  }
}
