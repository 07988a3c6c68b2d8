import type { EventBridgeEnvelope } from './envelope';
import { isObject, type CloudTrailRecord } from './record';

// EventBridge's delivery rules, the one place they are written: after a rule's pattern selects an event, the
// default bus still withholds read-only management calls from most rules and drops events over its size limit.
// The Lambda path and replay (lib/engine.ts) and the pattern tester (lib/match.ts) both deliver through here.

/** EventBridge's limit on an event's size: larger CloudTrail events never reach a rule. */
export const MAX_ENVELOPE_BYTES = 256 * 1024;

/**
 * An event's size as EventBridge counts it against that limit (the PutEvents entry size): 14 bytes for the time,
 * plus the UTF-8 bytes of source, detail-type, the detail as JSON and each resource.
 */
export const eventBridgeSize = (envelope: EventBridgeEnvelope<unknown>, detailJson = JSON.stringify(envelope.detail)): number => {
  let size = 14 + Buffer.byteLength(envelope.source) + Buffer.byteLength(envelope['detail-type']) + Buffer.byteLength(detailJson);
  for (const resource of envelope.resources ?? []) if (typeof resource === 'string') size += Buffer.byteLength(resource);
  return size;
};

/**
 * An upper bound on the UTF-8 bytes of `value` as JSON, computed without serialising it; stops as soon as it
 * passes `budget` (the caller then measures exactly). Each UTF-16 unit of a string costs at most 6 bytes (a
 * `\u00XX` escape; non-ASCII characters take at most 3 bytes per unit in UTF-8).
 */
const jsonBytesBound = (value: unknown, budget: number): number => {
  if (typeof value === 'string') return value.length * 6 + 2;
  if (typeof value !== 'object' || value === null) return 24;
  let total = 2;
  if (Array.isArray(value)) {
    for (const element of value) {
      total += jsonBytesBound(element, budget - total) + 1;
      if (total > budget) return total;
    }
    return total;
  }
  for (const key in value) {
    total += key.length * 6 + 4 + jsonBytesBound((value as Record<string, unknown>)[key], budget - total);
    if (total > budget) return total;
  }
  return total;
};

/**
 * The event's exact size when it is over `limit` bytes (EventBridge never delivers it), else undefined. Most
 * events are far below the limit: a bound computed without serialising settles those, and only events near or
 * over it are serialised and measured.
 */
export const oversizeBytes = (envelope: EventBridgeEnvelope<unknown>, limit = MAX_ENVELOPE_BYTES): number | undefined => {
  let bound = 14 + envelope.source.length * 3 + envelope['detail-type'].length * 3;
  for (const resource of envelope.resources ?? []) if (typeof resource === 'string') bound += resource.length * 3;
  bound += jsonBytesBound(envelope.detail, limit - bound);
  if (bound <= limit) return undefined;
  const exact = eventBridgeSize(envelope);
  return exact > limit ? exact : undefined;
};

const READ_ONLY_NAME = /^(Describe|Get|List)/;

/**
 * EventBridge's delivery filter: a read-only management API call whose name starts with Describe, Get or List
 * reaches only rules in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS. Read-only calls with other names
 * (LookupEvents, HeadBucket…) and data events are delivered to every rule. Records written before CloudTrail had
 * `readOnly` (eventVersion < 1.08 in some services) are judged by name alone.
 */
export const needsAllManagementEvents = (record: CloudTrailRecord): boolean =>
  (record.eventType === undefined || record.eventType === 'AwsApiCall') &&
  record.readOnly !== false &&
  record.managementEvent !== false &&
  record.eventCategory !== 'Data' &&
  typeof record.eventName === 'string' &&
  READ_ONLY_NAME.test(record.eventName);

/** What EventBridge does with an event whose patterns selected `selected`. */
export interface Delivery<K> {
  /** What the event reaches: all of `selected`, or for a read-only call only the keys that receive those. */
  readonly keys: readonly K[];
  /** The event's size when over the limit: then it reaches none of `keys` after all. */
  readonly oversizeBytes?: number;
}

/**
 * Applies EventBridge's delivery rules to the keys (rules, pattern names) whose patterns selected an event: a
 * read-only call (needsAllManagementEvents) reaches only keys in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS
 * (`receivesAllManagementEvents`), and an event over `maxBytes` reaches none. Only events some key still wants are
 * sized: sizing every event would cost more than parsing it. `maxBytes` Infinity skips the size rule (a Lambda
 * function's event was delivered by definition). Events from other sources pass the read-only rule untouched
 * unless their detail looks like a read-only CloudTrail call.
 */
export const deliver = <K>(
  envelope: EventBridgeEnvelope<unknown>,
  selected: readonly K[],
  receivesAllManagementEvents: (key: K) => boolean,
  maxBytes = MAX_ENVELOPE_BYTES,
): Delivery<K> => {
  const detail = envelope.detail;
  const keys = isObject(detail) && needsAllManagementEvents(detail as unknown as CloudTrailRecord) ? selected.filter(receivesAllManagementEvents) : selected;
  if (keys.length === 0 || maxBytes === Number.POSITIVE_INFINITY) return { keys };
  const bytes = oversizeBytes(envelope, maxBytes);
  return bytes === undefined ? { keys } : { keys, oversizeBytes: bytes };
};
