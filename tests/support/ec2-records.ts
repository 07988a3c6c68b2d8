import type { CloudTrailRecord, JsonObject } from '../../lib/cloudtrail/record';
import { canonicalCidr } from '../../lib/ec2/cidr';
import { ACCOUNT, apiCall, exampleId, type RecordOverrides } from './records';

/**
 * Builders for EC2 security-group CloudTrail records, in the shapes CloudTrail writes (checked against public
 * samples: AWS documentation, Stratus Red Team detonation logs, Panther and Sigma rule tests):
 * - AuthorizeSecurityGroupIngress/Egress: `requestParameters.ipPermissions.items[]` (EC2's `{ items: [...] }` list
 *   wrapper, empty lists written as `{}`), or the legacy top-level `ipProtocol/fromPort/toPort/cidrIp` form that
 *   SDK calls without IpPermissions produce (with `ipPermissions: {}` beside it); newer records add
 *   `responseElements.securityGroupRuleSet.items[]`, one item per rule created.
 * - ModifySecurityGroupRules: the request keeps its XML wrapper and PascalCase keys,
 *   `requestParameters.ModifySecurityGroupRulesRequest.{GroupId, SecurityGroupRule}`, where SecurityGroupRule is one
 *   `{ SecurityGroupRuleId, SecurityGroupRule: {...}, tag }` object, or a list of them when several rules change.
 */

type Overrides = Partial<Omit<RecordOverrides, 'eventSource' | 'eventName'>>;

/** `sg-` / `sgr-` followed by 17 hex digits, deterministic per seed (ids must pass revoke-ingress's schema). */
const hexId = (prefix: string, seed: string): string => `${prefix}-${exampleId(`${prefix}:${seed}`).replace(/-/g, '').slice(0, 17)}`;
export const groupIdFor = (seed: string): string => hexId('sg', seed);
export const ruleIdFor = (seed: string): string => hexId('sgr', seed);

/** One permission as a caller writes it; ports and protocol may be strings, as some SDKs send them. */
export interface PermissionSpec {
  readonly protocol?: string | number;
  readonly from?: number | string;
  readonly to?: number | string;
  readonly v4?: readonly string[];
  readonly v6?: readonly string[];
  /** Referenced security groups (`groups.items[].groupId`). */
  readonly groups?: readonly string[];
  readonly prefixLists?: readonly string[];
  /** Ids the response gives each source of this permission, in order v4, v6, groups, prefix lists. */
  readonly ruleIds?: readonly string[];
}

const list = (values: readonly JsonObject[]): JsonObject => (values.length > 0 ? { items: [...values] } : {});

/** `requestParameters.ipPermissions.items[]` element, with the empty `{}` lists the console and SDKs write. */
export const ipPermission = (spec: PermissionSpec): JsonObject => ({
  ...(spec.protocol !== undefined ? { ipProtocol: spec.protocol } : {}),
  ...(spec.from !== undefined ? { fromPort: spec.from } : {}),
  ...(spec.to !== undefined ? { toPort: spec.to } : {}),
  groups: list((spec.groups ?? []).map((groupId) => ({ userId: ACCOUNT, groupId }))),
  ipRanges: list((spec.v4 ?? []).map((cidrIp) => ({ cidrIp }))),
  ipv6Ranges: list((spec.v6 ?? []).map((cidrIpv6) => ({ cidrIpv6 }))),
  prefixListIds: list((spec.prefixLists ?? []).map((prefixListId) => ({ prefixListId }))),
});

const CANONICAL_PROTOCOL: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

/** The rule-set items EC2 returns for one permission: one rule per source, protocol and ports canonicalised. */
export const ruleSetItems = (groupId: string, spec: PermissionSpec, isEgress: boolean, seed: string): JsonObject[] => {
  const raw = String(spec.protocol ?? 'tcp').toLowerCase();
  const ipProtocol = CANONICAL_PROTOCOL[raw] ?? raw;
  const portless = !['tcp', 'udp', 'icmp', 'icmpv6'].includes(ipProtocol);
  const fromPort = portless ? -1 : Number(spec.from ?? -1);
  const toPort = portless ? -1 : Number(spec.to ?? -1);
  const sources: JsonObject[] = [
    // EC2 reports the range it stored: host bits cleared (a request's 203.0.113.7/0 is 0.0.0.0/0 here).
    ...(spec.v4 ?? []).map((cidr) => ({ cidrIpv4: canonicalCidr(cidr) })),
    ...(spec.v6 ?? []).map((cidr) => ({ cidrIpv6: canonicalCidr(cidr) })),
    ...(spec.groups ?? []).map((id) => ({ referencedGroupInfo: { groupId: id, userId: ACCOUNT } })),
    ...(spec.prefixLists ?? []).map((prefixListId) => ({ prefixListId })),
  ];
  return sources.map((source, index) => ({
    groupOwnerId: ACCOUNT,
    groupId,
    securityGroupRuleId: spec.ruleIds?.[index] ?? ruleIdFor(`${seed}:${index}`),
    isEgress,
    ipProtocol,
    fromPort,
    toPort,
    ...source,
  }));
};

const ec2Call = (eventName: string, overrides: Overrides & { requestParameters?: JsonObject | null; responseElements?: JsonObject | null }): CloudTrailRecord =>
  apiCall({ eventSource: 'ec2.amazonaws.com', eventName, ...overrides });

export interface AuthorizeOptions {
  readonly groupId?: string;
  /** Name only (default VPC / EC2-Classic callers): the request then has no groupId. */
  readonly groupName?: string;
  readonly permissions: readonly PermissionSpec[];
  /** Write `responseElements.securityGroupRuleSet` as records since 2021 do (default true). */
  readonly ruleSet?: boolean;
  readonly egress?: boolean;
  readonly overrides?: Overrides;
}

/** AuthorizeSecurityGroupIngress (or Egress) with `ipPermissions.items[]`, as the console and most SDK calls write it. */
export const authorizeSecurityGroup = (options: AuthorizeOptions): CloudTrailRecord => {
  const eventName = options.egress ? 'AuthorizeSecurityGroupEgress' : 'AuthorizeSecurityGroupIngress';
  const groupId = options.groupId ?? (options.groupName === undefined ? groupIdFor('default') : undefined);
  const seed = `${eventName}:${groupId ?? options.groupName}`;
  const responseGroupId = groupId ?? groupIdFor(`named:${options.groupName}`);
  const ruleSet = options.permissions.flatMap((spec, index) =>
    ruleSetItems(responseGroupId, spec, options.egress === true, `${seed}:${index}:${JSON.stringify(spec)}`),
  );
  return ec2Call(eventName, {
    requestParameters: {
      ...(groupId !== undefined ? { groupId } : {}),
      ...(options.groupName !== undefined ? { groupName: options.groupName } : {}),
      ipPermissions: { items: options.permissions.map(ipPermission) },
    },
    responseElements: {
      requestId: exampleId(`response:${seed}:${options.permissions.length}`),
      _return: true,
      ...(options.ruleSet === false ? {} : { securityGroupRuleSet: { items: ruleSet } }),
    },
    ...options.overrides,
  });
};

export interface LegacyOptions {
  readonly groupId?: string;
  readonly groupName?: string;
  readonly protocol: string | number;
  readonly from?: number | string;
  readonly to?: number | string;
  readonly cidrIp: string;
  readonly ruleSet?: boolean;
  readonly ruleId?: string;
  readonly overrides?: Overrides;
}

/**
 * The legacy top-level form (`IpProtocol/FromPort/ToPort/CidrIp` without IpPermissions), which `aws ec2
 * authorize-security-group-ingress --protocol --port --cidr` and some SDKs still send; CloudTrail writes
 * `ipPermissions: {}` beside it.
 */
export const legacyAuthorizeIngress = (options: LegacyOptions): CloudTrailRecord => {
  const groupId = options.groupId ?? (options.groupName === undefined ? groupIdFor('default') : undefined);
  const seed = `legacy:${groupId ?? options.groupName}:${options.cidrIp}:${String(options.from)}`;
  const spec: PermissionSpec = {
    protocol: options.protocol,
    from: options.from,
    to: options.to,
    v4: [options.cidrIp],
    ...(options.ruleId ? { ruleIds: [options.ruleId] } : {}),
  };
  return ec2Call('AuthorizeSecurityGroupIngress', {
    requestParameters: {
      ...(groupId !== undefined ? { groupId } : {}),
      ...(options.groupName !== undefined ? { groupName: options.groupName } : {}),
      ipPermissions: {},
      ipProtocol: options.protocol,
      ...(options.from !== undefined ? { fromPort: options.from } : {}),
      ...(options.to !== undefined ? { toPort: options.to } : {}),
      cidrIp: options.cidrIp,
    },
    responseElements: {
      requestId: exampleId(`response:${seed}`),
      _return: true,
      ...(options.ruleSet === false
        ? {}
        : { securityGroupRuleSet: { items: ruleSetItems(groupId ?? groupIdFor(`named:${options.groupName}`), spec, false, seed) } }),
    },
    ...options.overrides,
  });
};

/** The new definition of one rule in a ModifySecurityGroupRules request (PascalCase, as CloudTrail keeps it). */
export interface RuleUpdate {
  readonly ruleId: string;
  readonly rule: {
    readonly IpProtocol?: string;
    readonly FromPort?: number | string;
    readonly ToPort?: number | string;
    readonly CidrIpv4?: string;
    readonly CidrIpv6?: string;
    readonly PrefixListId?: string;
    readonly ReferencedGroupId?: string;
    readonly Description?: string;
  };
}

export interface ModifyOptions {
  readonly groupId?: string;
  readonly updates: readonly RuleUpdate[];
  /** Write SecurityGroupRule as a list even for one update (CloudTrail writes a bare object for one). */
  readonly forceList?: boolean;
  readonly overrides?: Overrides;
}

export const modifySecurityGroupRules = (options: ModifyOptions): CloudTrailRecord => {
  const groupId = options.groupId ?? groupIdFor('default');
  const updates = options.updates.map((update, index) => ({
    SecurityGroupRuleId: update.ruleId,
    SecurityGroupRule: { ...update.rule },
    tag: index + 1,
  }));
  const securityGroupRule = updates.length === 1 && options.forceList !== true ? updates[0] : updates;
  return ec2Call('ModifySecurityGroupRules', {
    requestParameters: { ModifySecurityGroupRulesRequest: { GroupId: groupId, SecurityGroupRule: securityGroupRule } },
    responseElements: {
      ModifySecurityGroupRulesResponse: {
        xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
        requestId: exampleId(`modify:${groupId}:${JSON.stringify(options.updates)}`),
        return: true,
      },
    },
    ...options.overrides,
  });
};

/** RevokeSecurityGroupIngress/Egress naming the permissions to remove (what revoke-ingress sends without rule ids). */
export const revokeSecurityGroup = (groupId: string, permissions: readonly PermissionSpec[], egress = false, overrides: Overrides = {}): CloudTrailRecord =>
  ec2Call(egress ? 'RevokeSecurityGroupEgress' : 'RevokeSecurityGroupIngress', {
    requestParameters: { groupId, ipPermissions: { items: permissions.map(ipPermission) } },
    responseElements: { requestId: exampleId(`revoke:${groupId}:${permissions.length}`), _return: true },
    ...overrides,
  });

export const createSecurityGroup = (groupName: string, vpcId: string, overrides: Overrides = {}): CloudTrailRecord => {
  const groupId = groupIdFor(`created:${groupName}`);
  return ec2Call('CreateSecurityGroup', {
    requestParameters: { groupName, groupDescription: `${groupName} security group`, vpcId },
    responseElements: {
      requestId: exampleId(`create:${groupName}`),
      _return: true,
      groupId,
      securityGroupArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/${groupId}`,
    },
    ...overrides,
  });
};

export const deleteSecurityGroup = (groupId: string, overrides: Overrides = {}): CloudTrailRecord =>
  ec2Call('DeleteSecurityGroup', {
    requestParameters: { groupId },
    responseElements: { requestId: exampleId(`delete:${groupId}`), _return: true, groupId },
    ...overrides,
  });

/** A read-only security-group call (DescribeSecurityGroups, DescribeSecurityGroupRules). */
export const describeSecurityGroups = (eventName = 'DescribeSecurityGroups', overrides: Overrides = {}): CloudTrailRecord =>
  ec2Call(eventName, {
    requestParameters: { securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} },
    responseElements: null,
    ...overrides,
  });
