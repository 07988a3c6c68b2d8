import { attachRuleIds, modifiedRules, requestPermissions, ruleSetOf, ruleSetPermission } from '../../lib/ec2/ingress-permissions';
import { authorizeSecurityGroup, groupIdFor, legacyAuthorizeIngress, modifySecurityGroupRules, ruleIdFor } from '../support/ec2-records';

// The EC2 ingress model reads what a security-group call added from each place CloudTrail writes it; the rule,
// the revert and the tests all see permissions through it.

const SG = groupIdFor('ingress-model');

describe('ingress permissions of an AuthorizeSecurityGroupIngress record', () => {
  test('reads each permission with its protocol, ports and ranges of both families', () => {
    // Prepare
    const record = authorizeSecurityGroup({
      groupId: SG,
      permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'], v6: ['::/0'] }, { protocol: '6', from: '443', to: '443', v4: ['10.0.0.0/8'] }],
    });

    // Act
    const permissions = requestPermissions(record.requestParameters);

    // Assess
    expect(permissions.map((p) => [p.protocol.kind, p.fromPort, p.toPort, p.sources.map((s) => `${s.family}:${s.cidr}`)])).toEqual([
      ['tcp', 22, 22, ['v4:0.0.0.0/0', 'v6:::/0']],
      ['tcp', 443, 443, ['v4:10.0.0.0/8']],
    ]);
  });

  test('reads the legacy top-level form', () => {
    // Prepare
    const record = legacyAuthorizeIngress({ groupId: SG, protocol: 'tcp', from: 3389, to: 3389, cidrIp: '0.0.0.0/0' });

    // Act
    const permissions = requestPermissions(record.requestParameters);

    // Assess
    expect(permissions).toHaveLength(1);
    expect(permissions[0]).toMatchObject({ protocolText: 'tcp', fromPort: 3389, toPort: 3389, sources: [{ family: 'v4', cidr: '0.0.0.0/0' }] });
  });

  test('gives each request range the id of the rule the response created for it, names and numbers folded', () => {
    // Prepare
    const ruleId = ruleIdFor('ingress-model-ssh');
    const record = authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'], ruleIds: [ruleId] }] });
    const [permission] = requestPermissions(record.requestParameters);
    const sources = permission!.sources.map((source) => ({ ...source, ruleId: undefined as string | undefined }));
    const ruleSet = ruleSetOf(record).map((item) => ({ ...item, ipProtocol: '6' }));

    // Act
    attachRuleIds([{ permission: permission!, sources }], ruleSet);

    // Assess
    expect(sources.map((source) => source.ruleId)).toEqual([ruleId]);
  });

  test('leaves egress items of the response out of the rule set', () => {
    // Prepare
    const record = authorizeSecurityGroup({ groupId: SG, egress: true, permissions: [{ protocol: '-1', v4: ['0.0.0.0/0'] }] });

    // Act
    const ruleSet = ruleSetOf(record);

    // Assess
    expect(record.responseElements).toHaveProperty('securityGroupRuleSet');
    expect(ruleSet).toEqual([]);
  });

  test('reads a rule-set item as a permission carrying its rule id', () => {
    // Prepare
    const ruleId = ruleIdFor('ingress-model-all');
    const record = authorizeSecurityGroup({ groupId: SG, permissions: [{ protocol: '-1', v6: ['::/0'], ruleIds: [ruleId] }] });

    // Act
    const permissions = ruleSetOf(record).map(ruleSetPermission);

    // Assess
    expect(permissions).toEqual([expect.objectContaining({ ruleId, protocol: { kind: 'all' }, sources: [{ family: 'v6', cidr: '::/0' }] })]);
  });
});

describe('ingress permissions of a ModifySecurityGroupRules record', () => {
  test('reads every rule update, one object or a list, with its rule id and description', () => {
    // Prepare
    const [first, second] = [ruleIdFor('ingress-model-m1'), ruleIdFor('ingress-model-m2')];
    const single = modifySecurityGroupRules({ groupId: SG, updates: [{ ruleId: first, rule: { IpProtocol: 'udp', FromPort: '53', ToPort: '53', CidrIpv4: '0.0.0.0/0', Description: 'dns' } }] });
    const several = modifySecurityGroupRules({
      groupId: SG,
      updates: [
        { ruleId: first, rule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' } },
        { ruleId: second, rule: { IpProtocol: '50', CidrIpv6: '::/0' } },
      ],
    });

    // Act
    const fromSingle = modifiedRules(single);
    const fromSeveral = modifiedRules(several);

    // Assess
    expect(fromSingle).toEqual([expect.objectContaining({ ruleId: first, fromPort: 53, toPort: 53, description: 'dns', protocol: { kind: 'udp' } })]);
    expect(fromSeveral.map((p) => [p.ruleId, p.protocol])).toEqual([
      [first, { kind: 'tcp' }],
      [second, { kind: 'other', number: 50 }],
    ]);
  });
});
