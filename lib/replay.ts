import { CLOUDTRAIL_DETAIL_TYPES, MAX_ENVELOPE_BYTES, type EventBridgeEnvelope } from './cloudtrail/envelope';
import { accountOf, type CloudTrailRecord } from './cloudtrail/record';
import type { Engine, EvaluatedFinding, Evaluation } from './engine';
import type { InvalidEntry } from './finding';
import type { HistoryFilter } from './history/filter';
import { describePosition, readHistoryInput, type HistoryInput, type HistoryVisitor, type Position } from './history/read';
import { SeenIds } from './history/seen-ids';

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
  /** Files and folders a directory walk left out, by reason. */
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
  readonly onFinding: (finding: EvaluatedFinding) => void;
  readonly onInvalid: (entry: InvalidEntry) => void;
  /** Sees every evaluation some rule's pattern selected (rule statistics). */
  readonly onEvaluation?: (evaluation: Evaluation) => void;
  /** Called between files at most every `progressEveryMs` (default 500 ms). */
  readonly onProgress?: (progress: ReplayProgress) => void;
  readonly progressEveryMs?: number;
}

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
  const seen = new SeenIds();
  const { filter } = options;
  const keep = (eventId: string, account: string, region: string, eventTime: string): boolean => {
    if (!seen.add(eventId)) {
      duplicates++;
      return false;
    }
    if (filter) {
      const reason = filter.rejects(account, region, eventTime);
      if (reason !== undefined) {
        filtered[reason] = (filtered[reason] ?? 0) + 1;
        return false;
      }
    }
    return true;
  };

  const reportInvalid = (source: string, reason: string, eventId?: string): void => {
    invalid++;
    onInvalid(eventId === undefined ? { type: 'invalid', source, reason } : { type: 'invalid', eventId, source, reason });
  };

  const take = (evaluation: Evaluation, eventId: string, file: string, kind: Position['kind'], n: number): void => {
    if (evaluation.matchedRules.length === 0) return;
    matched++;
    options.onEvaluation?.(evaluation);
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
      onFinding(evaluated);
    }
  };

  const visitor: HistoryVisitor = {
    record(record: CloudTrailRecord, file, kind, n) {
      if (!keep(record.eventID, accountOf(record), record.awsRegion, record.eventTime)) return;
      events++;
      take(engine.evaluateRecord(record), record.eventID, file, kind, n);
    },
    envelope(envelope: EventBridgeEnvelope<unknown>, file, kind, n) {
      const cloudtrail = CLOUDTRAIL_DETAIL_TYPES.has(envelope['detail-type']) ? (envelope as EventBridgeEnvelope<CloudTrailRecord>) : undefined;
      const eventId = cloudtrail ? cloudtrail.detail.eventID : String(envelope.id);
      const eventTime = cloudtrail ? cloudtrail.detail.eventTime : String(envelope.time);
      if (!keep(eventId, String(envelope.account), String(envelope.region), eventTime)) return;
      events++;
      // Events from other sources on the bus (GuardDuty, Health…) are history too, but no rule reads them.
      if (!cloudtrail) return;
      take(engine.evaluate(cloudtrail), eventId, file, kind, n);
    },
    invalid: reportInvalid,
    insight() {
      insights++;
    },
  };

  const every = options.progressEveryMs ?? 500;
  let files = 0;
  let lastProgress = started;
  for await (const file of options.files) {
    await readHistoryInput(file, visitor);
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
    skipped: { ...options.skipped },
    byCategory,
    seconds: Math.round(performance.now() - started) / 1000,
  };
};
