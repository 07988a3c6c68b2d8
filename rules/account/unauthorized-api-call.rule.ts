import { CONSOLE_INVOKER, awsServiceCaller } from '../../lib/cloudtrail/fields';
import { API_CALL, CONSOLE_ACTION } from '../../lib/cloudtrail/patterns';
import { actorOf, str, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { defineRule, type FindingDraft } from '../../lib/rule';

/*
 * CIS 4.1 (v1.4+): errorCode `*UnauthorizedOperation` or `AccessDenied*`, excluding sourceIPAddress
 * delivery.logs.amazonaws.com and eventName HeadBucket (log delivery and bucket probes deny by design). On top:
 * - Calls made by AWS services (userIdentity type AWSService, a session of a service-linked role, or any invokedBy
 *   other than the console's signin.amazonaws.com) are out: a service hitting a missing permission (usually an SCP
 *   or a bucket policy in its way) is a configuration problem the service reports itself, not a person probing, and
 *   they are the bulk of the noise. Only the owning service can assume a service-linked role, so nobody can hide
 *   behind one.
 * - Severity: MEDIUM, because most denials are people and tools lacking a read permission. HIGH for a denied
 *   write to the services that guard identity, keys, the organization and the audit trail (iam, kms,
 *   organizations, cloudtrail): trying to create users, attach policies, schedule key deletion or stop logging
 *   without the right is what privilege escalation and defence evasion with stolen credentials look like. sts is
 *   left MEDIUM: denied AssumeRole is mostly misconfigured automation.
 */
const EXCLUDED_SOURCE_IP = 'delivery.logs.amazonaws.com';
const SENSITIVE_SERVICES: ReadonlySet<string> = new Set(['iam', 'kms', 'organizations', 'cloudtrail']);
const READ_ONLY_NAME = /^(Describe|Get|List|Head|BatchGet|Lookup|Search)/;
/** IAM's denial text names the resource: "… is not authorized to perform: iam:CreateUser on resource: arn:…". */
const DENIED_RESOURCE = /on resource: (arn:[^\s,]{1,1500})/;

/** Lambda and CloudFront record the API version in the event name (ListFunctions20150331, …2020_05_31): not part of the IAM action. */
const API_VERSION_SUFFIX = /(?:\d{8}|\d{4}_\d{2}_\d{2})(?:v\d+)?$/;

const isDenial = (errorCode: string): boolean => errorCode.startsWith('AccessDenied') || errorCode.endsWith('UnauthorizedOperation');

const classify = (record: CloudTrailRecord): FindingDraft | null => {
  const errorCode = str(record.errorCode);
  if (errorCode === undefined || !isDenial(errorCode)) return null;
  if (record.eventName === 'HeadBucket' || record.sourceIPAddress === EXCLUDED_SOURCE_IP) return null;
  const identity = record.userIdentity;
  if (awsServiceCaller(record) !== undefined) return null;
  if (identity?.invokedBy !== undefined && str(identity.invokedBy) !== CONSOLE_INVOKER) return null;

  const service = record.eventSource.replace(/\.amazonaws\.com$/, '');
  const call = `${service}:${record.eventName.replace(API_VERSION_SUFFIX, '')}`;
  const write = record.readOnly !== true && !READ_ONLY_NAME.test(record.eventName);
  const resource = DENIED_RESOURCE.exec(str(record.errorMessage) ?? '')?.[1];
  const facts: Record<string, string> = { Call: call, 'Error code': errorCode };
  if (resource) facts.Resource = resource;
  return {
    severity: write && SENSITIVE_SERVICES.has(service) ? 'HIGH' : 'MEDIUM',
    resources: resource ? [resource] : [],
    summary: `${actorOf(record)} was denied ${call}${resource ? ` on ${resource}` : ''}`,
    facts,
  };
};

export default defineRule({
  id: 'account.unauthorized-api-call',
  title: 'Unauthorized API call',
  description:
    'A principal called an API it is not allowed to use. A burst of denials, or denials against IAM, KMS or ' +
    'CloudTrail, is what enumeration and privilege escalation with stolen credentials look like.',
  category: 'unauthorized-api-call',
  severity: 'MEDIUM',
  status: 'active',
  // Any service, and read-only calls too (most denials are Describe/Get/List). HeadBucket is dropped here;
  // service-invoked calls are dropped unless the invoker is the console; delivery.logs is left to the classifier
  // because anything-but would also drop records that lack sourceIPAddress.
  pattern: {
    'detail-type': [API_CALL, CONSOLE_ACTION],
    detail: {
      errorCode: [{ prefix: 'AccessDenied' }, { suffix: 'UnauthorizedOperation' }],
      eventName: [{ 'anything-but': ['HeadBucket'] }],
      $or: [{ userIdentity: { invokedBy: [{ exists: false }] } }, { userIdentity: { invokedBy: [CONSOLE_INVOKER] } }],
    },
  },
  allManagementEvents: true,
  classify,
  guidance:
    'One denial is usually a missing permission: fix the policy or the tool. Many denials from one principal, ' +
    'across services, or from an unfamiliar address, suggest stolen credentials being tried: review the principal ' +
    'and rotate its keys.',
  // CIS AWS Foundations Benchmark v1.4.0 / v3.0.0 numbering.
  references: { cis: ['4.1'], securityHub: ['CloudWatch.2'], mitre: ['T1580', 'T1526', 'T1087.004'] },
});
