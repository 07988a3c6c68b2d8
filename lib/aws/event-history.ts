import { LookupEventsCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { withRetry, type RetryOptions } from './retry';
import { isObject, str, type JsonObject } from '../cloudtrail/record';

/** One event of CloudTrail's event history, its record parsed. */
export interface HistoryEvent {
  readonly record: JsonObject;
  readonly eventId?: string;
  readonly eventName?: string;
  readonly eventTime?: Date;
}

/** How a walk back through one resource's history ended. */
export type HistoryWalk<T> =
  | { readonly kind: 'found'; readonly value: T; readonly read: number }
  /** `exhausted`: CloudTrail has nothing older (90 days); otherwise the page limit stopped the walk. */
  | { readonly kind: 'not-found'; readonly read: number; readonly exhausted: boolean }
  | { readonly kind: 'unreadable'; readonly error: unknown };

/**
 * Walks the events CloudTrail's event history (LookupEvents, this client's region, 90 days) holds on one resource,
 * newest first, up to the moment `before`, and returns the first value `pick` gives. CloudTrail times have
 * one-second precision: the walk includes `before`'s own second, then skips events after it. Callers (the live
 * half of an action, live only) get the event's parsed record; unparsable records are skipped.
 */
export const walkResourceHistory = async <T>(
  cloudtrail: CloudTrailClient,
  query: { readonly resourceName: string; readonly before: Date; readonly pageLimit: number },
  pick: (event: HistoryEvent) => T | undefined,
  retry?: RetryOptions,
): Promise<HistoryWalk<T>> => {
  const endTime = new Date(query.before.getTime() + 1000);
  let nextToken: string | undefined;
  let read = 0;
  for (let page = 0; page < query.pageLimit; page++) {
    let output;
    try {
      ({ result: output } = await withRetry(
        () =>
          cloudtrail.send(
            new LookupEventsCommand({
              LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: query.resourceName }],
              EndTime: endTime,
              MaxResults: 50,
              ...(nextToken ? { NextToken: nextToken } : {}),
            }),
          ),
        retry,
      ));
    } catch (error) {
      return { kind: 'unreadable', error };
    }
    for (const event of output.Events ?? []) {
      read++;
      let record: unknown;
      try {
        record = JSON.parse(event.CloudTrailEvent ?? '');
      } catch {
        continue;
      }
      if (!isObject(record)) continue;
      const time = Date.parse(str(record.eventTime) ?? '');
      if (!Number.isNaN(time) && time > query.before.getTime()) continue;
      const value = pick({
        record,
        ...(event.EventId ? { eventId: event.EventId } : {}),
        ...(event.EventName ? { eventName: event.EventName } : {}),
        ...(event.EventTime ? { eventTime: event.EventTime } : {}),
      });
      if (value !== undefined) return { kind: 'found', value, read };
    }
    nextToken = output.NextToken;
    if (!nextToken) return { kind: 'not-found', read, exhausted: true };
  }
  return { kind: 'not-found', read, exhausted: false };
};
