import { accountOf, actorOf, get, isObject, str, type CloudTrailRecord } from './record';
import { partitionOf } from './partitions';
import { clean } from '../text';

/*
 * Field readers for classifiers, over the accessors of ./record: what a finding says about who did what to
 * which resource. Pure, and they never throw on odd records: every field is untrusted, may be missing, null or of
 * the wrong type, and ends up in an alert.
 */

/**
 * A string request or response field as text fit for an alert: control and bidi characters removed, capped at
 * `max` characters. Undefined for anything but a non-empty string.
 */
export const fieldText = (value: unknown, max = 120): string | undefined => {
  const raw = str(value);
  if (raw === undefined || raw === '') return undefined;
  return clean(raw, max);
};

/** The first present string among several candidate fields, as fieldText gives it. */
export const firstFieldText = (...values: unknown[]): string | undefined => {
  for (const value of values) {
    const found = fieldText(value);
    if (found !== undefined) return found;
  }
  return undefined;
};

/** A finding's resources: present ids only, each once, in order. */
export const resourceList = (...ids: (string | undefined)[]): string[] => [
  ...new Set(ids.filter((id): id is string => id !== undefined && id !== '')),
];

/** A request field, whatever shape requestParameters has (null on many calls, anything in hand-edited history). */
export const request = (record: CloudTrailRecord, ...path: string[]): unknown => get(record.requestParameters, ...path);

/**
 * A member of a request object whichever case CloudTrail wrote it in: the API's own member names, camelCase for
 * most services (`controlStatus`), PascalCase for some (Security Hub's `ControlStatus`, Detective's `GraphArn`).
 * Give the camelCase name.
 */
export const member = (value: unknown, name: string): unknown =>
  isObject(value) ? (value[name] ?? value[name[0]!.toUpperCase() + name.slice(1)]) : undefined;

/** A top-level request member in either case (see member). */
export const requestMember = (record: CloudTrailRecord, name: string): unknown => member(record.requestParameters, name);

/** A response field, whatever shape responseElements has. */
export const response = (record: CloudTrailRecord, ...path: string[]): unknown => get(record.responseElements, ...path);

/**
 * `userIdentity.invokedBy` of calls the console makes for the signed-in person (older console records carry it on
 * every call): the person acting, not an AWS service acting on its own.
 */
export const CONSOLE_INVOKER = 'signin.amazonaws.com';

/**
 * A console sign-in record (ConsoleLogin, CheckMfa, SwitchRole, password recovery…): by its eventType, or, for
 * records written before CloudTrail had `eventType`, by its event source.
 */
export const isConsoleSignIn = (record: CloudTrailRecord): boolean =>
  record.eventType === 'AwsConsoleSignIn' ||
  (record.eventType === undefined && record.eventSource === 'signin.amazonaws.com');

/**
 * The root user's ARN for the record's account, in the record's partition: the identity's own ARN when it is a
 * root ARN, else built from the account and the region's partition (`arn:aws-cn:iam::…:root` in China; the
 * SDK's partition table knows aws-us-gov, aws-iso*, aws-eusc…).
 */
export const rootArnOf = (record: CloudTrailRecord): string => {
  const arn = str(get(record, 'userIdentity', 'arn'));
  const account = accountOf(record);
  if (arn !== undefined && /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(arn) && arn.includes(`::${account}:`)) return arn;
  return `arn:${partitionOf(str(record.awsRegion))}:iam::${account}:root`;
};

/**
 * The IAM user the caller itself is, when it is one: a call naming the caller's own user is self-service, not one
 * principal acting on another. Some records carry only the ARN (arn:aws:iam::<account>:user/<path/>name): the
 * name is its last segment.
 */
export const callerUserName = (record: CloudTrailRecord): string | undefined => {
  if (str(get(record, 'userIdentity', 'type')) !== 'IAMUser') return undefined;
  const arn = str(get(record, 'userIdentity', 'arn'));
  return str(get(record, 'userIdentity', 'userName')) ?? (arn?.includes(':user/') ? arn.slice(arn.lastIndexOf('/') + 1) : undefined);
};

/**
 * Who did it, for a summary: `alice (arn:aws:iam::123456789012:user/alice)`, the role session name for role
 * sessions, `root (…)` for the root user, else whatever ./record's actorOf finds.
 */
export const describeActor = (record: CloudTrailRecord): string => {
  const actor = actorOf(record);
  const arn = fieldText(get(record, 'userIdentity', 'arn'), 300);
  if (actor === 'root') return `root (${arn ?? `account ${accountOf(record)}`})`;
  if (arn === undefined) return clean(actor, 300);
  const name = fieldText(get(record, 'userIdentity', 'userName')) ?? arn.slice(arn.lastIndexOf('/') + 1);
  return name !== '' && name !== arn ? `${name} (${arn})` : arn;
};

/**
 * The AWS service behind a call made with the service's own credentials: an `AWSService` identity, or a session
 * of a service-linked role. IAM reserves the `/aws-service-role/` path for service-linked roles (CreateRole rejects
 * it), only the owning service can assume them, and their permissions are fixed by AWS, so a customer principal
 * cannot pose as one. Undefined for any other caller, including people acting through a service
 * (`invokedBy: cloudformation.amazonaws.com` on a user's own session).
 */
export const awsServiceCaller = (record: CloudTrailRecord): string | undefined => {
  if (str(get(record, 'userIdentity', 'type')) === 'AWSService') {
    return fieldText(get(record, 'userIdentity', 'invokedBy')) ?? 'an AWS service';
  }
  const issuer = str(get(record, 'userIdentity', 'sessionContext', 'sessionIssuer', 'arn'));
  const marker = ':role/aws-service-role/';
  const at = issuer?.indexOf(marker) ?? -1;
  if (issuer === undefined || at < 0) return undefined;
  const service = issuer.slice(at + marker.length).split('/')[0];
  return fieldText(service) ?? 'an AWS service';
};

/** The service a person worked through (CloudFormation, the console's backend…), as a fact when present. */
export const viaService = (record: CloudTrailRecord): Record<string, string> => {
  const via = fieldText(get(record, 'userIdentity', 'invokedBy'));
  return via === undefined ? {} : { 'Made through': via };
};
