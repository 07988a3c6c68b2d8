import type { EvaluatedFinding, Evaluation } from '../engine';
import type { Finding, InvalidEntry } from '../finding';
import { SeenIds, fingerprint } from '../history/seen-ids';
import type { ReplayOptions, ReplaySummary } from '../replay';

/*
 * A distributed backtest replays each batch of objects on its own (one Lambda invocation, the same `replay()` a
 * local run uses), then one merge step adds the batches up. Within a batch everything is exact, duplicates
 * included. Across batches, an eventID seen in an earlier batch must not report its findings again: each batch
 * therefore hands on the 64-bit fingerprint (lib/history/seen-ids.ts) of every event a rule's pattern selected,
 * with what was reported about it. Only those: the merge's memory then grows with the matched events (a small
 * share of any history), not with the terabytes. The price is stated where it is paid: an event no rule selects
 * that two batches both hold is counted twice in `events` (or `filtered`) instead of once in `duplicates`.
 */

/** Version of the partial format; the merge refuses another one (a worker and a merge step of different deployments). */
export const PARTIAL_VERSION = 1;

/** One entry a batch reported, `event` being the index of its matched event (or -1 when about an input). */
export interface PartialEntry {
  readonly event: number;
  readonly finding?: Finding;
  readonly invalid?: InvalidEntry;
}

/** What one batch gave: its summary, the fingerprints of its matched events and its entries, in order. */
export interface Partial {
  readonly type: 'partial';
  readonly version: number;
  /** The batch's own summary, duplicates within the batch already counted once. */
  readonly summary: ReplaySummary;
  /** Two 32-bit words per matched event, base64 of a little-endian Uint32Array. */
  readonly matched: string;
  readonly entries: readonly PartialEntry[];
}

/**
 * Collects what `replay()` reports about one batch into a Partial: pass `callbacks` to replay, then `partial()`
 * with the summary it returned.
 */
export class PartialRecorder {
  private readonly ids: number[] = [];
  private readonly entries: PartialEntry[] = [];
  /** replay's event number → index among this batch's matched events. */
  private readonly matchedIndex = new Map<number, number>();
  /** The event being evaluated: replay evaluates each kept event right after announcing its id. */
  private lastEvent = -1;
  private lastEventId = '';
  private distinct = 0;
  private readonly print = new Uint32Array(2);

  public readonly callbacks: Pick<ReplayOptions, 'onEventId' | 'onEvaluation' | 'onFinding' | 'onInvalid'> = {
    onEventId: (eventId: string, filtered: string | undefined) => {
      const number = this.distinct++;
      if (filtered !== undefined) return;
      this.lastEvent = number;
      this.lastEventId = eventId;
    },
    onEvaluation: (_evaluation: Evaluation, event: number) => this.matchOf(event),
    onFinding: (evaluated: EvaluatedFinding, event: number) => {
      this.entries.push({ event: this.matchOf(event), finding: evaluated.finding });
    },
    onInvalid: (invalid: InvalidEntry, event?: number) => {
      this.entries.push({ event: event === undefined ? -1 : this.matchOf(event), invalid });
    },
  };

  private matchOf(event: number): number {
    let index = this.matchedIndex.get(event);
    if (index !== undefined) return index;
    index = this.ids.length / 2;
    if (event !== this.lastEvent) throw new Error(`replay reported event ${event} while event ${this.lastEvent} was being evaluated`);
    fingerprint(this.lastEventId, this.print);
    this.ids.push(this.print[0]!, this.print[1]!);
    // Everything about an event is reported while it is evaluated: earlier numbers never come back.
    this.matchedIndex.clear();
    this.matchedIndex.set(event, index);
    return index;
  }

  public partial(summary: ReplaySummary): Partial {
    const words = Uint32Array.from(this.ids);
    return {
      type: 'partial',
      version: PARTIAL_VERSION,
      summary,
      matched: Buffer.from(words.buffer, words.byteOffset, words.byteLength).toString('base64'),
      entries: this.entries,
    };
  }
}

/** The fingerprints a partial carries. */
const matchedIds = (partial: Partial): Uint32Array => {
  const bytes = Buffer.from(partial.matched, 'base64');
  if (bytes.length % 8 !== 0) throw new Error(`partial's matched fingerprints are ${bytes.length} bytes, not a multiple of 8`);
  const words = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < words.length; i++) words[i] = bytes.readUInt32LE(i * 4);
  return words;
};

const add = (into: Record<string, number>, from: Readonly<Record<string, number>>, sign = 1): void => {
  for (const [key, count] of Object.entries(from)) {
    const total = (into[key] ?? 0) + sign * count;
    if (total === 0) delete into[key];
    else into[key] = total;
  }
};

/** Where merged entries go, in batch order. */
export interface PartialSink {
  readonly finding: (finding: Finding) => void;
  readonly invalid: (entry: InvalidEntry) => void;
}

/**
 * Adds partials up in batch order (the order a local run reads the same objects in): an event selected in an
 * earlier batch is a duplicate, and what its own batch reported about it is dropped. Counts are what one pass
 * gives, but for the one case the partial format leaves out (see above).
 */
export class PartialMerger {
  private readonly seen = new SeenIds();
  private files = 0;
  private events = 0;
  private matched = 0;
  private findings = 0;
  private invalid = 0;
  private insights = 0;
  private duplicates = 0;
  private batches = 0;
  private readonly filtered: Record<string, number> = {};
  private readonly skipped: Record<string, number> = {};
  private readonly byCategory: Record<string, number> = {};

  public constructor(private readonly sink: PartialSink) {}

  public add(partial: Partial, source = 'partial'): void {
    if (partial.type !== 'partial' || partial.version !== PARTIAL_VERSION) {
      throw new Error(`${source} is not a version ${PARTIAL_VERSION} backtest partial (got type ${JSON.stringify(partial.type)}, version ${JSON.stringify(partial.version)}): worker and merge step come from different deployments`);
    }
    const { summary } = partial;
    this.batches++;
    this.files += summary.files;
    this.events += summary.events;
    this.matched += summary.matched;
    this.insights += summary.insights;
    this.duplicates += summary.duplicates;
    add(this.filtered, summary.filtered);
    add(this.skipped, summary.skipped);
    const ids = matchedIds(partial);
    const duplicate = new Uint8Array(ids.length / 2);
    for (let event = 0; event < duplicate.length; event++) {
      if (this.seen.addFingerprint(ids[event * 2]!, ids[event * 2 + 1]!)) continue;
      duplicate[event] = 1;
      this.events--;
      this.matched--;
      this.duplicates++;
    }
    const byCategory: Record<string, number> = {};
    for (const entry of partial.entries) {
      if (entry.event >= 0 && duplicate[entry.event]) continue;
      if (entry.finding) {
        this.findings++;
        byCategory[entry.finding.category] = (byCategory[entry.finding.category] ?? 0) + 1;
        this.sink.finding(entry.finding);
      } else if (entry.invalid) {
        this.invalid++;
        this.sink.invalid(entry.invalid);
      }
    }
    add(this.byCategory, byCategory);
  }

  /** Batches merged so far. */
  public get count(): number {
    return this.batches;
  }

  /** `extraSkipped`: what the listing left out before any batch existed (the CLI's pruning). */
  public summary(seconds: number, extraSkipped: Readonly<Record<string, number>> = {}): ReplaySummary {
    const skipped = { ...this.skipped };
    add(skipped, extraSkipped);
    return {
      type: 'summary',
      files: this.files,
      events: this.events,
      matched: this.matched,
      findings: this.findings,
      invalid: this.invalid,
      insights: this.insights,
      duplicates: this.duplicates,
      filtered: { ...this.filtered },
      skipped,
      byCategory: { ...this.byCategory },
      seconds,
    };
  }
}
