import { rootArnOf } from '../../lib/cloudtrail/fields';
import { serviceCallPattern, succeededCall } from '../../lib/cloudtrail/patterns';
import { accountOf, get, str, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { defineRule, type FindingDraft } from '../../lib/rule';

/**
 * CreateAccessKey makes a key for `userName`, or for the caller when the request names no user. The root user has
 * no user name, so a root call whose request (usually null) and response name no IAM user created a root key.
 * A root call naming an IAM user made that user's key: root-activity reports it, this rule does not.
 */
const namedUser = (record: CloudTrailRecord): string | undefined =>
  (str(get(record.requestParameters, 'userName')) || undefined) ??
  (str(get(record.responseElements, 'accessKey', 'userName')) || undefined);

const classify = (record: CloudTrailRecord): FindingDraft | null => {
  if (!succeeded(record) || record.userIdentity?.type !== 'Root' || namedUser(record) !== undefined) return null;
  const account = accountOf(record);
  const rootArn = rootArnOf(record);
  const keyId = str(get(record.responseElements, 'accessKey', 'accessKeyId'));
  return {
    resources: keyId ? [rootArn, keyId] : [rootArn],
    summary: `The root user of account ${account} created a root access key${keyId ? ` (${keyId})` : ''}`,
    facts: { 'Access key': keyId ?? 'not recorded', Status: str(get(record.responseElements, 'accessKey', 'status')) ?? 'not recorded' },
  };
};

export default defineRule({
  id: 'iam.root-access-key',
  title: 'Root access key created',
  description:
    'A long-lived key for the root user: it cannot be limited by any policy, works from anywhere and never ' +
    'expires. CIS requires that none exist.',
  category: 'root-access-key',
  severity: 'CRITICAL',
  status: 'active',
  // invokedBy is not filtered: a root key is critical whether the console or the API created it. A request that
  // names a user made that user's key, so it never needs this function (on the benchmark history: 14 selected
  // events for 9 findings before, 9 for 9 after); the classifier still checks the response's user name.
  pattern: serviceCallPattern('iam', {
    eventName: ['CreateAccessKey'],
    userIdentity: { type: ['Root'] },
    errorCode: succeededCall(),
    requestParameters: { userName: [{ exists: false }] },
  }),
  classify,
  guidance:
    'Unless the account owner created it for a documented, temporary reason, deactivate and delete the key at once ' +
    '(IAM console > Security credentials, signed in as root), then review every call made with it.',
  // CIS AWS Foundations Benchmark v1.4.0 / v3.0.0 numbering (1.4: no root access key exists).
  references: { cis: ['1.4'], securityHub: ['IAM.4'], mitre: ['T1098.001'] },
});
