import { awsServiceCaller, callerUserName, describeActor, fieldText, firstFieldText, request, response, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { str, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { deactivateAccessKey, paramsFit } from '../../lib/remediation';
import { defineRule, type FindingDraft, type RuleContext } from '../../lib/rule';

/*
 * DeleteVirtualMFADevice is left out: its request names only the device, and it succeeds only on a device already
 * deactivated, so the DeactivateMFADevice before it is the event that takes MFA off a user.
 */
const EVENTS: ReadonlySet<string> = new Set([
  'CreateAccessKey',
  'CreateLoginProfile',
  'UpdateLoginProfile',
  'DeactivateMFADevice',
  'UpdateAccessKey',
  'UploadSSHPublicKey',
  'CreateServiceSpecificCredential',
]);

const VERBS: Readonly<Record<string, string>> = {
  CreateAccessKey: 'created an access key for',
  CreateLoginProfile: 'gave a console password to',
  UpdateLoginProfile: 'changed the console password of',
  DeactivateMFADevice: 'took the MFA device off',
  UpdateAccessKey: 'reactivated an access key of',
  UploadSSHPublicKey: 'uploaded an SSH public key (CodeCommit) for',
  CreateServiceSpecificCredential: 'created a service-specific credential for',
};

/**
 * Stratus Red Team aws.persistence.iam-backdoor-user, iam-create-user-login-profile and
 * aws.privilege-escalation.iam-update-user-login-profile (also the last step of iam-create-admin-user): an access
 * key or a console password created or changed for another IAM user, so the caller can act as that user. The same
 * takeover by the user's other credentials: an inactive key turned back on, an SSH key for CodeCommit, a
 * service-specific credential (CodeCommit Git, Keyspaces, Bedrock); and the user's MFA device taken off, which
 * leaves its password alone between the caller and the console. Root creating its own access key is
 * iam.root-access-key's finding; a user's own key, device or credential is routine.
 */
/**
 * The revert of a key made for another user: deactivate exactly that key, when the stage opted in and the user is
 * not one of the responder's own. Login profiles are alerted only (deleting a password is not an exact revert of
 * UpdateLoginProfile, and the old password cannot be put back); so are the other credentials and MFA changes.
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

/** What an event did to the user beyond the summary: the key, device or credential it names. */
const credentialFacts = (record: CloudTrailRecord): Record<string, string> => {
  switch (record.eventName) {
    case 'DeactivateMFADevice': {
      const device = fieldText(request(record, 'serialNumber'), 256);
      return device ? { 'MFA device': device } : {};
    }
    case 'UploadSSHPublicKey': {
      // CloudTrail lower-cases the first letter of SSHPublicKey; accept the plain camelCase spelling too.
      const id = firstFieldText(response(record, 'sSHPublicKey', 'sSHPublicKeyId'), response(record, 'sshPublicKey', 'sshPublicKeyId'));
      return id ? { 'SSH public key': id } : {};
    }
    case 'CreateServiceSpecificCredential': {
      const service = fieldText(request(record, 'serviceName'), 64);
      const id = fieldText(response(record, 'serviceSpecificCredential', 'serviceSpecificCredentialId'), 64);
      return { ...(service ? { Service: service } : {}), ...(id ? { Credential: id } : {}) };
    }
    default: {
      const keyId = fieldText(response(record, 'accessKey', 'accessKeyId'), 32) ?? fieldText(request(record, 'accessKeyId'), 32);
      const resetRequired = request(record, 'passwordResetRequired');
      return {
        ...(keyId ? { 'Access key': keyId } : {}),
        ...(resetRequired === false || resetRequired === 'false' ? { 'Password reset required': 'no' } : {}),
      };
    }
  }
};

const classify = (record: CloudTrailRecord, context: RuleContext): FindingDraft | null => {
  if (record.eventSource !== 'iam.amazonaws.com' || !EVENTS.has(record.eventName) || !succeeded(record)) return null;
  if (awsServiceCaller(record) !== undefined) return null;
  // Deactivating a key is what a responder does; only turning one back on gives a way in.
  if (record.eventName === 'UpdateAccessKey' && str(request(record, 'status'))?.toLowerCase() !== 'active') return null;
  const target = fieldText(request(record, 'userName'), 64) ?? fieldText(response(record, 'accessKey', 'userName'), 64);
  if (target === undefined) return null; // no user named: the caller's own (root's own keys are another rule's)
  if (target === callerUserName(record)) return null;
  const { facts: revertFacts, ...revert } = keyRevert(record, target, context);
  return {
    resources: [`user/${target}`],
    summary: `${describeActor(record)} ${VERBS[record.eventName]} IAM user ${target}`,
    facts: { ...credentialFacts(record), ...revertFacts, ...viaService(record) },
    ...revert,
  };
};

export default defineRule({
  id: 'iam.iam-backdoor-user',
  title: 'Credentials added or MFA removed for another IAM user',
  description:
    'Creating or reactivating keys, a password or other credentials for someone else\'s user, or taking its MFA off, lets the ' +
    'caller act as that user, and keeps access after its own is revoked.',
  category: 'iam-backdoor-user',
  severity: 'HIGH',
  status: 'active',
  // Only calls that name a user, in the request or in the key returned: root's own keys name none (they are
  // iam.root-access-key's), so those events never reach the function that deactivates keys, nor make it their
  // alert's owner; nor do calls on one's own MFA device, key or credential, which name no user either.
  pattern: apiCallPattern('iam', [...EVENTS], {
    $or: [{ requestParameters: { userName: [{ exists: true }] } }, { responseElements: { accessKey: { userName: [{ exists: true }] } } }],
  }),
  actions: ['deactivate-access-key'],
  classify,
  guidance:
    'Ask the user\'s owner. A created key is deactivated in an enforce stage that opted in (deactivateAccessKeys). If not theirs: ' +
    'deactivate and delete the key (aws iam update-access-key --status Inactive), delete the login profile, SSH key or ' +
    'service-specific credential, or enable MFA again, and review what the user did since.',
  references: {
    mitre: ['T1098.001', 'T1136.003', 'T1556.006'],
    stratus: [
      'aws.persistence.iam-backdoor-user',
      'aws.persistence.iam-create-user-login-profile',
      'aws.persistence.iam-create-admin-user',
      'aws.privilege-escalation.iam-update-user-login-profile',
    ],
    links: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html'],
  },
});
