import { awsServiceCaller, describeActor, fieldText, request, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { accountOf, get, isObject, items, num, str, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { describeAudience, policyAudience, type PolicyAudience } from '../../lib/iam/policy-audience';
import { parsePolicyDocument } from '../../lib/iam/policy-document';
import { defineRule } from '../../lib/rule';

/** Security Hub CloudWatch.8 / CIS v1.4 4.8, complete, in the names CloudTrail writes (PutBucketLifecycle for the
 * PutBucketLifecycleConfiguration API). */
const CIS_EVENTS = [
  'PutBucketAcl',
  'PutBucketPolicy',
  'PutBucketCors',
  'PutBucketLifecycle',
  'PutBucketReplication',
  'DeleteBucketPolicy',
  'DeleteBucketCors',
  'DeleteBucketLifecycle',
  'DeleteBucketReplication',
] as const;

const EXTRA_EVENTS = [
  // Block Public Access overrides any public policy or ACL; turning it off is the step before making data public.
  // CloudTrail names the bucket-level PutPublicAccessBlock/DeletePublicAccessBlock APIs this way.
  'PutBucketPublicAccessBlock',
  'DeleteBucketPublicAccessBlock',
  // The same switch for every bucket in the account (S3 Control PutPublicAccessBlock/DeletePublicAccessBlock).
  'PutAccountPublicAccessBlock',
  'DeleteAccountPublicAccessBlock',
  // Object Ownership decides whether ACLs count at all; moving off BucketOwnerEnforced re-enables ACL grants.
  'PutBucketOwnershipControls',
  'DeleteBucketOwnershipControls',
  // Ransomware steps that management events show (the object rewrites themselves are data events): new objects
  // encrypted under another account's key, whose owner can then withhold it, and old versions no longer kept.
  // Only those variants fire (assess).
  'PutBucketEncryption',
  'PutBucketVersioning',
] as const;

/** The new events fire only on the variant that serves ransomware; the rest are routine. */
const RANSOM_EVENTS: ReadonlySet<string> = new Set(['PutBucketEncryption', 'PutBucketVersioning']);

const EVENTS: ReadonlySet<string> = new Set([...CIS_EVENTS, ...EXTRA_EVENTS]);

const PUBLIC_GROUPS = ['acs.amazonaws.com/groups/global/AllUsers', 'acs.amazonaws.com/groups/global/AuthenticatedUsers'];
const PUBLIC_CANNED_ACLS: ReadonlySet<string> = new Set(['public-read', 'public-read-write', 'authenticated-read']);
const GRANT_HEADERS = ['x-amz-grant-read', 'x-amz-grant-write', 'x-amz-grant-read-acp', 'x-amz-grant-write-acp', 'x-amz-grant-full-control'];
const BLOCK_FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

/** S3 writes request headers as one-element arrays (`"x-amz-acl": ["public-read"]`); older records as strings. */
const headerValues = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((entry): entry is string => typeof entry === 'string');

const namesPublicGroup = (value: string): boolean => PUBLIC_GROUPS.some((group) => value.includes(group));

/** The ACL grants everyone (AllUsers) or every AWS account (AuthenticatedUsers), by canned ACL, header or body. */
const aclIsPublic = (record: CloudTrailRecord): boolean => {
  if (headerValues(request(record, 'x-amz-acl')).some((acl) => PUBLIC_CANNED_ACLS.has(acl))) return true;
  if (GRANT_HEADERS.some((header) => headerValues(request(record, header)).some(namesPublicGroup))) return true;
  const grants = items(request(record, 'AccessControlPolicy', 'AccessControlList', 'Grant'));
  return grants.some((grant) => {
    const uri = str(isObject(grant.Grantee) ? grant.Grantee.URI : undefined);
    return uri !== undefined && namesPublicGroup(uri);
  });
};

const bucketPolicyAudience = (record: CloudTrailRecord): PolicyAudience =>
  policyAudience(parsePolicyDocument(request(record, 'bucketPolicy')), accountOf(record));

/** Block Public Access flags the call leaves off: S3 treats an omitted flag as false. */
const blockFlagsOff = (record: CloudTrailRecord): string[] => {
  const config = request(record, 'PublicAccessBlockConfiguration');
  return BLOCK_FLAGS.filter((flag) => {
    const value = isObject(config) ? config[flag] : undefined;
    return value !== true && value !== 'true';
  });
};

interface Assessment {
  readonly change: string;
  readonly exposure?: string;
  /** What the change deletes: a lifecycle rule expiring the whole bucket within days. */
  readonly destroys?: string;
  /** Another account's KMS key the bucket now encrypts new objects with: its owner decides who can read them. */
  readonly foreignKey?: string;
  /** A ransomware step that is no finding on its own: versioning suspended, MFA delete off. */
  readonly weakens?: string;
}

/** A KMS key or alias ARN whose account is not `own` (a bare key id or alias is always the caller's own). */
const foreignKmsKey = (value: unknown, own: string): string | undefined => {
  const key = fieldText(value, 300);
  const account = key === undefined ? undefined : /^arn:aws[\w-]*:kms:[a-z0-9-]+:(\d{12}):(?:key|alias)\//.exec(key)?.[1];
  return account !== undefined && account !== own ? key : undefined;
};

/** The first default-encryption rule whose SSE-KMS or DSSE-KMS key belongs to another account. */
const foreignDefaultKey = (record: CloudTrailRecord): string | undefined =>
  items(request(record, 'ServerSideEncryptionConfiguration', 'Rule'))
    .map((rule) => get(rule, 'ApplyServerSideEncryptionByDefault'))
    .filter((byDefault) => /^aws:kms(?::dsse)?$/.test(str(get(byDefault, 'SSEAlgorithm')) ?? ''))
    .map((byDefault) => foreignKmsKey(get(byDefault, 'KMSMasterKeyID'), accountOf(record)))
    .find((key) => key !== undefined);

/** What a PutBucketVersioning turns off: versioning (Suspended) and MFA delete (XML `MfaDelete`; either casing). */
const versioningTurnedOff = (record: CloudTrailRecord): string[] => {
  const config = request(record, 'VersioningConfiguration');
  return [
    ...(str(get(config, 'Status')) === 'Suspended' ? ['versioning suspended: overwritten and deleted objects are no longer kept'] : []),
    ...(str(get(config, 'MfaDelete') ?? get(config, 'MFADelete')) === 'Disabled' ? ['MFA delete off: versions can be deleted without MFA'] : []),
  ];
};

/** A week: lifecycle expirations this short on a whole bucket are the "delete the logs" move, not retention. */
const SHORT_EXPIRATION_DAYS = 7;

/**
 * The shortest expiration (current or noncurrent versions) an enabled lifecycle rule applies to every object of
 * the bucket: no prefix, no tag, an empty filter. Stratus cloudtrail-lifecycle-rule expires a trail's bucket
 * after one day. Undefined when no such rule expires within SHORT_EXPIRATION_DAYS.
 */
const shortWholeBucketExpiration = (record: CloudTrailRecord): number | undefined => {
  let shortest: number | undefined;
  for (const rule of items(request(record, 'LifecycleConfiguration', 'Rule'))) {
    if (str(rule.Status) !== 'Enabled') continue;
    const filter = isObject(rule.Filter) ? rule.Filter : undefined;
    const prefix = str(rule.Prefix) ?? (filter ? str(filter.Prefix) : undefined) ?? '';
    const narrowed = filter !== undefined && ['Tag', 'And', 'ObjectSizeGreaterThan', 'ObjectSizeLessThan'].some((key) => filter[key] !== undefined);
    if (prefix !== '' || narrowed) continue;
    for (const days of [num(get(rule, 'Expiration', 'Days')), num(get(rule, 'NoncurrentVersionExpiration', 'NoncurrentDays'))]) {
      if (days !== undefined && days >= 0 && days <= SHORT_EXPIRATION_DAYS && (shortest === undefined || days < shortest)) shortest = days;
    }
  }
  return shortest;
};

const assess = (record: CloudTrailRecord, target: string): Assessment => {
  switch (record.eventName) {
    case 'PutBucketPolicy':
    {
      // Another account granted access is the backdoor-bucket-policy exfiltration path (HIGH like public access):
      // whether it is a partner is the reader's call.
      const audience = bucketPolicyAudience(record);
      if (audience.everyone) {
        return { change: `set a public bucket policy on ${target}`, exposure: 'bucket policy allows any principal (*) without a condition that narrows who' };
      }
      return audience.foreignAccounts.length > 0
        ? { change: `granted ${describeAudience(audience)} access to ${target} by bucket policy`, exposure: `bucket policy grants ${describeAudience(audience)}` }
        : { change: `set the bucket policy of ${target}` };
    }
    case 'PutBucketAcl':
      return aclIsPublic(record)
        ? { change: `granted public access to ${target} by ACL`, exposure: 'ACL grants AllUsers or AuthenticatedUsers' }
        : { change: `changed the ACL of ${target}` };
    case 'PutBucketPublicAccessBlock':
    case 'PutAccountPublicAccessBlock': {
      const off = blockFlagsOff(record);
      return off.length > 0
        ? { change: `turned off Block Public Access (${off.join(', ')}) for ${target}`, exposure: `Block Public Access off: ${off.join(', ')}` }
        : { change: `set Block Public Access for ${target}` };
    }
    case 'DeleteBucketPublicAccessBlock':
    case 'DeleteAccountPublicAccessBlock':
      return { change: `removed Block Public Access from ${target}`, exposure: 'Block Public Access removed' };
    case 'DeleteBucketPolicy':
      return { change: `deleted the bucket policy of ${target}` };
    case 'PutBucketCors':
      return { change: `set the CORS configuration of ${target}` };
    case 'DeleteBucketCors':
      return { change: `deleted the CORS configuration of ${target}` };
    case 'PutBucketLifecycle': {
      const days = shortWholeBucketExpiration(record);
      return days === undefined
        ? { change: `set the lifecycle configuration of ${target}` }
        : { change: `set a lifecycle rule that deletes every object of ${target} ${days} day${days === 1 ? '' : 's'} after it is written`, destroys: `every object, ${days} day${days === 1 ? '' : 's'} old` };
    }
    case 'DeleteBucketLifecycle':
      return { change: `deleted the lifecycle configuration of ${target}` };
    case 'PutBucketReplication':
      return { change: `set the replication configuration of ${target}` };
    case 'DeleteBucketReplication':
      return { change: `deleted the replication configuration of ${target}` };
    case 'PutBucketOwnershipControls':
      return { change: `set the object ownership of ${target}` };
    case 'DeleteBucketOwnershipControls':
      return { change: `deleted the object ownership controls of ${target}` };
    case 'PutBucketEncryption': {
      const key = foreignDefaultKey(record);
      return key === undefined
        ? { change: `set the default encryption of ${target}` }
        : { change: `set the default encryption of ${target} to KMS key ${key} of another account`, foreignKey: key };
    }
    case 'PutBucketVersioning': {
      const off = versioningTurnedOff(record);
      return { change: off.length > 0 ? `turned off versioning protection of ${target} (${off.map((what) => what.split(':')[0]).join(', ')})` : `set the versioning of ${target}`, ...(off.length > 0 ? { weakens: off.join('; ') } : {}) };
    }
    default:
      return { change: `changed ${target}` };
  }
};

/** Destinations a replication configuration copies objects to (another account's bucket is an exfiltration path). */
const replicationTargets = (record: CloudTrailRecord): string[] =>
  items(request(record, 'ReplicationConfiguration', 'Rule'))
    .map((rule) => fieldText(isObject(rule.Destination) ? rule.Destination.Bucket : undefined, 200))
    .filter((bucket): bucket is string => bucket !== undefined);

/**
 * Security Hub CloudWatch.8 (CIS v1.4 4.8): a successful change to a bucket's policy, ACL, CORS, lifecycle or
 * replication, plus Block Public Access (bucket and account) and Object Ownership changes. HIGH when the change
 * exposes data publicly: a public policy or ACL, or Block Public Access turned off or removed. Also two ransomware
 * steps: default encryption under another account's KMS key (HIGH), and versioning suspended or MFA delete off.
 */
export default defineRule({
  id: 's3.s3-bucket-policy-change',
  title: 'S3 bucket policy or access changed',
  description:
    'Who can read a bucket, and where its data goes, changed: a policy, ACL, CORS, lifecycle, replication, Block ' +
    'Public Access or Object Ownership setting; or new objects are encrypted under another account\'s key, or old ' +
    'versions are no longer kept.',
  category: 's3-bucket-policy-change',
  // MEDIUM: routine in most accounts, but each changes who can reach the data or whether it is kept; raised to
  // HIGH when the change makes data public or removes the guard against that.
  severity: 'MEDIUM',
  status: 'active',
  pattern: apiCallPattern('s3', [...CIS_EVENTS, ...EXTRA_EVENTS]),
  classify: (record) => {
    if (record.eventSource !== 's3.amazonaws.com' || !EVENTS.has(record.eventName) || !succeeded(record)) return null;

    const accountLevel = record.eventName.includes('AccountPublicAccessBlock');
    const bucket = accountLevel ? undefined : fieldText(request(record, 'bucketName'), 255);
    const target = accountLevel ? `every bucket in account ${accountOf(record)}` : `bucket ${bucket ?? '(unknown)'}`;
    const { change, exposure, destroys, foreignKey, weakens } = assess(record, target);
    // The new events: only the ransomware variant, and only by someone, not by an AWS service on its own behalf.
    if (RANSOM_EVENTS.has(record.eventName) && ((!foreignKey && !weakens) || awsServiceCaller(record) !== undefined)) return null;
    const ownership = items(request(record, 'OwnershipControls', 'Rule'))
      .map((rule) => fieldText(rule.ObjectOwnership, 40))
      .find((value) => value !== undefined);
    const replicatesTo = record.eventName === 'PutBucketReplication' ? replicationTargets(record) : [];
    const sharedWith = record.eventName === 'PutBucketPolicy' ? bucketPolicyAudience(record).foreignAccounts : [];
    return {
      ...(exposure || destroys || foreignKey ? { severity: 'HIGH' as const } : {}),
      resources: resourceList(accountLevel ? accountOf(record) : bucket),
      summary: `${describeActor(record)} ${change}`,
      facts: {
        ...(exposure ? { Exposure: exposure } : {}),
        ...(destroys ? { Deletes: destroys } : {}),
        ...(foreignKey ? { 'Encrypts new objects with': `${foreignKey}: its owner can revoke this account's use of it, leaving the objects unreadable` } : {}),
        ...(weakens ? { 'Turned off': weakens } : {}),
        ...(ownership ? { 'Object ownership': ownership } : {}),
        ...(replicatesTo.length > 0 ? { 'Replicates to': replicatesTo.join(', ') } : {}),
        ...(sharedWith.length > 0 ? { 'Grants access to other accounts': sharedWith.slice(0, 10).join(', ') } : {}),
        ...viaService(record),
      },
    };
  },
  guidance:
    'Compare the new setting with the previous one (AWS Config history or the bucket owner). To undo public ' +
    'exposure: turn Block Public Access back on for the bucket and the account, then restore the previous policy or ACL. ' +
    'A foreign default key: set your own key back at once and copy out objects written since, while the other account ' +
    'still lets you decrypt them; versioning suspended: enable it again.',
  // CIS AWS Foundations Benchmark v1.4.0 numbering (unchanged in v3.0.0; 3.8 in v1.2.0).
  references: {
    cis: ['4.8'],
    securityHub: ['CloudWatch.8'],
    mitre: ['T1530', 'T1537', 'T1485', 'T1562.008', 'T1486', 'T1490'],
    // A lifecycle rule that expires the trail bucket's objects is cloudtrail-lifecycle-rule (MEDIUM here: the
    // record does not say the bucket holds the trail).
    stratus: ['aws.exfiltration.s3-backdoor-bucket-policy', 'aws.defense-evasion.cloudtrail-lifecycle-rule'],
    links: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-8'],
  },
});
