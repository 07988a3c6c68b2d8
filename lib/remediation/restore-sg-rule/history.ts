import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { GetResourceConfigHistoryCommand, type ConfigServiceClient, type ConfigurationItem } from '@aws-sdk/client-config-service';
import { describeAwsError } from '../../aws/errors';
import { withRetry, type RetryOptions } from '../../aws/retry';
import { get, isObject, items, str, type JsonObject } from '../../cloudtrail/record';
import { walkResourceHistory } from '../../aws/event-history';
import { accessKey, configRules, ruleValuesOf, usableValues, type RuleValues } from './values';

/** What one history source said about a rule's values before the edit. */
export type HistoryAnswer =
  | {
      readonly found: true;
      readonly values: RuleValues;
      /** When the values were known to hold: Config's capture time, or the time of the event that set them. */
      readonly asOf: number;
      readonly facts: Readonly<Record<string, unknown>>;
    }
  | { readonly found: false; readonly why: string };

export interface HistoryQuery {
  readonly groupId: string;
  readonly ruleId: string;
  readonly egress: boolean;
  /** The edit's time: only history before it counts. */
  readonly before: Date;
  /** The edit's own CloudTrail event, never its own "previous" value. */
  readonly eventId: string;
  /** Every other rule of the group as it is now (what Config's snapshot is compared against). */
  readonly siblings: readonly RuleValues[];
}

/** GetResourceConfigHistory pages read at most: each spans seven days, so about half a year of quiet group. */
export const CONFIG_PAGE_LIMIT = 26;

/** LookupEvents pages read at most (50 events each): the API allows 2 calls a second per account and region. */
export const LOOKUP_PAGE_LIMIT = 5;

const unavailable = (source: string, error: unknown): { found: false; why: string } => {
  const { errorCode, errorMessage } = describeAwsError(error);
  return { found: false, why: `${source} could not be read (${errorCode}: ${errorMessage.slice(0, 200)})` };
};

/** Multiset difference by access: what `from` has that `minus` does not, counting duplicates. */
const difference = (from: readonly RuleValues[], minus: readonly RuleValues[]): RuleValues[] => {
  const left = new Map<string, number>();
  for (const rule of minus) left.set(accessKey(rule), (left.get(accessKey(rule)) ?? 0) + 1);
  return from.filter((rule) => {
    const count = left.get(accessKey(rule)) ?? 0;
    if (count === 0) return true;
    left.set(accessKey(rule), count - 1);
    return false;
  });
};

/**
 * The rule's values in the last AWS Config configuration item of the group captured before the edit. Config
 * items carry no rule ids, so the rule is found by elimination: of the group's rules (same direction) then, the
 * one no other rule has now. More or fewer than one such rule (several rules edited at once, rules removed since)
 * is ambiguous, and Config's answer is not used.
 */
export const fromConfigHistory = async (config: ConfigServiceClient, query: HistoryQuery, retry?: RetryOptions): Promise<HistoryAnswer> => {
  let item: ConfigurationItem | undefined;
  let nextToken: string | undefined;
  let pages = 0;
  try {
    // One call spans at most seven days of history, so an older item takes more pages (empty ones carry a token).
    do {
      const { result } = await withRetry(
        () =>
          config.send(
            new GetResourceConfigHistoryCommand({
              resourceType: 'AWS::EC2::SecurityGroup',
              resourceId: query.groupId,
              laterTime: query.before,
              chronologicalOrder: 'Reverse',
              limit: 1,
              ...(nextToken ? { nextToken } : {}),
            }),
          ),
        retry,
      );
      pages++;
      item = result.configurationItems?.[0];
      nextToken = result.nextToken;
    } while (!item && nextToken && pages < CONFIG_PAGE_LIMIT);
  } catch (error) {
    const code = describeAwsError(error).errorCode;
    if (code === 'ResourceNotDiscoveredException') return { found: false, why: 'AWS Config has not recorded this security group' };
    if (code === 'NoAvailableConfigurationRecorderException') return { found: false, why: 'AWS Config is not recording in this region' };
    return unavailable('AWS Config history', error);
  }
  if (!item) {
    const searched = nextToken ? ` in the ${pages * 7} days before the edit` : ' from before the edit';
    return { found: false, why: `AWS Config holds no configuration item of the group${searched}` };
  }
  // laterTime bounds the history; an item captured after the edit would hand back the edit's own values.
  if (item.configurationItemCaptureTime && item.configurationItemCaptureTime.getTime() > query.before.getTime()) {
    return { found: false, why: `AWS Config answered with an item captured after the edit (${item.configurationItemCaptureTime.toISOString()})` };
  }
  if (item.configurationItemStatus !== 'OK' && item.configurationItemStatus !== 'ResourceDiscovered') {
    return { found: false, why: `AWS Config's last item before the edit has status ${item.configurationItemStatus ?? 'none'}` };
  }
  let configuration: unknown;
  try {
    configuration = JSON.parse(item.configuration ?? '');
  } catch {
    return { found: false, why: "AWS Config's item before the edit has no readable configuration" };
  }
  if (!isObject(configuration)) return { found: false, why: "AWS Config's item before the edit has no readable configuration" };
  const candidates = difference(configRules(configuration, query.egress), query.siblings);
  const capturedAt = item.configurationItemCaptureTime?.toISOString();
  const facts = { configItemCapturedAt: capturedAt, configStateId: item.configurationStateId };
  if (candidates.length !== 1) {
    return {
      found: false,
      why: `AWS Config's item of ${capturedAt ?? 'unknown time'} does not single the rule out (${candidates.length} rules of then are not in the group now)`,
    };
  }
  const values = candidates[0]!;
  if (!usableValues(values)) return { found: false, why: "AWS Config's values for the rule are not a rule definition EC2 takes back" };
  return { found: true, values, asOf: item.configurationItemCaptureTime?.getTime() ?? 0, facts };
};

/** The values an event set on rule `ruleId`, if it set any. */
const valuesSetBy = (record: JsonObject, ruleId: string): RuleValues | undefined => {
  if (record.errorCode !== undefined) return undefined;
  if (record.eventName === 'ModifySecurityGroupRules') {
    const update = items(get(record.requestParameters, 'ModifySecurityGroupRulesRequest', 'SecurityGroupRule'))
      .filter((entry) => str(entry.SecurityGroupRuleId) === ruleId)
      .pop();
    return update && isObject(update.SecurityGroupRule) ? ruleValuesOf(update.SecurityGroupRule) : undefined;
  }
  if (record.eventName === 'AuthorizeSecurityGroupIngress' || record.eventName === 'AuthorizeSecurityGroupEgress') {
    const item = items(get(record.responseElements, 'securityGroupRuleSet')).find((entry) => str(entry.securityGroupRuleId) === ruleId);
    return item ? ruleValuesOf(item) : undefined;
  }
  return undefined;
};

/** Event history lags EventBridge by minutes: one that does not show the edit yet may lack what came just before it. */
export const HISTORY_BEHIND = 'CloudTrail event history does not show this edit yet, so an event that set the rule just before it may be missing';

/**
 * The rule's values as set by the most recent CloudTrail event before the edit that created or modified it
 * (AuthorizeSecurityGroup* with its `securityGroupRuleSet` response, or an earlier ModifySecurityGroupRules),
 * from LookupEvents on the group id. Covers the last 90 days of management events in this region. An answer from
 * a history that does not show the edit itself yet says so (`cloudTrailBehind`): a later setter may be missing.
 */
export const fromCloudTrailHistory = async (cloudtrail: CloudTrailClient, query: HistoryQuery, retry?: RetryOptions): Promise<HistoryAnswer> => {
  let sawEdit = false;
  const walk = await walkResourceHistory(
    cloudtrail,
    { resourceName: query.groupId, before: query.before, pageLimit: LOOKUP_PAGE_LIMIT },
    (event): HistoryAnswer | undefined => {
      // The edit's own event is in its own second: skipped by its id, and proof the history has reached it.
      if (event.eventId === query.eventId) {
        sawEdit = true;
        return undefined;
      }
      const values = valuesSetBy(event.record, query.ruleId);
      if (!values) return undefined;
      if (!usableValues(values)) {
        return { found: false, why: `the CloudTrail event ${event.eventId ?? ''} that last set the rule does not give a definition EC2 takes back` };
      }
      const time = Date.parse(str(event.record.eventTime) ?? '');
      const facts = {
        sourceEventId: event.eventId,
        sourceEventName: event.eventName,
        sourceEventTime: event.eventTime?.toISOString(),
        ...(sawEdit ? {} : { cloudTrailBehind: HISTORY_BEHIND }),
      };
      return { found: true, values, asOf: event.eventTime?.getTime() ?? (Number.isNaN(time) ? 0 : time), facts };
    },
    retry,
  );
  if (walk.kind === 'found') return walk.value;
  if (walk.kind === 'unreadable') return unavailable('CloudTrail event history', walk.error);
  if (!sawEdit) return { found: false, why: HISTORY_BEHIND };
  return walk.exhausted
    ? { found: false, why: `no CloudTrail event in the last 90 days (${walk.read} read) set this rule` }
    : { found: false, why: `no CloudTrail event among the ${walk.read} most recent on the group set this rule` };
};
