import type { Readable } from 'node:stream';

/** Where the CLI writes; tests pass in-memory sinks. */
export interface CliIo {
  /** What `-` reads (default: the process's stdin). */
  readonly stdin?: Readable;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stderr is a terminal: progress lines are only worth drawing there. */
  readonly stderrIsTty: boolean;
  /** Width of the terminal stdout goes to, when it is one: the findings table is fitted to it. */
  readonly columns?: number;
}

/**
 * Batches lines into large writes: one write per finding would cost more than evaluating the event.
 */
export class LineWriter {
  private buffer = '';

  public constructor(
    private readonly write: (text: string) => void,
    private readonly highWater = 64 * 1024,
  ) {}

  public line(text: string): void {
    this.buffer += `${text}\n`;
    if (this.buffer.length >= this.highWater) this.flush();
  }

  public flush(): void {
    if (this.buffer.length === 0) return;
    const text = this.buffer;
    this.buffer = '';
    this.write(text);
  }
}

/** Lays out rows as left-aligned columns separated by two spaces (numbers right-aligned). */
export const columns = (rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number> = new Set()): string[] => {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
};
