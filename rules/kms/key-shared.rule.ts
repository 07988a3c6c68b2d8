import { awsServiceCaller, describeActor, fieldText, firstFieldText, request, resourceList, response, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { accountOf, items, str, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { accountOfPrincipal, describeAudience, policyAudience } from '../../lib/iam/policy-audience';
import { parsePolicyDocument } from '../../lib/iam/policy-document';
import { ownKeyReference } from '../../lib/own-resources';
import { defineRule, type FindingDraft, type RuleContext } from '../../lib/rule';

/** Calls that let someone else use a key: a key policy (set, or given at creation) and a grant. */
const EVENTS = ['PutKeyPolicy', 'CreateKey', 'CreateGrant'] as const;

/** The key's ARN when CloudTrail gives one (new key's metadata, or resources), else the id the caller passed. */
const keyOf = (record: CloudTrailRecord): string | undefined =>
  firstFieldText(
    response(record, 'keyMetadata', 'arn'),
    items(record.resources).map((resource) => str(resource.ARN)).find((arn) => arn?.includes(':key/')),
    request(record, 'keyId'),
    response(record, 'keyMetadata', 'keyId'),
  );

const byPolicy = (record: CloudTrailRecord, key: string | undefined, context: RuleContext): FindingDraft | null => {
  // trailguard's own alert key: kms.responder-key-tampering reports any change of its policy, CRITICAL.
  if (record.eventName === 'PutKeyPolicy' && ownKeyReference(record, context) !== undefined) return null;
  const audience = policyAudience(parsePolicyDocument(request(record, 'policy')), accountOf(record));
  if (!audience.everyone && audience.foreignAccounts.length === 0) return null;
  const who = describeAudience(audience);
  const bypass = [true, 'true'].includes(request(record, 'bypassPolicyLockoutSafetyCheck') as boolean | string);
  return {
    severity: audience.everyone ? 'CRITICAL' : 'HIGH',
    resources: resourceList(key),
    summary:
      record.eventName === 'CreateKey'
        ? `${describeActor(record)} created KMS key ${key ?? '(unknown)'} whose key policy admits ${who}`
        : `${describeActor(record)} set a key policy on KMS key ${key ?? '(unknown)'} that admits ${who}`,
    facts: {
      'Key policy admits': who,
      ...(bypass ? { 'Lockout safety check': 'bypassed' } : {}),
      ...viaService(record),
    },
  };
};

const byGrant = (record: CloudTrailRecord, key: string | undefined): FindingDraft | null => {
  const grantee = fieldText(request(record, 'granteePrincipal'), 300);
  const account = accountOfPrincipal(grantee);
  if (grantee === undefined || account === undefined || account === accountOf(record)) return null;
  const listed = request(record, 'operations');
  const operations = fieldText((Array.isArray(listed) ? listed : [listed]).filter((name) => typeof name === 'string').join(', '), 200);
  return {
    resources: resourceList(key),
    summary: `${describeActor(record)} granted ${grantee} (account ${account}) use of KMS key ${key ?? '(unknown)'}`,
    facts: { 'Grantee account': account, ...(operations ? { Operations: operations } : {}), ...viaService(record) },
  };
};

/**
 * A KMS key opened to another account (HIGH) or to everyone (CRITICAL): by a key policy, set or given at creation,
 * or by a grant to a principal of another account. Whoever it admits can decrypt what the key protects, or
 * encrypt with it. Calls by AWS services on their own behalf do not count; trailguard's own key is
 * kms.responder-key-tampering's.
 */
export default defineRule({
  id: 'kms.key-shared',
  title: 'KMS key opened to another account or everyone',
  description: 'Whoever a key policy or grant admits can decrypt what the key protects: data, snapshots, secrets.',
  category: 'kms-key-shared',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('kms', [...EVENTS]),
  classify: (record, context) => {
    if (record.eventSource !== 'kms.amazonaws.com' || !(EVENTS as readonly string[]).includes(record.eventName) || !succeeded(record)) return null;
    if (awsServiceCaller(record) !== undefined) return null;
    const key = keyOf(record);
    return record.eventName === 'CreateGrant' ? byGrant(record, key) : byPolicy(record, key, context);
  },
  guidance:
    'Check the other account is a known partner. If not: put back the previous key policy (aws kms put-key-policy) or ' +
    'retire the grant (aws kms revoke-grant), then review what the other account decrypted (its calls are logged in ' +
    'this account too).',
  references: {
    mitre: ['T1098', 'T1537'],
    links: ['https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html'],
  },
});
