import type { RuleCase } from '../../lib/rule';
import {
  authorizeSecurityGroup,
  describeSecurityGroups,
  groupIdFor,
  legacyAuthorizeIngress,
  modifySecurityGroupRules,
  ruleIdFor,
} from '../../tests/support/ec2-records';
import { REGION, identities, responderPrincipal } from '../../tests/support/records';

const SG = groupIdFor('web');
const SG_DB = groupIdFor('db');
const SG_LB = groupIdFor('lb');
const R1 = ruleIdFor('web-1');
const R2 = ruleIdFor('web-2');
const R3 = ruleIdFor('web-3');
const CONSOLE = { userAgent: 'console.ec2.amazonaws.com', sourceIPAddress: '198.51.100.23' };
const SG_CHANGE = ['ec2.sg-change'];

const revoke = (groupId: string, ipPermissions: readonly Record<string, unknown>[], securityGroupRuleIds: readonly string[] = []) => ({
  groupId,
  region: REGION,
  ipPermissions,
  securityGroupRuleIds,
});
const restore = (record: { eventID: string; eventTime: string }, rules: readonly Record<string, unknown>[]) => ({
  groupId: SG,
  region: REGION,
  eventId: record.eventID,
  eventTime: record.eventTime,
  rules,
});
const MODIFY_SSH = modifySecurityGroupRules({ groupId: SG, updates: [{ ruleId: R1, rule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0', Description: 'temp' } }] });
const MODIFY_SSH_CLEARED = modifySecurityGroupRules({ groupId: SG, updates: [{ ruleId: R1, rule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0', Description: '' } }] });
const MODIFY_LIST = modifySecurityGroupRules({
  groupId: SG,
  updates: [
    { ruleId: R1, rule: { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv4: '0.0.0.0/0' } },
    { ruleId: R2, rule: { IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv6: '::/0' } },
  ],
});
const MODIFY_TWO = modifySecurityGroupRules({
  groupId: SG,
  updates: [
    { ruleId: R1, rule: { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, CidrIpv4: '0.0.0.0/0' } },
    { ruleId: R2, rule: { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIpv4: '10.0.0.0/8' } },
    { ruleId: R3, rule: { IpProtocol: 'udp', FromPort: 53, ToPort: 53, CidrIpv6: '::/0', Description: 'dns' } },
  ],
});
const tcp = (from: number, to: number, ipv4Ranges: string[], ipv6Ranges: string[] = []) => ({ ipProtocol: 'tcp', fromPort: from, toPort: to, ipv4Ranges, ipv6Ranges });

export default [
  // --- Positives: what the event added is world-open on a port that is not public.
  {
    name: 'SSH opened to 0.0.0.0/0 from the console (rule id from the response)',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'], ruleIds: [R1] }], overrides: CONSOLE }),
    matches: true,
    findings: [{ category: 'sg-open-ingress', severity: 'CRITICAL', resources: [SG], action: 'revoke-ingress', params: revoke(SG, [tcp(22, 22, ['0.0.0.0/0'])], [R1]) }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'RDP opened to 0.0.0.0/0',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 3389, to: 3389, v4: ['0.0.0.0/0'], ruleIds: [R1] }] }),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [SG], action: 'revoke-ingress', params: revoke(SG, [tcp(3389, 3389, ['0.0.0.0/0'])], [R1]) }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'every TCP port (0-65535) opened to the world',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 0, to: 65535, v4: ['0.0.0.0/0'], ruleIds: [R1] }] }),
    matches: true,
    findings: [{ severity: 'CRITICAL', action: 'revoke-ingress', params: revoke(SG, [tcp(0, 65535, ['0.0.0.0/0'])], [R1]) }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'all traffic (protocol -1) opened to the world',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: '-1', v4: ['0.0.0.0/0'], ruleIds: [R1] }] }),
    matches: true,
    findings: [{ severity: 'CRITICAL', action: 'revoke-ingress', params: revoke(SG, [{ ipProtocol: '-1', ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }], [R1]) }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'SSH opened to the IPv6 world (::/0)',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 22, to: 22, v6: ['::/0'], ruleIds: [R1] }] }),
    matches: true,
    findings: [{ severity: 'CRITICAL', action: 'revoke-ingress', params: revoke(SG, [tcp(22, 22, [], ['::/0'])], [R1]) }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'several permissions in one call, only the world-open PostgreSQL one offends',
    record: authorizeSecurityGroup({
      groupId: SG_DB,
      permissions: [
        { protocol: 'tcp', from: 443, to: 443, v4: ['0.0.0.0/0'], ruleIds: [R1] },
        { protocol: 'tcp', from: 5432, to: 5432, v4: ['0.0.0.0/0'], ruleIds: [R2] },
        { protocol: 'tcp', from: 22, to: 22, v4: ['10.20.0.0/16'], groups: [SG_LB], ruleIds: [R3, ruleIdFor('db-4')] },
      ],
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [SG_DB], action: 'revoke-ingress', params: revoke(SG_DB, [tcp(5432, 5432, ['0.0.0.0/0'])], [R2]) }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'one permission with a world range and a private range revokes only the world range',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0', '10.0.0.0/8'], v6: ['::/0'], ruleIds: [R1, R2, R3] }] }),
    matches: true,
    findings: [{ severity: 'CRITICAL', action: 'revoke-ingress', params: revoke(SG, [tcp(22, 22, ['0.0.0.0/0'], ['::/0'])], [R1, R3]) }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'legacy top-level form (ipProtocol/fromPort/toPort/cidrIp) with a non-canonical /0 CIDR',
    record: legacyAuthorizeIngress({ groupId: SG, protocol: 'tcp', from: 22, to: 22, cidrIp: '203.0.113.7/0', ruleId: R1, overrides: { userAgent: 'aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.173.0' } }),
    matches: true,
    findings: [{ severity: 'CRITICAL', action: 'revoke-ingress', params: revoke(SG, [tcp(22, 22, ['0.0.0.0/0'])], [R1]) }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    // EC2 stores 0.0.0.0/0 and ::/0 and says so in the rule set: the revert takes those rules' ids.
    name: 'host bits in world CIDRs of both families (198.51.100.9/0, 2001:db8::1/0): the rules EC2 stored are reverted by id',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 3389, to: 3389, v4: ['198.51.100.9/0'], v6: ['2001:db8::1/0'], ruleIds: [R1, R2] }] }),
    matches: true,
    findings: [{ severity: 'CRITICAL', action: 'revoke-ingress', params: revoke(SG, [tcp(3389, 3389, ['0.0.0.0/0'], ['::/0'])], [R1, R2]) }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'record without a rule set (older eventVersion): the revert names the permissions',
    record: authorizeSecurityGroup({ groupId: SG, ruleSet: false, permissions: [{ protocol: 'tcp', from: 8080, to: 8080, v4: ['0.0.0.0/0'] }], overrides: { eventVersion: '1.08' } }),
    matches: true,
    findings: [{ severity: 'HIGH', action: 'revoke-ingress', params: revoke(SG, [tcp(8080, 8080, ['0.0.0.0/0'])]) }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'ports and protocol number written as strings ("6", "22")',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: '6', from: '22', to: '22', v4: ['0.0.0.0/0'], ruleIds: [R1] }] }),
    matches: true,
    findings: [{ severity: 'CRITICAL', action: 'revoke-ingress', params: revoke(SG, [{ ipProtocol: '6', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }], [R1]) }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'ports 80-443 as one range (every port in between is opened)',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 80, to: 443, v4: ['0.0.0.0/0'], ruleIds: [R1] }] }),
    matches: true,
    findings: [{ severity: 'HIGH', action: 'revoke-ingress', params: revoke(SG, [tcp(80, 443, ['0.0.0.0/0'])], [R1]) }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'ESP (protocol 50) opened to the world opens the whole protocol',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: '50', v4: ['0.0.0.0/0'], ruleIds: [R1] }] }),
    matches: true,
    findings: [{ severity: 'HIGH', action: 'revoke-ingress', params: revoke(SG, [{ ipProtocol: '50', ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }], [R1]) }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'null requestParameters: the response rule set says what was added',
    record: {
      ...authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'udp', from: 161, to: 161, v4: ['0.0.0.0/0'], ruleIds: [R1] }] }),
      requestParameters: null,
    },
    matches: true,
    findings: [{ severity: 'HIGH', resources: [SG], action: 'revoke-ingress', params: revoke(SG, [{ ipProtocol: 'udp', fromPort: 161, toPort: 161, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }], [R1]) }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'group named only by name, no rule set: finding without a revert',
    record: legacyAuthorizeIngress({ groupName: 'launch-wizard-1', protocol: 'tcp', from: 22, to: 22, cidrIp: '0.0.0.0/0', ruleSet: false }),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: ['launch-wizard-1'], action: 'none' }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'group named only by name, the rule set gives its id',
    record: legacyAuthorizeIngress({ groupName: 'launch-wizard-2', protocol: 'tcp', from: 3389, to: 3389, cidrIp: '0.0.0.0/0', ruleId: R1 }),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [groupIdFor('named:launch-wizard-2')], action: 'revoke-ingress', params: revoke(groupIdFor('named:launch-wizard-2'), [tcp(3389, 3389, ['0.0.0.0/0'])], [R1]) }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'custom publicPorts: 8443 is allowed but SSH in the same call is not',
    record: authorizeSecurityGroup({
      groupId: SG,
      permissions: [
        { protocol: 'tcp', from: 8443, to: 8443, v4: ['0.0.0.0/0'], ruleIds: [R1] },
        { protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'], ruleIds: [R2] },
      ],
    }),
    context: { publicPorts: [443, 8443] },
    matches: true,
    findings: [{ severity: 'CRITICAL', action: 'revoke-ingress', params: revoke(SG, [tcp(22, 22, ['0.0.0.0/0'])], [R2]) }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'custom publicPorts without 443: HTTPS to the world is a finding',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 443, to: 443, v4: ['0.0.0.0/0'], ruleIds: [R1] }] }),
    context: { publicPorts: [80] },
    matches: true,
    findings: [{ severity: 'HIGH', action: 'revoke-ingress', params: revoke(SG, [tcp(443, 443, ['0.0.0.0/0'])], [R1]) }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'ModifySecurityGroupRules widens an existing rule to 0.0.0.0/0:22 (restores the rule, never deletes it)',
    record: MODIFY_SSH,
    matches: true,
    findings: [{
      severity: 'CRITICAL',
      resources: [SG],
      action: 'restore-sg-rule',
      params: restore(MODIFY_SSH, [{ securityGroupRuleId: R1, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0', description: 'temp' }]),
    }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'ModifySecurityGroupRules to 0.0.0.0/0:22 that also clears the description (Description "") is still restored',
    record: MODIFY_SSH_CLEARED,
    matches: true,
    findings: [{
      severity: 'CRITICAL',
      action: 'restore-sg-rule',
      params: restore(MODIFY_SSH_CLEARED, [{ securityGroupRuleId: R1, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' }]),
    }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'ModifySecurityGroupRules with a list of updates, one of them to ::/0 on all traffic (only that one is restored)',
    record: MODIFY_LIST,
    matches: true,
    findings: [{
      severity: 'CRITICAL',
      action: 'restore-sg-rule',
      params: restore(MODIFY_LIST, [{ securityGroupRuleId: R2, ipProtocol: '-1', fromPort: -1, toPort: -1, cidrIpv6: '::/0' }]),
    }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'ModifySecurityGroupRules opening two rules at once restores each by its id',
    record: MODIFY_TWO,
    matches: true,
    findings: [{
      severity: 'CRITICAL',
      action: 'restore-sg-rule',
      params: restore(MODIFY_TWO, [
        { securityGroupRuleId: R1, ipProtocol: 'tcp', fromPort: 3389, toPort: 3389, cidrIpv4: '0.0.0.0/0' },
        { securityGroupRuleId: R3, ipProtocol: 'udp', fromPort: 53, toPort: 53, cidrIpv6: '::/0', description: 'dns' },
      ]),
    }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'ModifySecurityGroupRules naming no rule id: reported, nothing reverted (no rule to restore)',
    record: modifySecurityGroupRules({ groupId: SG, updates: [{ ruleId: undefined as unknown as string, rule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' } }] }),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [SG], action: 'none' }],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'root opens SSH to the world (also root activity)',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'], ruleIds: [R1] }], overrides: { userIdentity: identities.root() } }),
    matches: true,
    findings: [{ severity: 'CRITICAL', action: 'revoke-ingress', params: revoke(SG, [tcp(22, 22, ['0.0.0.0/0'])], [R1]) }],
    alsoFiredBy: ['ec2.sg-change', 'account.root-activity'],
  },

  // --- Near misses the pattern lets through (a world range is present) but nothing offends.
  {
    name: 'HTTPS (443) alone to the world is allowed',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 443, to: 443, v4: ['0.0.0.0/0'], v6: ['::/0'] }] }),
    matches: true,
    findings: [],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: '80 and 443 as separate permissions are allowed',
    record: authorizeSecurityGroup({
      groupId: SG,
      permissions: [
        { protocol: 'tcp', from: 80, to: 80, v4: ['0.0.0.0/0'] },
        { protocol: 'tcp', from: 443, to: 443, v4: ['0.0.0.0/0'] },
      ],
    }),
    matches: true,
    findings: [],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'ICMP (ping) from the world is not an open port',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'icmp', from: -1, to: -1, v4: ['0.0.0.0/0'] }, { protocol: '58', from: 128, to: 0, v6: ['::/0'] }] }),
    matches: true,
    findings: [],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'custom publicPorts that include SSH',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] }),
    context: { publicPorts: [22, 80, 443] },
    matches: true,
    findings: [],
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'the responder\'s own call (loop guard)',
    context: { ownPrincipals: [responderPrincipal()] },
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }], overrides: { userIdentity: identities.responder(), userAgent: 'aws-sdk-js/3.1169.0 ua/2.1 os/linux lang/js md/nodejs#20.19.0 api/ec2#3.1169.0 exec-env/AWS_Lambda_nodejs20.x' } }),
    matches: true,
    findings: [],
  },
  {
    name: 'a role recreated with the responder\'s name (another unique id) is not the responder',
    context: { ownPrincipals: [responderPrincipal()] },
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }], overrides: { userIdentity: { ...identities.responder(), principalId: 'AROARECREATEDSAMENAME:trailguard-dev-securityGroup', sessionContext: { ...identities.responder().sessionContext, sessionIssuer: { ...identities.responder().sessionContext!.sessionIssuer!, principalId: 'AROARECREATEDSAMENAME' } } }, userAgent: 'aws-sdk-js/3.1169.0 ua/2.1 os/linux lang/js md/nodejs#20.19.0 api/ec2#3.1169.0 exec-env/AWS_Lambda_nodejs20.x' } }),
    matches: true,
    findings: [{ category: 'sg-open-ingress', severity: 'CRITICAL' }],
    alsoFiredBy: SG_CHANGE,
  },

  // --- Near misses the pattern drops.
  {
    name: 'SSH from a private CIDR (10.0.0.0/8)',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['10.0.0.0/8'] }] }),
    matches: false,
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'SSH from a single public address (/32)',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['198.51.100.23/32'] }] }),
    matches: false,
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'SSH from a prefix list and a referenced group',
    record: authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 22, to: 22, prefixLists: ['pl-0a1b2c3d4e5f60718'], groups: [SG_LB] }] }),
    matches: false,
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'ModifySecurityGroupRules to a private CIDR',
    record: modifySecurityGroupRules({ groupId: SG, updates: [{ ruleId: R1, rule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '10.1.0.0/16' } }] }),
    matches: false,
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'failed call (Client.InvalidPermission.Duplicate)',
    record: authorizeSecurityGroup({
      groupId: SG,
      ruleSet: false,
      permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }],
      overrides: {
        errorCode: 'Client.InvalidPermission.Duplicate',
        errorMessage: `the specified rule "peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW" already exists`,
        responseElements: null,
      },
    }),
    matches: false,
  },
  {
    name: 'denied call (Client.UnauthorizedOperation)',
    record: authorizeSecurityGroup({
      groupId: SG,
      ruleSet: false,
      permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }],
      overrides: {
        errorCode: 'Client.UnauthorizedOperation',
        errorMessage: 'You are not authorized to perform this operation.',
        responseElements: null,
      },
    }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'AuthorizeSecurityGroupEgress to 0.0.0.0/0 (egress is not exposure)',
    record: authorizeSecurityGroup({ groupId: SG, egress: true, permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] }),
    matches: false,
    alsoFiredBy: SG_CHANGE,
  },
  {
    name: 'DescribeSecurityGroups (read-only)',
    record: describeSecurityGroups(),
    matches: false,
  },
] satisfies readonly RuleCase[];
