import { ANY_RESOURCE, defineAction } from '../action';
import { ParamsReader, ActionParamsError } from '../params-schema';
import { REGION_NAME } from '../../cloudtrail/record';
import { IPV4_CIDR, IPV6_CIDR } from '../../ec2/cidr';
import { SECURITY_GROUP_ID as GROUP_ID, SECURITY_GROUP_RULE_ID as RULE_ID } from '../../ec2/ids';
import { IP_PROTOCOL as PROTOCOL } from '../../ec2/protocol';

const EVENT_ID = /^[0-9A-Za-z-]{1,64}$/;
const EVENT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
/** Descriptions go into commands only when they hold nothing a shell or the CLI shorthand would interpret. */
export const PLAIN_DESCRIPTION = /^[A-Za-z0-9 ._:/@-]{0,255}$/;

/**
 * One security-group rule exactly as the triggering ModifySecurityGroupRules set it: the applier compares these
 * values with the rule's current ones (to never clobber a later edit) and re-applies them in the undo command.
 */
export interface EditedRule {
  readonly securityGroupRuleId: string;
  readonly ipProtocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrIpv4?: string;
  readonly cidrIpv6?: string;
  readonly description?: string;
}

/**
 * The world-open edits of one ModifySecurityGroupRules event. The record does not say what each rule was before,
 * nor whether it is ingress or egress: the applier learns both from AWS (DescribeSecurityGroupRules, then AWS
 * Config history, then CloudTrail history before `eventTime`, skipping the event `eventId` itself).
 */
export interface RestoreSgRuleParams {
  readonly groupId: string;
  readonly region: string;
  readonly eventId: string;
  readonly eventTime: string;
  readonly rules: readonly EditedRule[];
}

const ACTION = 'restore-sg-rule';

const readRule = (item: unknown, path: string): EditedRule => {
  const keys = ['securityGroupRuleId', 'ipProtocol', 'fromPort', 'toPort', 'cidrIpv4', 'cidrIpv6', 'description'];
  const reader = new ParamsReader(ACTION, item, keys, path);
  const rule: EditedRule = {
    securityGroupRuleId: reader.string('securityGroupRuleId', RULE_ID),
    ipProtocol: reader.string('ipProtocol', PROTOCOL),
    fromPort: reader.optionalInteger('fromPort', -1, 65535),
    toPort: reader.optionalInteger('toPort', -1, 65535),
    cidrIpv4: reader.optionalString('cidrIpv4', IPV4_CIDR),
    cidrIpv6: reader.optionalString('cidrIpv6', IPV6_CIDR),
    description: reader.optionalString('description', /^[^\u0000-\u001f]{0,255}$/),
  };
  if ((rule.cidrIpv4 === undefined) === (rule.cidrIpv6 === undefined)) {
    throw new ActionParamsError(ACTION, path, 'must name exactly one of cidrIpv4 and cidrIpv6');
  }
  // Omitted keys stay omitted: the params are compared for equality with what the classifier built.
  return Object.fromEntries(Object.entries(rule).filter(([, value]) => value !== undefined)) as unknown as EditedRule;
};

/** `tcp/22 from 0.0.0.0/0`, for sentences. */
export const describeRuleValues = (rule: {
  readonly ipProtocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly source: string;
}): string => {
  const protocol = rule.ipProtocol === '-1' ? 'all traffic' : rule.ipProtocol;
  const hasPorts = rule.ipProtocol !== '-1' && rule.fromPort !== undefined && rule.fromPort !== -1;
  const ports = !hasPorts ? '' : rule.fromPort === rule.toPort || rule.toPort === undefined ? `/${rule.fromPort}` : `/${rule.fromPort}-${rule.toPort}`;
  return `${protocol}${ports} from ${rule.source}`;
};

/** The CLI shorthand of a rule definition for `modify-security-group-rules` (values already validated plain). */
export const ruleShorthand = (rule: {
  readonly ipProtocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrIpv4?: string;
  readonly cidrIpv6?: string;
  readonly prefixListId?: string;
  readonly referencedGroupId?: string;
  readonly description?: string;
}): string => {
  const parts = [`IpProtocol=${rule.ipProtocol}`];
  if (rule.fromPort !== undefined) parts.push(`FromPort=${rule.fromPort}`);
  if (rule.toPort !== undefined) parts.push(`ToPort=${rule.toPort}`);
  if (rule.cidrIpv4 !== undefined) parts.push(`CidrIpv4=${rule.cidrIpv4}`);
  if (rule.cidrIpv6 !== undefined) parts.push(`CidrIpv6=${rule.cidrIpv6}`);
  if (rule.prefixListId !== undefined) parts.push(`PrefixListId=${rule.prefixListId}`);
  if (rule.referencedGroupId !== undefined) parts.push(`ReferencedGroupId=${rule.referencedGroupId}`);
  if (rule.description !== undefined && rule.description !== '' && PLAIN_DESCRIPTION.test(rule.description)) {
    parts.push(`Description=${rule.description}`);
  }
  return parts.join(',');
};

/** The command that puts rule `ruleId` of the group back to `values`. */
export const modifyCommand = (region: string, groupId: string, ruleId: string, values: Parameters<typeof ruleShorthand>[0]): string =>
  `aws ec2 modify-security-group-rules --region ${region} --group-id ${groupId} ` +
  `--security-group-rules 'SecurityGroupRuleId=${ruleId},SecurityGroupRule={${ruleShorthand(values)}}'`;

export const restoreSgRule = defineAction<RestoreSgRuleParams>({
  id: ACTION,
  description:
    'Put security-group rules edited to world-open back to their previous values (from AWS Config, else CloudTrail ' +
    'history); revoke a rule whose previous values cannot be learned, and say what was lost',
  permissions: [
    { action: 'cloudtrail:LookupEvents', resources: [ANY_RESOURCE] },
    { action: 'config:GetResourceConfigHistory', resources: [ANY_RESOURCE] },
    { action: 'ec2:DescribeSecurityGroupRules', resources: [ANY_RESOURCE] },
    { action: 'ec2:ModifySecurityGroupRules', resources: ['ec2:security-group', 'ec2:security-group-rule'] },
    { action: 'ec2:RevokeSecurityGroupIngress', resources: ['ec2:security-group', 'ec2:security-group-rule'] },
  ],
  parse(params) {
    const reader = new ParamsReader(ACTION, params, ['groupId', 'region', 'eventId', 'eventTime', 'rules']);
    const parsed: RestoreSgRuleParams = {
      groupId: reader.string('groupId', GROUP_ID),
      region: reader.string('region', REGION_NAME),
      eventId: reader.string('eventId', EVENT_ID),
      eventTime: reader.string('eventTime', EVENT_TIME),
      rules: reader.objectArray('rules', readRule),
    };
    if (parsed.rules.length === 0) throw new ActionParamsError(ACTION, 'rules', 'must not be empty');
    if (Number.isNaN(Date.parse(parsed.eventTime))) throw new ActionParamsError(ACTION, 'eventTime', 'is not a valid time');
    return parsed;
  },
  plan(params) {
    return {
      calls: [
        'ec2:DescribeSecurityGroupRules',
        'config:GetResourceConfigHistory',
        'cloudtrail:LookupEvents',
        'ec2:ModifySecurityGroupRules (restore) or ec2:RevokeSecurityGroupIngress (no history)',
      ],
      region: params.region,
      groupId: params.groupId,
      securityGroupRuleIds: params.rules.map((rule) => rule.securityGroupRuleId),
      before: params.eventTime,
    };
  },
  undo(params) {
    return (
      'If the edit was legitimate, add an exception for it, then redo it: ' +
      params.rules
        .map((rule) => modifyCommand(params.region, params.groupId, rule.securityGroupRuleId, rule))
        .join(' ; ')
    );
  },
});
