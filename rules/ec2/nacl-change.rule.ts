import { awsServiceCaller, describeActor, fieldText, firstFieldText, request, resourceList, response, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { get, num, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { defineRule } from '../../lib/rule';

/** Security Hub CloudWatch.11 / CIS v1.4 4.11, complete. */
const EVENTS = [
  'CreateNetworkAcl',
  'CreateNetworkAclEntry',
  'DeleteNetworkAcl',
  'DeleteNetworkAclEntry',
  'ReplaceNetworkAclEntry',
  'ReplaceNetworkAclAssociation',
] as const;

const EVENT_SET: ReadonlySet<string> = new Set(EVENTS);

const PROTOCOLS: Readonly<Record<string, string>> = { '-1': 'all traffic', '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'icmpv6' };

/** `#100 ingress allow tcp 22 from 0.0.0.0/0`, from the entry's request fields (numbers may be strings). */
const describeEntry = (record: CloudTrailRecord): string | undefined => {
  const ruleNumber = num(request(record, 'ruleNumber'));
  if (ruleNumber === undefined) return undefined;
  const egress = request(record, 'egress');
  const direction = egress === true || egress === 'true' ? 'egress' : 'ingress';
  if (record.eventName === 'DeleteNetworkAclEntry') return `#${ruleNumber} ${direction}`;
  const action = fieldText(request(record, 'ruleAction'), 10) ?? '?';
  const rawProtocol = request(record, 'aclProtocol');
  const protocolCode = fieldText(rawProtocol, 10) ?? (typeof rawProtocol === 'number' ? String(rawProtocol) : undefined);
  const protocol = protocolCode === undefined ? '?' : (PROTOCOLS[protocolCode] ?? `protocol ${protocolCode}`);
  const from = num(get(record.requestParameters, 'portRange', 'from'));
  const to = num(get(record.requestParameters, 'portRange', 'to'));
  const ports = from === undefined ? '' : from === to || to === undefined ? ` ${from}` : ` ${from}-${to}`;
  const cidr = firstFieldText(request(record, 'cidrBlock'), request(record, 'ipv6CidrBlock')) ?? '?';
  return `#${ruleNumber} ${direction} ${action} ${protocol}${ports} ${direction === 'egress' ? 'to' : 'from'} ${cidr}`;
};

const VERBS: Readonly<Record<string, string>> = {
  CreateNetworkAcl: 'created network ACL',
  DeleteNetworkAcl: 'deleted network ACL',
  CreateNetworkAclEntry: 'added an entry to network ACL',
  ReplaceNetworkAclEntry: 'replaced an entry of network ACL',
  DeleteNetworkAclEntry: 'deleted an entry of network ACL',
  ReplaceNetworkAclAssociation: 'associated network ACL',
};

/**
 * Security Hub CloudWatch.11 (CIS v1.4 4.11): a successful network ACL change. NACLs are the subnet-level
 * firewall; an allow entry or a swapped association can open a whole subnet. Changes AWS services make with
 * their service-linked roles are theirs to make and are not reported.
 */
export default defineRule({
  id: 'ec2.nacl-change',
  title: 'Network ACL changed',
  description: 'A network ACL, one of its entries, or the subnet it protects changed: subnet-level traffic rules are different now.',
  category: 'nacl-change',
  // MEDIUM: network ACL changes are infrequent and can open subnets, but most are deliberate network work.
  severity: 'MEDIUM',
  status: 'active',
  pattern: apiCallPattern('ec2', [...EVENTS]),
  classify: (record) => {
    if (record.eventSource !== 'ec2.amazonaws.com' || !EVENT_SET.has(record.eventName) || !succeeded(record)) return null;
    if (awsServiceCaller(record) !== undefined) return null;

    const acl = firstFieldText(request(record, 'networkAclId'), response(record, 'networkAcl', 'networkAclId'));
    const vpc = firstFieldText(request(record, 'vpcId'), response(record, 'networkAcl', 'vpcId'));
    const association = fieldText(request(record, 'associationId'));
    const newAssociation = fieldText(response(record, 'newAssociationId'));
    const entry = describeEntry(record);
    const aclText = acl ?? '(unknown)';
    const summary =
      record.eventName === 'ReplaceNetworkAclAssociation'
        ? `${describeActor(record)} associated network ACL ${aclText} in place of association ${association ?? '(unknown)'}`
        : `${describeActor(record)} ${VERBS[record.eventName] ?? 'changed network ACL'} ${aclText}${entry ? `: ${entry}` : ''}`;
    return {
      resources: resourceList(acl, vpc, association, newAssociation),
      summary,
      facts: {
        ...(entry ? { Entry: entry } : {}),
        ...(vpc ? { VPC: vpc } : {}),
        ...(newAssociation ? { 'New association': newAssociation } : {}),
        ...viaService(record),
      },
    };
  },
  guidance:
    'Compare with the intended network design (DescribeNetworkAcls). To undo: DeleteNetworkAclEntry or ' +
    'ReplaceNetworkAclEntry back to the previous rule, or ReplaceNetworkAclAssociation back to the previous ACL.',
  // CIS AWS Foundations Benchmark v1.4.0 numbering (unchanged in v3.0.0; 3.11 in v1.2.0).
  references: {
    cis: ['4.11'],
    securityHub: ['CloudWatch.11'],
    mitre: ['T1562.007'],
    links: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-11'],
  },
});
