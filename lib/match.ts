import {
  MAX_ENVELOPE_BYTES,
  detailTypeOf,
  eventBridgeSize,
  needsAllManagementEvents,
  toEnvelope,
  type EventBridgeEnvelope,
} from './cloudtrail/envelope';
import type { CloudTrailRecord } from './cloudtrail/record';
import { isObject } from './cloudtrail/record';
import { readHistoryFile, type HistoryVisitor } from './history/read';
import type { PatternSet } from './pattern';

export interface MatchOptions<K> {
  readonly patterns: PatternSet<K>;
  readonly files: Iterable<string>;
  /** Deliver read-only Describe/Get/List calls too (rule state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS). */
  readonly allManagementEvents: boolean;
  readonly onMatch: (envelope: EventBridgeEnvelope<unknown>, keys: readonly K[], serialized: string) => void;
  readonly onInvalid: (source: string, reason: string) => void;
}

export interface MatchTotals {
  readonly events: number;
  readonly matched: number;
  /** Events the patterns selected that EventBridge would not deliver (over 256 KB). */
  readonly oversize: number;
  readonly invalid: number;
}

/**
 * Runs EventBridge patterns over history the way the default bus would: records become envelopes exactly as in
 * replay, read-only calls reach only opted-in rules, and oversize events are never delivered.
 */
export const matchHistory = <K>(options: MatchOptions<K>): MatchTotals => {
  let events = 0;
  let matched = 0;
  let oversize = 0;
  let invalid = 0;

  const consider = (envelope: EventBridgeEnvelope<unknown>): void => {
    events++;
    const keys = options.patterns.match(envelope);
    if (keys.length === 0) return;
    const detail = envelope.detail;
    if (!options.allManagementEvents && isObject(detail) && 'eventName' in detail && needsAllManagementEvents(detail as CloudTrailRecord)) {
      return;
    }
    const serialized = JSON.stringify(envelope);
    if (eventBridgeSize(envelope) > MAX_ENVELOPE_BYTES) {
      oversize++;
      return;
    }
    matched++;
    options.onMatch(envelope, keys, serialized);
  };

  const visitor: HistoryVisitor = {
    record(record) {
      const detailType = detailTypeOf(record);
      if (detailType === undefined) {
        events++;
        return;
      }
      consider(toEnvelope(record, detailType));
    },
    envelope: consider,
    invalid(source, reason) {
      invalid++;
      options.onInvalid(source, reason);
    },
  };
  for (const file of options.files) readHistoryFile(file, visitor);
  return { events, matched, oversize, invalid };
};
