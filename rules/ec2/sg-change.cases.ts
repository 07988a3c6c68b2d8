import type { RuleCase } from '../../lib/rule';
import {
  authorizeSecurityGroup,
  createSecurityGroup,
  deleteSecurityGroup,
  describeSecurityGroups,
  groupIdFor,
  modifySecurityGroupRules,
  revokeSecurityGroup,
  ruleIdFor,
} from '../../tests/support/ec2-records';
import { apiCall, identities, responderPrincipal } from '../../tests/support/records';

const SG = groupIdFor('app');
const VPC = 'vpc-0a1b2c3d4e5f60718';

export default [
  {
    name: 'ingress rule from a private CIDR added',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 5432, to: 5432, v4: ['10.20.0.0/16'] }] }),
    matches: true,
    findings: [{ category: 'sg-change', severity: 'LOW', resources: [SG], action: 'none' }],
  },
  {
    name: 'SSH opened to the world (also sg-open-ingress)',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] }),
    matches: true,
    findings: [{ severity: 'LOW', resources: [SG] }],
    alsoFiredBy: ['ec2.sg-open-ingress'],
  },
  {
    name: 'egress rule to the world added',
    record: authorizeSecurityGroup({ groupId: SG, egress: true, permissions: [{ protocol: 'tcp', from: 443, to: 443, v4: ['0.0.0.0/0'] }] }),
    matches: true,
    findings: [{ severity: 'LOW', resources: [SG] }],
  },
  {
    name: 'ingress rule revoked',
    record: revokeSecurityGroup(SG, [{ protocol: 'tcp', from: 5432, to: 5432, v4: ['10.20.0.0/16'] }]),
    matches: true,
    findings: [{ resources: [SG] }],
  },
  {
    name: 'egress rule revoked',
    record: revokeSecurityGroup(SG, [{ protocol: '-1', v4: ['0.0.0.0/0'] }], true),
    matches: true,
    findings: [{ resources: [SG] }],
  },
  {
    name: 'security group created (id from the response)',
    record: createSecurityGroup('batch-workers', VPC),
    matches: true,
    findings: [{ resources: [groupIdFor('created:batch-workers')] }],
  },
  {
    name: 'security group deleted',
    record: deleteSecurityGroup(SG),
    matches: true,
    findings: [{ resources: [SG] }],
  },
  {
    name: 'ModifySecurityGroupRules rewrites a rule in place',
    record: modifySecurityGroupRules({ groupId: SG, updates: [{ ruleId: ruleIdFor('app-1'), rule: { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIpv4: '10.30.0.0/16' } }] }),
    matches: true,
    findings: [{ resources: [SG] }],
  },
  {
    name: 'odd record: null requestParameters and responseElements still alerts, without a resource',
    record: apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'DeleteSecurityGroup', requestParameters: null, responseElements: null }),
    matches: true,
    findings: [{ resources: [] }],
  },
  {
    name: 'the responder\'s own revert (loop guard)',
    context: { ownPrincipals: [responderPrincipal()] },
    record: revokeSecurityGroup(SG, [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }], false, {
      userIdentity: identities.responder(),
      userAgent: 'aws-sdk-js/3.1169.0 ua/2.1 os/linux lang/js md/nodejs#20.19.0 api/ec2#3.1169.0 exec-env/AWS_Lambda_nodejs20.x',
    }),
    matches: true,
    findings: [],
  },
  {
    name: 'failed CreateSecurityGroup (Client.InvalidGroup.Duplicate)',
    record: createSecurityGroup('batch-workers', VPC, {
      errorCode: 'Client.InvalidGroup.Duplicate',
      errorMessage: `The security group 'batch-workers' already exists for VPC '${VPC}'`,
      responseElements: null,
    }),
    matches: false,
  },
  {
    name: 'DescribeSecurityGroups (read-only)',
    record: describeSecurityGroups(),
    matches: false,
  },
  {
    name: 'DescribeSecurityGroupRules (read-only)',
    record: describeSecurityGroups('DescribeSecurityGroupRules'),
    matches: false,
  },
  {
    name: 'description-only update (UpdateSecurityGroupRuleDescriptionsIngress)',
    record: apiCall({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'UpdateSecurityGroupRuleDescriptionsIngress',
      requestParameters: { groupId: SG, ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, ipRanges: { items: [{ cidrIp: '10.20.0.0/16', description: 'app subnets' }] } }] } },
      responseElements: { requestId: 'b7e1f2a3-0c4d-4e5f-8a9b-0c1d2e3f4a5b', _return: true },
    }),
    matches: false,
  },
  {
    name: 'RDS DB security group ingress (another service)',
    record: apiCall({
      eventSource: 'rds.amazonaws.com',
      eventName: 'AuthorizeDBSecurityGroupIngress',
      requestParameters: { dBSecurityGroupName: 'legacy-db', cIDRIP: '10.20.0.0/16' },
      responseElements: { dBSecurityGroupName: 'legacy-db', iPRanges: [{ status: 'authorizing', cIDRIP: '10.20.0.0/16' }] },
    }),
    matches: false,
  },
] satisfies readonly RuleCase[];
