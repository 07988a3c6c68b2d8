import { awsServiceCaller, describeActor, fieldText, request, response, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { get, str, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { deactivateAccessKey, paramsFit } from '../../lib/remediation';
import { defineRule, type FindingDraft, type RuleContext } from '../../lib/rule';

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
/**
 * The revert of a key made for another user: deactivate exactly that key, when the stage opted in and the user is
 * not one of the responder's own. Login profiles are alerted only (deleting a password is not an exact revert of
 * UpdateLoginProfile, and the old password cannot be put back).
 */
const keyRevert = (record: CloudTrailRecord, target: string, context: RuleContext): Pick<FindingDraft, 'remediation' | 'notPlanned' | 'facts'> => {
  if (record.eventName !== 'CreateAccessKey') return {};
  const settings = context.remediationSettings;
  const notPlanned = (reason: string) => ({ notPlanned: { action: 'deactivate-access-key' as const, reason }, facts: { 'Not reverted': reason } });
  if (settings?.ownUserNames?.has(target)) return notPlanned(`user ${target} is one of the responder's own principals (ownPrincipals): its keys are never deactivated`);
  if (settings?.deactivateAccessKeys !== true) return notPlanned('the stage does not deactivate backdoor access keys (the deactivateAccessKeys param is off)');
  const params = { userName: target, accessKeyId: str(response(record, 'accessKey', 'accessKeyId')), region: record.awsRegion };
  return paramsFit(deactivateAccessKey, params) ? { remediation: { action: 'deactivate-access-key', params } } : notPlanned('the event does not name a usable user and access key id');
};

const classify = (record: CloudTrailRecord, context: RuleContext): FindingDraft | null => {
  if (record.eventSource !== 'iam.amazonaws.com' || !EVENTS.has(record.eventName) || !succeeded(record)) return null;
  if (awsServiceCaller(record) !== undefined) return null;
  const target = fieldText(request(record, 'userName'), 64) ?? fieldText(response(record, 'accessKey', 'userName'), 64);
  if (target === undefined) return null; // no user named: the caller's own (root's own keys are another rule's)
  if (target === callerUser(record)) return null;
  const keyId = fieldText(response(record, 'accessKey', 'accessKeyId'), 32);
  const resetRequired = request(record, 'passwordResetRequired');
  const { facts: revertFacts, ...revert } = keyRevert(record, target, context);
  return {
    resources: [`user/${target}`],
    summary: `${describeActor(record)} ${VERBS[record.eventName]} IAM user ${target}`,
    facts: {
      ...(keyId ? { 'Access key': keyId } : {}),
      ...(resetRequired === false || resetRequired === 'false' ? { 'Password reset required': 'no' } : {}),
      ...revertFacts,
      ...viaService(record),
    },
    ...revert,
  };
};

export default defineRule({
  id: 'iam.iam-backdoor-user',
  title: 'Access key or password set for another IAM user',
  description: 'Creating keys or a password for someone else\'s user lets the caller act as that user, and keeps access after its own is revoked.',
  category: 'iam-backdoor-user',
  severity: 'HIGH',
  status: 'active',
  // Only calls that name a user, in the request or in the key returned: root's own keys name none (they are
  // iam.root-access-key's), so those events never reach the function that deactivates keys, nor make it their
  // alert's owner.
  pattern: apiCallPattern('iam', [...EVENTS], {
    $or: [{ requestParameters: { userName: [{ exists: true }] } }, { responseElements: { accessKey: { userName: [{ exists: true }] } } }],
  }),
  actions: ['deactivate-access-key'],
  classify,
  guidance:
    'Ask the user\'s owner. A key is deactivated in an enforce stage that opted in (deactivateAccessKeys). If not theirs: ' +
    'deactivate and delete the key (aws iam update-access-key --status Inactive), or delete the login profile, and review what the user did since.',
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
