import { MAX_ENVELOPE_BYTES } from './cloudtrail/delivery';
import { CLOUDTRAIL_DETAIL_TYPES, type EventBridgeEnvelope } from './cloudtrail/envelope';
import { accountOf, type CloudTrailRecord } from './cloudtrail/record';
import type { Engine, EvaluatedFinding, Evaluation } from './engine';
import type { InvalidEntry } from './finding';
import type { HistoryFilter } from './history/filter';
import { describePosition, readHistoryInput, type HistoryInput, type HistoryVisitor, type Position } from './history/read';
import { SeenIds, fingerprint } from './history/seen-ids';

export interface ReplaySummary {
  readonly type: 'summary';
  /** Inputs read (files, stdin, streams). */
  readonly files: number;
  /** Events read (records and EventBridge events), whether or not any rule wanted them; duplicates count once. */
  readonly events: number;
  /** Events at least one rule's pattern selected and EventBridge would have delivered. */
  readonly matched: number;
  readonly findings: number;
  readonly invalid: number;
  /** CloudTrail Insights records: recognised, not evaluated (no rule reads them). */
  readonly insights: number;
  /** Events whose eventID was already seen (an organization trail and an account trail over one account). */
  readonly duplicates: number;
  /** Events left out by --start/--end, --account or --region, by which filter. */
  readonly filtered: Readonly<Record<string, number>>;
  /** Files and folders a directory walk left out, and inputs that hold no events by design (digests), by reason. */
  readonly skipped: Readonly<Record<string, number>>;
  readonly byCategory: Readonly<Record<string, number>>;
  readonly seconds: number;
}

export interface ReplayProgress {
  readonly files: number;
  readonly events: number;
  readonly findings: number;
  readonly seconds: number;
}

export interface ReplayOptions {
  readonly engine: Engine;
  readonly files: Iterable<HistoryInput> | AsyncIterable<HistoryInput>;
  /** Keeps only the events it accepts. */
  readonly filter?: HistoryFilter;
  /** Filled by the directory walk while the run goes on; copied into the summary at the end. */
  readonly skipped?: Readonly<Record<string, number>>;
  /** `event` numbers the events of this run as `onEventId` saw them (from 0). */
  readonly onFinding: (finding: EvaluatedFinding, event: number) => void;
  /** `event` is set when the entry is about one event (oversize, a classifier error), not about the input. */
  readonly onInvalid: (entry: InvalidEntry, event?: number) => void;
  /** Sees every evaluation some rule's pattern selected (rule statistics, stage outcomes). */
  readonly onEvaluation?: (evaluation: Evaluation, event: number) => void;
  /**
   * Sees each event whose eventID was new to this run, in order, with the filter's reason when it left the event
   * out: worker threads hand these on so the main thread can find the duplicates across their files. `h1` and
   * `h2` are the id's fingerprint (lib/history/seen-ids.ts), which this run computed already for its own dedup.
   */
  readonly onEventId?: (eventId: string, filtered: string | undefined, h1: number, h2: number) => void;
  /** Reads one input (default readHistoryInput: a local path, `-`, or a named buffer or stream). */
  readonly read?: (input: HistoryInput, visitor: HistoryVisitor) => Promise<void>;
  /** Called between files at most every `progressEveryMs` (default 500 ms). */
  readonly onProgress?: (progress: ReplayProgress) => void;
  readonly progressEveryMs?: number;
}

/** Adds each count of `from` to `into`; returns `into`. */
export const addCounts = (into: Record<string, number>, from: Readonly<Record<string, number>>): Record<string, number> => {
  for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
  return into;
};

/**
 * Backtests the engine over history: the Lambda path up to the remediation plan, without AWS. Files are read one
 * at a time and each file's records are dropped once evaluated, so memory stays flat in the number of files.
 */
export const replay = async (options: ReplayOptions): Promise<ReplaySummary> => {
  const { engine, onFinding, onInvalid, onProgress } = options;
  const started = performance.now();
  const byCategory: Record<string, number> = {};
  let events = 0;
  let matched = 0;
  let findings = 0;
  let invalid = 0;
  let insights = 0;
  let duplicates = 0;
  const filtered: Record<string, number> = {};
  /** Inputs known by their content to hold no events (digest files), by reason. */
  const skippedByContent: Record<string, number> = {};
  const seen = new SeenIds();
  const { filter, onEventId } = options;
  // The number of the event being evaluated (-1 between events), so entries about it can say so.
  let event = -1;
  let distinct = 0;
  const print = new Uint32Array(2);
  const keep = (eventId: string, account: string, region: string, eventTime: string): boolean => {
    fingerprint(eventId, print);
    const h1 = print[0]!;
    const h2 = print[1]!;
    if (!seen.addFingerprint(h1, h2)) {
      duplicates++;
      return false;
    }
    const reason = filter?.rejects(account, region, eventTime);
    onEventId?.(eventId, reason, h1, h2);
    const number = distinct++;
    if (reason !== undefined) {
      filtered[reason] = (filtered[reason] ?? 0) + 1;
      return false;
    }
    event = number;
    return true;
  };

  const reportInvalid = (source: string, reason: string, eventId?: string): void => {
    invalid++;
    const entry: InvalidEntry = eventId === undefined ? { type: 'invalid', source, reason } : { type: 'invalid', eventId, source, reason };
    if (event >= 0) onInvalid(entry, event);
    else onInvalid(entry);
  };

  const take = (evaluation: Evaluation, eventId: string, file: string, kind: Position['kind'], n: number): void => {
    if (evaluation.matchedRules.length === 0) return;
    matched++;
    options.onEvaluation?.(evaluation, event);
    if (evaluation.oversizeBytes !== undefined) {
      reportInvalid(
        describePosition(file, kind, n),
        `event is ${evaluation.oversizeBytes} bytes as an EventBridge event, over the ${MAX_ENVELOPE_BYTES}-byte limit: EventBridge never delivers it, so no rule would see it`,
        eventId,
      );
    }
    for (const error of evaluation.errors) reportInvalid(describePosition(file, kind, n), error.message, eventId);
    for (const evaluated of evaluation.findings) {
      findings++;
      const category = evaluated.finding.category;
      byCategory[category] = (byCategory[category] ?? 0) + 1;
      onFinding(evaluated, event);
    }
  };

  const visitor: HistoryVisitor = {
    record(record: CloudTrailRecord, file, kind, n) {
      if (!keep(record.eventID, accountOf(record), record.awsRegion, record.eventTime)) return;
      events++;
      take(engine.evaluateRecord(record), record.eventID, file, kind, n);
      event = -1;
    },
    envelope(envelope: EventBridgeEnvelope<unknown>, file, kind, n) {
      const cloudtrail = CLOUDTRAIL_DETAIL_TYPES.has(envelope['detail-type']) ? (envelope as EventBridgeEnvelope<CloudTrailRecord>) : undefined;
      const eventId = cloudtrail ? cloudtrail.detail.eventID : String(envelope.id);
      const eventTime = cloudtrail ? cloudtrail.detail.eventTime : String(envelope.time);
      if (!keep(eventId, String(envelope.account), String(envelope.region), eventTime)) return;
      events++;
      // Events from other sources on the bus (GuardDuty, Health…) are history too, but no rule reads them.
      if (!cloudtrail) {
        event = -1;
        return;
      }
      take(engine.evaluate(cloudtrail), eventId, file, kind, n);
      event = -1;
    },
    invalid: reportInvalid,
    insight() {
      insights++;
    },
    skip(_source, reason) {
      skippedByContent[reason] = (skippedByContent[reason] ?? 0) + 1;
    },
  };

  const every = options.progressEveryMs ?? 500;
  let files = 0;
  let lastProgress = started;
  const read = options.read ?? ((input: HistoryInput, into: HistoryVisitor) => readHistoryInput(input, into));
  for await (const file of options.files) {
    await read(file, visitor);
    files++;
    if (onProgress) {
      const now = performance.now();
      if (now - lastProgress >= every) {
        lastProgress = now;
        onProgress({ files, events, findings, seconds: (now - started) / 1000 });
      }
    }
  }

  return {
    type: 'summary',
    files,
    events,
    matched,
    findings,
    invalid,
    insights,
    duplicates,
    filtered,
    skipped: addCounts({ ...options.skipped }, skippedByContent),
    byCategory,
    seconds: Math.round(performance.now() - started) / 1000,
  };
};
