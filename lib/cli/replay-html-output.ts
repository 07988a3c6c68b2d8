import { writeFileSync } from 'node:fs';
import type { Finding, InvalidEntry } from '../finding';
import { renderHtmlReport, type ReportSummary } from '../report/html';
import { UsageError } from './args';

/** `replay --format html [--out FILE]`: keeps what the page lists, then writes one self-contained file. */
export class HtmlOutput {
  private readonly findings: Finding[] = [];
  private readonly invalid: InvalidEntry[] = [];

  public constructor(
    private readonly out: string | undefined,
    private readonly source: string,
  ) {}

  public static fromFlags(format: string, out: string | undefined, source: string): HtmlOutput | undefined {
    if (format !== 'html') {
      if (out !== undefined) throw new UsageError('--out is for --format html');
      return undefined;
    }
    return new HtmlOutput(out, source);
  }

  public finding(finding: Finding): void {
    this.findings.push(finding);
  }

  public addInvalid(entry: InvalidEntry): void {
    this.invalid.push(entry);
  }

  /** Writes the report to --out, or returns it for stdout. */
  public finish(summary: ReportSummary): string | undefined {
    const html = renderHtmlReport({ findings: this.findings, invalid: this.invalid, summary, source: this.source });
    if (this.out === undefined) return html;
    writeFileSync(this.out, html);
    return undefined;
  }
}
