import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfilesForRoleCommand,
  ListRolePoliciesCommand,
  RemoveRoleFromInstanceProfileCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { hasErrorCode } from '../../aws/errors';
import { withRetry, type RetryOptions } from '../../aws/retry';
import type { DeleteBackdoorRoleParams } from './action';
import { failedResult, type ActionApplier, type Applier, type ErrorCodeTables } from '../applier';

const ACTION = 'delete-backdoor-role';
/** The SDK names IAM's NoSuchEntity error NoSuchEntityException; older responses and other clients use the wire code. */
const GONE = ['NoSuchEntityException', 'NoSuchEntity'];
/** Policy documents quoted in the alert are capped so one role cannot crowd out the rest of it. */
const DOCUMENT_CAP = 1500;

/**
 * Sources: IAM API reference, GetRole / List*ForRole / DetachRolePolicy / DeleteRolePolicy /
 * RemoveRoleFromInstanceProfile / DeleteRole (errors: NoSuchEntity, DeleteConflict, LimitExceeded,
 * UnmodifiableEntity, ConcurrentModification, ServiceFailure), as modelled in @aws-sdk/client-iam.
 */
const DELETE_BACKDOOR_ROLE_CODES: ErrorCodeTables = {
  // The role is already gone: what the action wants.
  alreadyCompliant: GONE,
  notApplicable: [],
  failureHints: {
    AccessDenied: 'the selfProtection role may not delete this role (IAM policy, SCP or permissions boundary); the role still exists: delete it by hand',
    AccessDeniedException: 'the selfProtection role may not delete this role (IAM policy, SCP or permissions boundary); the role still exists: delete it by hand',
    DeleteConflictException: 'the role gained a policy or instance profile while it was being deleted; it still exists and the event is left for retry',
    UnmodifiableEntityException: 'the role is protected by AWS (a service-linked role) and cannot be deleted; delete it through the service that owns it',
    ConcurrentModificationException: 'the role is being changed by another call; it still exists and the event is left for retry',
  },
};

interface Removed {
  path: string;
  trustPolicy: string;
  attached: string[];
  inline: { name: string; document: string }[];
  instanceProfiles: string[];
}

/** IAM returns policy documents URL-encoded. */
const decodeDocument = (document: string | undefined): string => {
  if (document === undefined) return '';
  try {
    return decodeURIComponent(document);
  } catch {
    return document;
  }
};

const cap = (text: string): string => (text.length > DOCUMENT_CAP ? `${text.slice(0, DOCUMENT_CAP)}… (truncated)` : text);

/** A step that is done if the thing it removes is already gone (someone else removed it meanwhile). */
const unlessGone = async (call: () => Promise<unknown>, retry: RetryOptions | undefined): Promise<number> => {
  try {
    return (await withRetry(call, retry)).attempts;
  } catch (error) {
    if (hasErrorCode(error, GONE)) return 1;
    throw error;
  }
};

const listAll = async <T>(page: (marker: string | undefined) => Promise<{ items: T[]; marker: string | undefined }>): Promise<T[]> => {
  const all: T[] = [];
  let marker: string | undefined;
  do {
    const next = await page(marker);
    all.push(...next.items);
    marker = next.marker;
  } while (marker !== undefined);
  return all;
};

const recreateCommands = (roleName: string, removed: Removed): string => {
  const lines = [
    `aws iam create-role --role-name <new-name> --path ${removed.path} --assume-role-policy-document '${cap(removed.trustPolicy)}'`,
    ...removed.attached.map((arn) => `aws iam attach-role-policy --role-name <new-name> --policy-arn ${arn}`),
    ...removed.inline.map((policy) => `aws iam put-role-policy --role-name <new-name> --policy-name ${policy.name} --policy-document '${cap(policy.document)}'`),
    ...removed.instanceProfiles.map((profile) => `aws iam add-role-to-instance-profile --instance-profile-name ${profile} --role-name <new-name>`),
  ];
  return `If the role was legitimate, recreate it under a name outside trailguard-* (a role named ${roleName} would be deleted again): ${lines.join(' ; ')}`;
};

const describeRemoved = (roleName: string, removed: Removed): string => {
  const parts = [
    removed.attached.length > 0 ? `detached ${removed.attached.join(', ')}` : 'no attached policies',
    removed.inline.length > 0 ? `deleted inline ${removed.inline.map((p) => p.name).join(', ')}` : 'no inline policies',
    removed.instanceProfiles.length > 0 ? `removed it from instance profiles ${removed.instanceProfiles.join(', ')}` : 'no instance profiles',
  ];
  return `deleted role ${removed.path}${roleName} (${parts.join('; ')}); its trust policy was ${cap(removed.trustPolicy)}`;
};

const strip = async (iam: IAMClient, roleName: string, removed: Removed, retry: RetryOptions | undefined): Promise<number> => {
  let attempts = 0;
  removed.attached = (
    await listAll(async (Marker) => {
      const { result, attempts: tries } = await withRetry(() => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, ...(Marker ? { Marker } : {}) })), retry);
      attempts += tries;
      return { items: (result.AttachedPolicies ?? []).map((p) => p.PolicyArn!).filter(Boolean), marker: result.IsTruncated ? result.Marker : undefined };
    })
  );
  for (const PolicyArn of removed.attached) attempts += await unlessGone(() => iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn })), retry);

  const inlineNames = await listAll(async (Marker) => {
    const { result, attempts: tries } = await withRetry(() => iam.send(new ListRolePoliciesCommand({ RoleName: roleName, ...(Marker ? { Marker } : {}) })), retry);
    attempts += tries;
    return { items: result.PolicyNames ?? [], marker: result.IsTruncated ? result.Marker : undefined };
  });
  for (const PolicyName of inlineNames) {
    let document = '';
    try {
      const { result, attempts: tries } = await withRetry(() => iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName })), retry);
      attempts += tries;
      document = decodeDocument(result.PolicyDocument);
    } catch (error) {
      if (!hasErrorCode(error, GONE)) throw error;
    }
    removed.inline.push({ name: PolicyName, document });
    attempts += await unlessGone(() => iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName })), retry);
  }

  removed.instanceProfiles = await listAll(async (Marker) => {
    const { result, attempts: tries } = await withRetry(() => iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: roleName, ...(Marker ? { Marker } : {}) })), retry);
    attempts += tries;
    return { items: (result.InstanceProfiles ?? []).map((p) => p.InstanceProfileName!).filter(Boolean), marker: result.IsTruncated ? result.Marker : undefined };
  });
  for (const InstanceProfileName of removed.instanceProfiles) {
    attempts += await unlessGone(() => iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName, RoleName: roleName })), retry);
  }
  return attempts;
};

/**
 * Deletes a role that squats the responder's name prefix: DeleteRole refuses a role with policies or instance
 * profiles, so those go first (each recorded, so the alert can say what was removed and how to recreate it).
 */
const applyDeleteBackdoorRole: Applier<DeleteBackdoorRoleParams> = async (params, clients, options = {}) => {
  const { roleName } = params;
  const detail: Record<string, unknown> = { call: 'iam:DeleteRole', roleName };
  const removed: Removed = { path: '/', trustPolicy: '', attached: [], inline: [], instanceProfiles: [] };
  let attempts = 0;
  let found = false;
  try {
    const iam = clients.iam(params.region);
    const { result: got, attempts: tries } = await withRetry(() => iam.send(new GetRoleCommand({ RoleName: roleName })), options.retry);
    attempts += tries;
    found = true;
    removed.path = got.Role?.Path ?? '/';
    removed.trustPolicy = decodeDocument(got.Role?.AssumeRolePolicyDocument);
    attempts += await strip(iam, roleName, removed, options.retry);
    const { result, attempts: deleteTries } = await withRetry(() => iam.send(new DeleteRoleCommand({ RoleName: roleName })), options.retry);
    attempts += deleteTries;
    const requestId = result.$metadata?.requestId;
    return {
      outcome: 'applied',
      detail: {
        ...detail,
        path: removed.path,
        detached: removed.attached,
        deletedInlinePolicies: removed.inline.map((p) => p.name),
        removedFromInstanceProfiles: removed.instanceProfiles,
        ...(requestId ? { requestId } : {}),
        attempts,
      },
      did: describeRemoved(roleName, removed),
      undo: recreateCommands(roleName, removed),
    };
  } catch (error) {
    if (hasErrorCode(error, DELETE_BACKDOOR_ROLE_CODES.alreadyCompliant) && !found) {
      return { outcome: 'already-compliant', detail: { ...detail, call: 'iam:GetRole', reason: 'the role no longer exists' }, undo: '' };
    }
    if (hasErrorCode(error, GONE)) {
      // Deleted by someone else between our calls: gone is what we wanted.
      return { outcome: 'already-compliant', detail: { ...detail, reason: 'the role was deleted meanwhile' }, did: describeRemoved(roleName, removed), undo: recreateCommands(roleName, removed) };
    }
    const failed = failedResult(ACTION, { ...detail, detached: removed.attached, deletedInlinePolicies: removed.inline.map((p) => p.name) }, error, DELETE_BACKDOOR_ROLE_CODES.failureHints);
    // Half-stripped roles are worth knowing about: say what was already removed.
    return removed.attached.length + removed.inline.length > 0 ? { ...failed, undo: recreateCommands(roleName, removed) } : failed;
  }
};

export const deleteBackdoorRoleApplier: ActionApplier<DeleteBackdoorRoleParams> = { id: 'delete-backdoor-role', clients: { iam: IAMClient }, codes: DELETE_BACKDOOR_ROLE_CODES, apply: applyDeleteBackdoorRole };
