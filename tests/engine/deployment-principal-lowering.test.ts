import type { CloudTrailRecord, UserIdentity } from '../../lib/cloudtrail/record';
import { DeploymentPrincipals } from '../../lib/deployment-principals';
import { DEPLOYMENT_NOISE, LOWERED_CATEGORIES } from '../../lib/deployment-noise';
import { Engine } from '../../lib/engine';
import type { Finding } from '../../lib/finding';
import { CATEGORIES, severityRank } from '../../lib/rule';
import { RULES } from '../../rules';
import { RULE_CASES } from '../../rules/cases';
import { authorizeSecurityGroup, groupIdFor } from '../support/ec2-records';
import { ACCOUNT, identities } from '../support/records';
import { ec2Call } from '../support/service-records';

// A deployment principal's routine network and IAM findings are LOW and say why; its security-relevant ones, and
// everyone else's, keep their severity. Records come from the rules' own cases where they exist, with the caller
// swapped for a Terraform session.
const TERRAFORM = 'arn:aws:iam::123456789012:role/deploy/terraform-apply';

const terraformSession = identities.roleSession(TERRAFORM);

const lowering = new Engine({ rules: RULES, deploymentPrincipals: new DeploymentPrincipals([TERRAFORM]) });
const plain = new Engine({ rules: RULES });
const byTerraform = (record: CloudTrailRecord): CloudTrailRecord => ({ ...record, userIdentity: terraformSession });
const findings = (engine: Engine, record: CloudTrailRecord): Finding[] => engine.evaluateRecord(record).findings.map((f) => f.finding);
const only = (engine: Engine, record: CloudTrailRecord): Finding => {
  const [finding, ...rest] = findings(engine, record);
  expect(rest).toEqual([]);
  return finding!;
};
const caseRecord = (ruleId: string, name: string): CloudTrailRecord => {
  const found = RULE_CASES[ruleId]?.find((c) => c.name === name);
  if (!found) throw new Error(`no case ${JSON.stringify(name)} of ${ruleId}`);
  return found.record;
};
const createRoute = caseRecord('ec2.route-table-change', 'CreateRoute sending the default route to an internet gateway');

describe('a deployment principal', () => {
  test('its CreateRoute is LOW, and the finding says it was lowered and by whom', () => {
    // Act
    const finding = only(lowering, byTerraform(createRoute));

    // Assess
    expect(finding).toMatchObject({ ruleId: 'ec2.route-table-change', category: 'route-table-change', severity: 'LOW' });
    expect(finding.lowered).toEqual({ from: 'MEDIUM', by: TERRAFORM, reason: `lowered from MEDIUM to LOW: by deployment principal ${TERRAFORM}` });
    expect(finding.summary).toMatch(new RegExp(`added route 0\\.0\\.0\\.0/0 -> igw-\\S+ to rtb-\\S+ \\(lowered from MEDIUM to LOW: by deployment principal ${TERRAFORM.replace(/[./]/g, '\\$&')}\\)$`));
  });

  test('its AuthorizeSecurityGroupIngress of 0.0.0.0/0 on tcp/22 stays CRITICAL and is still reverted; only the audit-trail sg-change says who', () => {
    // Prepare
    const record = authorizeSecurityGroup({ groupId: groupIdFor('terraform-web'), permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }], overrides: { userIdentity: terraformSession } });

    // Act
    const result = findings(lowering, record);

    // Assess
    const open = result.find((f) => f.category === 'sg-open-ingress')!;
    expect(open).toMatchObject({ severity: 'CRITICAL', remediation: { action: 'revoke-ingress', status: 'planned' } });
    expect(open.lowered).toBeUndefined();
    expect(open.summary).not.toMatch(/deployment principal/);
    expect(result.find((f) => f.category === 'sg-change')).toMatchObject({ severity: 'LOW', lowered: { from: 'LOW', by: TERRAFORM } });
  });

  test.each([
    ['a network ACL entry allowing SSH from the world (CIS 5.1)', 'ec2.nacl-change', 'CreateNetworkAclEntry allowing SSH from anywhere', 'MEDIUM'],
    ['a network ACL entry widened to all ports from the world', 'ec2.nacl-change', 'ReplaceNetworkAclEntry widening a rule to all ports', 'MEDIUM'],
    ['a VPC peering with another account', 'ec2.vpc-change', 'CreateVpcPeeringConnection to another account', 'MEDIUM'],
    ['accepting a peering from another account', 'ec2.vpc-change', 'AcceptVpcPeeringConnection from another account', 'MEDIUM'],
    ['a trust policy rewritten (even within the account)', 'iam.iam-policy-change', 'UpdateAssumeRolePolicy trusting a role of the same account stays MEDIUM', 'MEDIUM'],
    ['a trust policy opened to another account', 'iam.iam-policy-change', 'UpdateAssumeRolePolicy trusts another account (HIGH: Stratus iam-backdoor-role)', 'HIGH'],
    ['AdministratorAccess attached', 'iam.iam-policy-change', 'AttachUserPolicy attaches AdministratorAccess (HIGH)', 'HIGH'],
    ['an inline full-admin policy', 'iam.iam-policy-change', 'PutRolePolicy grants a role full admin rights inline (HIGH)', 'HIGH'],
    ['a permissions boundary removed', 'iam.iam-policy-change', 'DeleteRolePermissionsBoundary (addition)', 'MEDIUM'],
  ])('%s keeps its severity', (_name, ruleId, caseName, severity) => {
    // Act
    const finding = findings(lowering, byTerraform(caseRecord(ruleId, caseName))).find((f) => f.ruleId === ruleId)!;

    // Assess
    expect(finding.severity).toBe(severity);
    expect(finding.lowered).toBeUndefined();
  });

  test.each([
    ['a network ACL entry allowing HTTPS from the world', ec2Call('CreateNetworkAclEntry', { networkAclId: 'acl-0a1b2c3d4e5f60718', ruleNumber: 110, egress: false, ruleAction: 'allow', icmpTypeCode: {}, portRange: { from: 443, to: 443 }, aclProtocol: '6', cidrBlock: '0.0.0.0/0' })],
    ['a network ACL entry allowing all egress', caseRecord('ec2.nacl-change', 'CreateNetworkAclEntry allowing all egress, protocol and rule number written as strings')],
    ['a VPC peering within the account', ec2Call('CreateVpcPeeringConnection', { vpcId: 'vpc-0123456789abcdef0', peerVpcId: 'vpc-0fedcba9876543210', peerOwnerId: ACCOUNT }, { vpcPeeringConnection: { vpcPeeringConnectionId: 'pcx-0a9b8c7d6e5f40312', requesterVpcInfo: { ownerId: ACCOUNT, vpcId: 'vpc-0123456789abcdef0' }, accepterVpcInfo: { ownerId: ACCOUNT, vpcId: 'vpc-0fedcba9876543210' } } })],
    ['a new VPC', caseRecord('ec2.vpc-change', 'CreateVpc')],
    ['an internet gateway attached', caseRecord('ec2.network-gateway-change', 'AttachInternetGateway gives a VPC a way out')],
    ['a managed policy created', caseRecord('iam.iam-policy-change', 'CreatePolicy creates a managed policy')],
    ['a managed policy attached to a role', caseRecord('iam.iam-policy-change', 'AttachRolePolicy')],
  ])('%s drops from MEDIUM to LOW', (_name, record) => {
    // Act
    const finding = only(lowering, byTerraform(record));

    // Assess
    expect(finding).toMatchObject({ severity: 'LOW', lowered: { from: 'MEDIUM', by: TERRAFORM } });
  });

  test.each([
    ['StopLogging', 'cloudtrail.cloudtrail-tampering'],
    ['flow logs deleted', 'ec2.flow-logs-deleted'],
    ['Config recording stopped', 'config.config-change'],
  ])('%s (trail and logging changes) is never lowered', (_name, ruleId) => {
    // Prepare
    const record = RULE_CASES[ruleId]!.find((c) => c.matches && (c.findings?.length ?? 0) > 0)!.record;

    // Act
    const finding = findings(lowering, byTerraform(record)).find((f) => f.ruleId === ruleId)!;

    // Assess
    expect(finding.lowered).toBeUndefined();
    expect(finding.severity).toBe(findings(plain, byTerraform(record)).find((f) => f.ruleId === ruleId)!.severity);
  });
});

describe('anyone else', () => {
  test.each([
    ['an IAM user', identities.iamUser('alice')],
    ['a role of the same name under another path', { ...terraformSession, sessionContext: { ...terraformSession.sessionContext, sessionIssuer: { ...terraformSession.sessionContext!.sessionIssuer!, arn: 'arn:aws:iam::123456789012:role/terraform-apply' } } }],
  ])('%s: its CreateRoute keeps MEDIUM', (_name, identity) => {
    // Act
    const finding = only(lowering, { ...createRoute, userIdentity: identity as UserIdentity });

    // Assess
    expect(finding.severity).toBe('MEDIUM');
    expect(finding.lowered).toBeUndefined();
    expect(finding.summary).not.toMatch(/deployment principal/);
  });
});

describe('over every case of every rule, as a deployment principal', () => {
  const cases = Object.entries(RULE_CASES).flatMap(([ruleId, list]) => list.filter((c) => c.matches).map((c) => [`${ruleId}: ${c.name}`, c.record] as const));

  test.each(cases)('%s: only lowering categories drop, only to LOW, never above the rule\'s default; the rest is unchanged', (_name, record) => {
    // Act
    const before = findings(plain, byTerraform(record));
    const after = findings(lowering, byTerraform(record));

    // Assess
    expect(after).toHaveLength(before.length);
    after.forEach((finding, index) => {
      const original = before[index]!;
      if (finding.lowered === undefined) {
        expect(finding).toEqual(original);
        return;
      }
      const rule = RULES.find((r) => r.id === finding.ruleId)!;
      expect(LOWERED_CATEGORIES).toContain(finding.category);
      expect(finding.severity).toBe('LOW');
      expect(finding.lowered.from).toBe(original.severity);
      expect(severityRank(original.severity)).toBeLessThanOrEqual(severityRank(rule.severity));
      expect(finding.remediation).toEqual(original.remediation);
    });
  });
});

test('the categories that drop are the network and IAM plumbing, each decided with a reason', () => {
  expect([...LOWERED_CATEGORIES].sort()).toEqual(['iam-policy-change', 'nacl-change', 'network-gateway-change', 'route-table-change', 'sg-change', 'vpc-change']);
  for (const category of CATEGORIES) expect(DEPLOYMENT_NOISE[category].why.length).toBeGreaterThan(10);
});
