import { awsServiceCaller, describeActor, fieldText, request, response, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { get, str, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { defineRule, type FindingDraft } from '../../lib/rule';

const EVENTS: ReadonlySet<string> = new Set(['CreateAccessKey', 'CreateLoginProfile', 'UpdateLoginProfile']);

const VERBS: Readonly<Record<string, string>> = {
  CreateAccessKey: 'created an access key for',
  CreateLoginProfile: 'gave a console password to',
  UpdateLoginProfile: 'changed the console password of',
};

/**
 * The IAM user the caller itself is, when it is one: calls on one's own user (no userName in the request, or the
 * caller's own) are self-service, not a backdoor.
 */
const callerUser = (record: CloudTrailRecord): string | undefined => {
  if (str(get(record, 'userIdentity', 'type')) !== 'IAMUser') return undefined;
  // Some records carry only the ARN (arn:aws:iam::<account>:user/<path/>name): the name is its last segment.
  const arn = str(get(record, 'userIdentity', 'arn'));
  return str(get(record, 'userIdentity', 'userName')) ?? (arn?.includes(':user/') ? arn.slice(arn.lastIndexOf('/') + 1) : undefined);
};

/**
 * Stratus Red Team aws.persistence.iam-backdoor-user, iam-create-user-login-profile and
 * aws.privilege-escalation.iam-update-user-login-profile (also the last step of iam-create-admin-user): an access
 * key or a console password created or changed for another IAM user, so the caller can act as that user.
 * Root creating its own access key is iam.root-access-key's finding; a user's own key is routine.
 */
const classify = (record: CloudTrailRecord): FindingDraft | null => {
  if (record.eventSource !== 'iam.amazonaws.com' || !EVENTS.has(record.eventName) || !succeeded(record)) return null;
  if (awsServiceCaller(record) !== undefined) return null;
  const target = fieldText(request(record, 'userName'), 64) ?? fieldText(response(record, 'accessKey', 'userName'), 64);
  if (target === undefined) return null; // no user named: the caller's own (root's own keys are another rule's)
  if (target === callerUser(record)) return null;
  const keyId = fieldText(response(record, 'accessKey', 'accessKeyId'), 32);
  const resetRequired = request(record, 'passwordResetRequired');
  return {
    resources: [`user/${target}`],
    summary: `${describeActor(record)} ${VERBS[record.eventName]} IAM user ${target}`,
    facts: {
      ...(keyId ? { 'Access key': keyId } : {}),
      ...(resetRequired === false || resetRequired === 'false' ? { 'Password reset required': 'no' } : {}),
      ...viaService(record),
    },
  };
};

export default defineRule({
  id: 'iam.iam-backdoor-user',
  title: 'Access key or password set for another IAM user',
  description: 'Creating keys or a password for someone else\'s user lets the caller act as that user, and keeps access after its own is revoked.',
  category: 'iam-backdoor-user',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('iam', [...EVENTS]),
  classify,
  guidance:
    'Ask the user\'s owner. If not theirs: deactivate and delete the key (aws iam update-access-key --status Inactive), ' +
    'or delete the login profile, and review what the user did since.',
  references: {
    mitre: ['T1098.001', 'T1136.003'],
    stratus: [
      'aws.persistence.iam-backdoor-user',
      'aws.persistence.iam-create-user-login-profile',
      'aws.persistence.iam-create-admin-user',
      'aws.privilege-escalation.iam-update-user-login-profile',
    ],
    links: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html'],
  },
});
