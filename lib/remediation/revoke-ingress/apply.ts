import {
  RevokeSecurityGroupIngressCommand,
  EC2Client,
  type IpPermission,
  type RevokeSecurityGroupIngressCommandOutput,
} from '@aws-sdk/client-ec2';
import { describeAwsError, hasErrorCode } from '../../aws/errors';
import { attemptsOf, withRetry, type RetryOptions } from '../../aws/retry';
import { canonicalCidr } from '../../ec2/cidr';
import type { ApplyResult } from '../action';
import type { RevokedPermission, RevokeIngressParams } from './action';
import { failedResult, type ActionApplier, type Applier, type ErrorCodeTables } from '../applier';

const ACTION = 'revoke-ingress';
const CALL = 'ec2:RevokeSecurityGroupIngress';

/**
 * Sources: EC2 API reference, RevokeSecurityGroupIngress ("for a non-default VPC, if the values you specify do
 * not match the existing rule's values, an InvalidPermission.NotFound client error is returned, and no rules are
 * revoked"; for a default VPC no error is returned and the response lists UnknownIpPermissions) and the EC2 error
 * code list (InvalidGroup.NotFound, InvalidSecurityGroupID.NotFound, InvalidGroupId.Malformed). A rule id that no
 * longer exists answers InvalidSecurityGroupRuleId.NotFound: terraform-provider-aws treats exactly that code (and
 * InvalidGroup.NotFound) as "already deleted" when it revokes by rule id.
 */
const REVOKE_INGRESS_CODES: ErrorCodeTables = {
  alreadyCompliant: ['InvalidPermission.NotFound', 'InvalidSecurityGroupRuleId.NotFound'],
  // A deleted group takes its rules with it. Malformed ids are deliberately absent: parse() validated them, so
  // EC2 rejecting one is a trailguard bug, and a bug must fail loudly rather than pass as "nothing to do".
  notApplicable: ['InvalidGroup.NotFound', 'InvalidSecurityGroupID.NotFound'],
  failureHints: {
    UnauthorizedOperation:
      'the responder role may not call ec2:RevokeSecurityGroupIngress on this group (IAM policy, SCP or permissions boundary); the rule is still open',
    AuthFailure: 'AWS rejected the responder credentials; the rule is still open',
    'InvalidGroupId.Malformed': 'EC2 rejected the group id as malformed although params validation accepted it: a trailguard bug',
    'InvalidSecurityGroupRuleId.Malformed': 'EC2 rejected a rule id as malformed although params validation accepted it: a trailguard bug',
    'InvalidPermission.Malformed': 'EC2 rejected the permissions as malformed: the revert was built wrongly (a trailguard bug)',
  },
};

/** The revoke request's target: exactly the rule ids, or exactly the permissions, the triggering event added. */
type Target = { readonly SecurityGroupRuleIds: string[] } | { readonly IpPermissions: IpPermission[] };

/** Exactly the fields the event gave; EC2 matches a permission by value, so nothing may be added or defaulted. */
export const toIpPermission = (permission: RevokedPermission): IpPermission => ({
  IpProtocol: permission.ipProtocol,
  ...(permission.fromPort !== undefined ? { FromPort: permission.fromPort } : {}),
  ...(permission.toPort !== undefined ? { ToPort: permission.toPort } : {}),
  // By value, a rule is found by the CIDR EC2 stored (host bits cleared), whatever the request that added it wrote.
  ...(permission.ipv4Ranges.length > 0 ? { IpRanges: permission.ipv4Ranges.map((cidr) => ({ CidrIp: canonicalCidr(cidr) })) } : {}),
  ...(permission.ipv6Ranges.length > 0 ? { Ipv6Ranges: permission.ipv6Ranges.map((cidr) => ({ CidrIpv6: canonicalCidr(cidr) })) } : {}),
});

const targetOf = (params: RevokeIngressParams): Target =>
  params.securityGroupRuleIds.length > 0
    ? { SecurityGroupRuleIds: [...params.securityGroupRuleIds] }
    : { IpPermissions: params.ipPermissions.map(toIpPermission) };

const describeTarget = (target: Target): Record<string, unknown> =>
  'SecurityGroupRuleIds' in target ? { securityGroupRuleIds: target.SecurityGroupRuleIds } : { ipPermissions: target.IpPermissions };

const rangeCount = (permissions: readonly IpPermission[]): number =>
  permissions.reduce((sum, p) => sum + (p.IpRanges?.length ?? 0) + (p.Ipv6Ranges?.length ?? 0), 0);

/** The target as single-item requests: one rule id, or one permission with one range, each. */
const splitTarget = (target: Target): Target[] =>
  'SecurityGroupRuleIds' in target
    ? target.SecurityGroupRuleIds.map((id) => ({ SecurityGroupRuleIds: [id] }))
    : target.IpPermissions.flatMap(({ IpRanges = [], Ipv6Ranges = [], ...rest }) => [
        ...IpRanges.map((range) => ({ IpPermissions: [{ ...rest, IpRanges: [range] }] })),
        ...Ipv6Ranges.map((range) => ({ IpPermissions: [{ ...rest, Ipv6Ranges: [range] }] })),
      ]);

const itemCount = (target: Target): number =>
  'SecurityGroupRuleIds' in target ? target.SecurityGroupRuleIds.length : rangeCount(target.IpPermissions);

/** What one RevokeSecurityGroupIngress call came to. */
type CallResult =
  | { readonly kind: 'revoked'; readonly attempts: number; readonly facts: Record<string, unknown> }
  | { readonly kind: 'absent'; readonly attempts: number; readonly facts: Record<string, unknown>; readonly byError: boolean }
  | { readonly kind: 'gone' | 'failed'; readonly attempts: number; readonly error: unknown };

const fromResponse = (response: RevokeSecurityGroupIngressCommandOutput, target: Target, attempts: number): CallResult => {
  const requestId = response.$metadata?.requestId;
  const revokedIds = (response.RevokedSecurityGroupRules ?? []).flatMap((rule) => rule.SecurityGroupRuleId ?? []);
  const facts = {
    ...(requestId ? { requestId } : {}),
    ...(revokedIds.length > 0 ? { revokedSecurityGroupRuleIds: revokedIds } : {}),
  };
  if (response.Return === false) {
    // Documented as "true if the request succeeds; otherwise an error": a false is unexplained, so not a success.
    const error = Object.assign(new Error('EC2 answered Return=false without an error'), { name: 'UnexpectedResponse' });
    return { kind: 'failed', attempts, error };
  }
  const unknown = response.UnknownIpPermissions ?? [];
  if (unknown.length === 0) return { kind: 'revoked', attempts, facts };
  // Default VPC: EC2 revokes what matched and lists the rest as unknown. Nothing matched means nothing was open.
  const anythingRevoked = response.RevokedSecurityGroupRules
    ? response.RevokedSecurityGroupRules.length > 0
    : rangeCount(unknown) < itemCount(target);
  const withUnknown = { ...facts, unknownIpPermissions: unknown };
  return anythingRevoked
    ? { kind: 'revoked', attempts, facts: withUnknown }
    : { kind: 'absent', attempts, facts: withUnknown, byError: false };
};

const revoke = async (ec2: EC2Client, groupId: string, target: Target, retry?: RetryOptions): Promise<CallResult> => {
  try {
    const { result, attempts } = await withRetry(
      () => ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, ...target })),
      retry,
    );
    return fromResponse(result, target, attempts);
  } catch (error) {
    const attempts = attemptsOf(error) ?? 1;
    if (hasErrorCode(error, REVOKE_INGRESS_CODES.alreadyCompliant)) {
      const { errorCode, requestId } = describeAwsError(error);
      return { kind: 'absent', attempts, facts: { errorCode, ...(requestId ? { requestId } : {}) }, byError: true };
    }
    if (hasErrorCode(error, REVOKE_INGRESS_CODES.notApplicable)) return { kind: 'gone', attempts, error };
    return { kind: 'failed', attempts, error };
  }
};

const toResult = (result: CallResult, detail: Record<string, unknown>): ApplyResult => {
  switch (result.kind) {
    case 'revoked':
      return { outcome: 'applied', detail: { ...detail, ...result.facts, attempts: result.attempts } };
    case 'absent':
      return {
        outcome: 'already-compliant',
        detail: { ...detail, ...result.facts, attempts: result.attempts, reason: 'the rules were no longer in the group' },
      };
    case 'gone': {
      const { errorCode, requestId } = describeAwsError(result.error);
      const facts = { errorCode, ...(requestId ? { requestId } : {}), attempts: result.attempts };
      return { outcome: 'not-applicable', detail: { ...detail, ...facts, reason: 'the security group no longer exists' } };
    }
    case 'failed':
      return failedResult(ACTION, detail, result.error, REVOKE_INGRESS_CODES.failureHints);
  }
};

/**
 * EC2 rejects a whole multi-rule request with NotFound when any one rule is missing, and then revokes none of
 * them (documented for permissions in a non-default VPC; assumed for rule ids, which fail the same way), so
 * "already compliant" would leave the others open. Revoke them one at a time instead: each NotFound then does
 * mean that rule is gone. This only ever narrows the request: it never names a rule the event did not add.
 */
const revokeOneByOne = async (
  ec2: EC2Client,
  groupId: string,
  target: Target,
  first: CallResult,
  detail: Record<string, unknown>,
  retry?: RetryOptions,
): Promise<ApplyResult> => {
  const items: { target: Target; result: CallResult }[] = [];
  for (const item of splitTarget(target)) items.push({ target: item, result: await revoke(ec2, groupId, item, retry) });
  const results = items.map((item) => item.result);
  const summary = {
    ...detail,
    firstCall: { outcome: first.kind, ...('facts' in first ? first.facts : {}) },
    calls: 1 + items.length,
    attempts: results.reduce((sum, result) => sum + result.attempts, first.attempts),
    items: items.map(({ target: item, result }) => ({
      ...describeTarget(item),
      outcome: result.kind,
      ...('facts' in result ? result.facts : { errorCode: describeAwsError(result.error).errorCode }),
    })),
  };
  const failed = results.find((result) => result.kind === 'failed');
  if (failed && failed.kind === 'failed') return failedResult(ACTION, summary, failed.error, REVOKE_INGRESS_CODES.failureHints);
  if (results.some((result) => result.kind === 'revoked')) return { outcome: 'applied', detail: summary };
  if (results.some((result) => result.kind === 'gone')) {
    return { outcome: 'not-applicable', detail: { ...summary, reason: 'the security group no longer exists' } };
  }
  return { outcome: 'already-compliant', detail: { ...summary, reason: 'the rules were no longer in the group' } };
};

/**
 * Revokes exactly what the triggering event added: one RevokeSecurityGroupIngress naming its rule ids when the
 * event's response carried them, otherwise naming its permissions (protocol, ports, world-open ranges) by value.
 */
const applyRevokeIngress: Applier<RevokeIngressParams> = async (params, clients, options = {}) => {
  const target = targetOf(params);
  const detail = { call: CALL, region: params.region, groupId: params.groupId, ...describeTarget(target) };
  try {
    const ec2 = clients.ec2(params.region);
    const first = await revoke(ec2, params.groupId, target, options.retry);
    if (first.kind === 'absent' && first.byError && itemCount(target) > 1) {
      return await revokeOneByOne(ec2, params.groupId, target, first, detail, options.retry);
    }
    return toResult(first, detail);
  } catch (error) {
    // Only reached by a bug (e.g. an invalid region); still an alerted failure, never an escaped exception.
    return failedResult(ACTION, detail, error, REVOKE_INGRESS_CODES.failureHints);
  }
};

export const revokeIngressApplier: ActionApplier<RevokeIngressParams> = { id: 'revoke-ingress', clients: { ec2: EC2Client }, codes: REVOKE_INGRESS_CODES, apply: applyRevokeIngress };
