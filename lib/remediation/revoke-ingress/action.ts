import { defineAction } from '../action';
import { ParamsReader, ActionParamsError } from '../params-schema';
import { REGION_NAME } from '../../cloudtrail/record';
import { IPV4_CIDR, IPV6_CIDR } from '../../ec2/cidr';
import { SECURITY_GROUP_ID as GROUP_ID, SECURITY_GROUP_RULE_ID as RULE_ID } from '../../ec2/ids';
import { IP_PROTOCOL as PROTOCOL } from '../../ec2/protocol';

/** One permission exactly as the triggering event added it, restricted to its world-open ranges. */
export interface RevokedPermission {
  readonly ipProtocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly ipv4Ranges: readonly string[];
  readonly ipv6Ranges: readonly string[];
}

/**
 * What the triggering event opened to the world. `securityGroupRuleIds` are the ids the event's response created
 * for those permissions: when present the revert names them (one exact call); otherwise it names the permissions.
 * Either way it never reaches rules the event did not add.
 */
export interface RevokeIngressParams {
  readonly groupId: string;
  readonly region: string;
  readonly ipPermissions: readonly RevokedPermission[];
  readonly securityGroupRuleIds: readonly string[];
}

const ACTION = 'revoke-ingress';

const readPermission = (item: unknown, path: string): RevokedPermission => {
  const reader = new ParamsReader(ACTION, item, ['ipProtocol', 'fromPort', 'toPort', 'ipv4Ranges', 'ipv6Ranges'], path);
  const permission: RevokedPermission = {
    ipProtocol: reader.string('ipProtocol', PROTOCOL),
    fromPort: reader.optionalInteger('fromPort', -1, 65535),
    toPort: reader.optionalInteger('toPort', -1, 65535),
    ipv4Ranges: reader.stringArray('ipv4Ranges', IPV4_CIDR),
    ipv6Ranges: reader.stringArray('ipv6Ranges', IPV6_CIDR),
  };
  if (permission.ipv4Ranges.length + permission.ipv6Ranges.length === 0) {
    throw new ActionParamsError(ACTION, path, 'names no range to revoke');
  }
  return permission;
};

const describePermission = (p: RevokedPermission): string => {
  const ports = p.fromPort === undefined ? '' : `,FromPort=${p.fromPort},ToPort=${p.toPort ?? p.fromPort}`;
  const v4 = p.ipv4Ranges.length ? `,IpRanges=[${p.ipv4Ranges.map((c) => `{CidrIp=${c}}`).join(',')}]` : '';
  const v6 = p.ipv6Ranges.length ? `,Ipv6Ranges=[${p.ipv6Ranges.map((c) => `{CidrIpv6=${c}}`).join(',')}]` : '';
  return `IpProtocol=${p.ipProtocol}${ports}${v4}${v6}`;
};

export const revokeIngress = defineAction<RevokeIngressParams>({
  id: ACTION,
  description: 'Revoke exactly the world-open ingress rules the triggering event added',
  permissions: [{ action: 'ec2:RevokeSecurityGroupIngress', resources: ['ec2:security-group', 'ec2:security-group-rule'] }],
  parse(params) {
    const reader = new ParamsReader(ACTION, params, ['groupId', 'region', 'ipPermissions', 'securityGroupRuleIds']);
    const parsed: RevokeIngressParams = {
      groupId: reader.string('groupId', GROUP_ID),
      region: reader.string('region', REGION_NAME),
      ipPermissions: reader.objectArray('ipPermissions', readPermission),
      securityGroupRuleIds: reader.stringArray('securityGroupRuleIds', RULE_ID),
    };
    if (parsed.ipPermissions.length === 0) throw new ActionParamsError(ACTION, 'ipPermissions', 'must not be empty');
    return parsed;
  },
  plan(params) {
    const target = params.securityGroupRuleIds.length > 0
      ? { securityGroupRuleIds: params.securityGroupRuleIds }
      : { ipPermissions: params.ipPermissions };
    return { call: 'ec2:RevokeSecurityGroupIngress', region: params.region, groupId: params.groupId, ...target };
  },
  undo(params) {
    return (
      'If the rule was legitimate, add an exception for it, then re-apply it: ' +
      `aws ec2 authorize-security-group-ingress --region ${params.region} --group-id ${params.groupId} ` +
      `--ip-permissions ${params.ipPermissions.map(describePermission).join(' ')}`
    );
  },
});
