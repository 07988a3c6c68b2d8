import { CLOUDTRAIL_DETAIL_TYPES, MAX_ENVELOPE_BYTES, type EventBridgeEnvelope } from './cloudtrail/envelope';
import type { CloudTrailRecord } from './cloudtrail/record';
import type { Engine, EvaluatedFinding, Evaluation } from './engine';
import type { InvalidEntry } from './finding';
import { describePosition, readHistoryFile, type HistoryVisitor, type Position } from './history/read';

export interface ReplaySummary {
  readonly type: 'summary';
  /** Events read (records and EventBridge events), whether or not any rule wanted them. */
  readonly events: number;
  /** Events at least one rule's pattern selected and EventBridge would have delivered. */
  readonly matched: number;
  readonly findings: number;
  readonly invalid: number;
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
  readonly files: Iterable<string>;
  readonly onFinding: (finding: EvaluatedFinding) => void;
  readonly onInvalid: (entry: InvalidEntry) => void;
  /** Sees every evaluation some rule's pattern selected (rule statistics). */
  readonly onEvaluation?: (evaluation: Evaluation) => void;
  /** Called between files at most every `progressEveryMs` (default 500 ms). */
  readonly onProgress?: (progress: ReplayProgress) => void;
  readonly progressEveryMs?: number;
  /** Reads one named input (default: the local file); S3 objects and worker tasks pass their fetched text. */
  readonly read?: (file: string, visitor: HistoryVisitor) => void;
}

/**
 * Backtests the engine over history: the Lambda path up to the remediation plan, without AWS. Files are read one
 * at a time and each file's records are dropped once evaluated, so memory stays flat in the number of files.
 */
export const replay = (options: ReplayOptions): ReplaySummary => {
  const { engine, onFinding, onInvalid, onProgress } = options;
  const started = performance.now();
  const byCategory: Record<string, number> = {};
  let events = 0;
  let matched = 0;
  let findings = 0;
  let invalid = 0;

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
      events++;
      take(engine.evaluateRecord(record), record.eventID, file, kind, n);
    },
    envelope(envelope: EventBridgeEnvelope<unknown>, file, kind, n) {
      events++;
      // Events from other sources on the bus (GuardDuty, Health…) are history too, but no rule reads them.
      if (!CLOUDTRAIL_DETAIL_TYPES.has(envelope['detail-type'])) return;
      const cloudtrail = envelope as EventBridgeEnvelope<CloudTrailRecord>;
      take(engine.evaluate(cloudtrail), cloudtrail.detail.eventID, file, kind, n);
    },
    invalid: reportInvalid,
  };

  const every = options.progressEveryMs ?? 500;
  let files = 0;
  let lastProgress = started;
  for (const file of options.files) {
    (options.read ?? readHistoryFile)(file, visitor);
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
    events,
    matched,
    findings,
    invalid,
    byCategory,
    seconds: Math.round(performance.now() - started) / 1000,
  };
};
