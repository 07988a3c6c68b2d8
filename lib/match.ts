import { deliver } from './cloudtrail/delivery';
import { detailTypeOf, toEnvelope, type EventBridgeEnvelope } from './cloudtrail/envelope';
import { readHistoryInput, type HistoryInput, type HistoryVisitor } from './history/read';
import type { PatternSet } from './pattern';

export interface MatchOptions<K> {
  readonly patterns: PatternSet<K>;
  readonly files: Iterable<HistoryInput> | AsyncIterable<HistoryInput>;
  /** Deliver read-only Describe/Get/List calls too (rule state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS). */
  readonly allManagementEvents: boolean;
  /** Called per matching event; serialising it is left to the caller, so a count serialises nothing. */
  readonly onMatch: (envelope: EventBridgeEnvelope<unknown>, keys: readonly K[]) => void;
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
 * replay, read-only CloudTrail calls reach only opted-in rules, and oversize events are never delivered. Every
 * EventBridge event is matched as given, whatever its source and detail (a pattern tester must not pre-judge).
 */
export const matchHistory = async <K>(options: MatchOptions<K>): Promise<MatchTotals> => {
  let events = 0;
  let matched = 0;
  let oversize = 0;
  let invalid = 0;
  const receivesAllManagementEvents = (): boolean => options.allManagementEvents;

  const consider = (envelope: EventBridgeEnvelope<unknown>): void => {
    events++;
    const selected = options.patterns.match(envelope);
    if (selected.length === 0) return;
    const delivery = deliver(envelope, selected, receivesAllManagementEvents);
    if (delivery.keys.length === 0) return;
    if (delivery.oversizeBytes !== undefined) {
      oversize++;
      return;
    }
    matched++;
    options.onMatch(envelope, delivery.keys);
  };

  const visitor: HistoryVisitor = {
    anyEnvelope: true,
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
    insight() {
      // An Insights record outside an EventBridge event has no source EventBridge would give it: not matched.
      events++;
    },
  };
  for await (const file of options.files) await readHistoryInput(file, visitor);
  return { events, matched, oversize, invalid };
};
