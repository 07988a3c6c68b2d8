/**
 * The CloudTrail record as AWS writes it (the `detail` of an EventBridge event and the elements of a log file's
 * `Records`). Every field but the ones EventBridge needs to route an event is optional and untrusted: records come
 * from many services, several eventVersions and, in replay, from hand-edited history. Read them through the
 * accessors below, which never throw.
 */
export interface UserIdentity {
  type?: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  invokedBy?: string;
  identityProvider?: string;
  sessionContext?: {
    attributes?: { mfaAuthenticated?: string; creationDate?: string };
    sessionIssuer?: { type?: string; principalId?: string; arn?: string; accountId?: string; userName?: string };
    sourceIdentity?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface CloudTrailRecord {
  eventVersion?: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  eventID: string;
  eventType?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  userIdentity?: UserIdentity;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown> | null;
  errorCode?: string;
  errorMessage?: string;
  readOnly?: boolean;
  managementEvent?: boolean;
  eventCategory?: string;
  recipientAccountId?: string;
  [key: string]: unknown;
}

export type JsonObject = Record<string, unknown>;

export { REGION_NAME } from './partitions';

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string field, or undefined for anything else (numbers included: callers that accept them say so). */
export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A number written either as a JSON number or as a numeric string ("22"), as some SDKs and consoles send it. */
export const num = (value: unknown): number | undefined => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
};

/** A field of an object that may be missing, null or of the wrong type at any level. */
export const get = (value: unknown, ...path: string[]): unknown => {
  let current = value;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    try {
      current = current[key];
    } catch {
      // A getter or proxy that throws reads as absent: one unreadable field must not cost the alert.
      return undefined;
    }
  }
  return current;
};

/**
 * The elements of a CloudTrail list. EC2 wraps lists as `{ "items": [...] }`; other services write plain arrays;
 * a single element is sometimes written bare. Non-object elements are dropped.
 */
export const items = (value: unknown): JsonObject[] => {
  const list = isObject(value) && 'items' in value ? value.items : value;
  if (Array.isArray(list)) return list.filter(isObject);
  return isObject(list) ? [list] : [];
};

/** True when the call succeeded: CloudTrail writes `errorCode` only for failures. */
export const succeeded = (record: CloudTrailRecord): boolean =>
  record.errorCode === undefined || record.errorCode === null || record.errorCode === '';

/** The account the event belongs to: the one EventBridge delivers it to. */
export const accountOf = (record: CloudTrailRecord): string =>
  str(record.recipientAccountId) ?? str(record.userIdentity?.accountId) ?? 'unknown';

/**
 * Who did it, as the finding's `actor`: `root` for the root user, else the principal's ARN, else the service or the
 * principal id CloudTrail gives for identities without an ARN (AWS services, failed sign-ins of unknown users).
 */
export const actorOf = (record: CloudTrailRecord): string => {
  const identity = record.userIdentity;
  if (!isObject(identity)) return 'unknown';
  if (identity.type === 'Root') return 'root';
  // IAM Identity Center users act without an IAM principal; the Identity Store user ARN names them.
  const centerUser = str(get(identity, 'onBehalfOf', 'userId'));
  if (identity.type === 'IdentityCenterUser' && centerUser) return `arn:aws:identitystore:::user/${centerUser}`;
  return (
    str(identity.arn) ??
    str(identity.invokedBy) ??
    (identity.type === 'AWSAccount' && str(identity.accountId) ? `account:${identity.accountId}` : undefined) ??
    str(identity.principalId) ??
    str(identity.userName) ??
    'unknown'
  );
};

/**
 * The ARNs a principal acts under: the session ARN, and for role sessions the role's own ARN. The loop guard and
 * exceptions match on either, so a configured role ARN also covers every session of that role.
 */
export const principalArnsOf = (record: CloudTrailRecord): string[] => {
  const identity = record.userIdentity;
  if (!isObject(identity)) return [];
  const arns: string[] = [];
  const arn = str(identity.arn);
  if (arn) arns.push(arn);
  const issuer = str(identity.sessionContext?.sessionIssuer?.arn);
  if (issuer && issuer !== arn) arns.push(issuer);
  return arns;
};
