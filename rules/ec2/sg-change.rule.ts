import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { actorOf, get, items, str, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { defineRule, type FindingDraft } from '../../lib/rule';

/**
 * CIS 4.10's list, plus ModifySecurityGroupRules: it rewrites an existing rule's protocol, ports and CIDR in place
 * (e.g. 10.0.0.0/8:22 to 0.0.0.0/0:22) without any Authorize/Revoke event, so leaving it out would let every rule
 * change pass unseen. UpdateSecurityGroupRuleDescriptions* only edit descriptions and stay out.
 */
const EVENT_NAMES = [
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'CreateSecurityGroup',
  'DeleteSecurityGroup',
  'ModifySecurityGroupRules',
] as const;

const VERBS: Readonly<Record<string, string>> = {
  AuthorizeSecurityGroupIngress: 'added ingress rules to',
  AuthorizeSecurityGroupEgress: 'added egress rules to',
  RevokeSecurityGroupIngress: 'removed ingress rules from',
  RevokeSecurityGroupEgress: 'removed egress rules from',
  CreateSecurityGroup: 'created',
  DeleteSecurityGroup: 'deleted',
  ModifySecurityGroupRules: 'modified rules of',
};

/** The group the call changed, wherever this event name writes it (id preferred to name). */
const groupOf = (record: CloudTrailRecord): string | undefined => {
  const request = record.requestParameters;
  const response = record.responseElements;
  return (
    str(get(request, 'groupId')) ??
    str(get(request, 'ModifySecurityGroupRulesRequest', 'GroupId')) ??
    str(get(response, 'groupId')) ??
    items(get(response, 'securityGroupRuleSet')).map((item) => str(item.groupId)).find((id) => id !== undefined) ??
    str(get(request, 'groupName'))
  );
};

const classify = (record: CloudTrailRecord): FindingDraft | null => {
  if (!succeeded(record)) return null;
  const group = groupOf(record)?.trim() || undefined;
  const ruleIds = items(get(record.responseElements, 'securityGroupRuleSet'))
    .map((item) => str(item.securityGroupRuleId))
    .filter((id): id is string => id !== undefined);
  const vpcId = str(get(record.requestParameters, 'vpcId'));
  const facts: Record<string, string> = { Change: record.eventName };
  if (ruleIds.length > 0) facts['Security group rules'] = ruleIds.join(', ');
  if (vpcId) facts.VPC = vpcId;
  return {
    resources: group ? [group] : [],
    summary: `${actorOf(record)} ${VERBS[record.eventName] ?? record.eventName} ${group ?? 'a security group'}`,
    facts,
  };
};

export default defineRule({
  id: 'ec2.sg-change',
  title: 'Security group changed',
  description:
    'A security group was created, deleted or had rules added, removed or rewritten. Security groups are the ' +
    'firewall of every instance, database and load balancer in a VPC: each change should be expected.',
  category: 'sg-change',
  // Routine in most accounts, hence LOW: this is the audit trail. Dangerous openings are ec2.sg-open-ingress's job.
  severity: 'LOW',
  status: 'active',
  // Rides with sg-open-ingress: both fire on AuthorizeSecurityGroupIngress, and one function means one alert.
  responder: 'security-group',
  pattern: apiCallPattern('ec2', [...EVENT_NAMES]),
  classify,
  guidance: 'Confirm the change with its author or the deployment that made it; compare it with the infrastructure code.',
  // CIS AWS Foundations Benchmark v1.4.0 / v3.0.0 numbering.
  references: { cis: ['4.10'], securityHub: ['CloudWatch.10'], mitre: ['T1562.007'] },
});
