import { describeLive, LIVE_TEST_TIMEOUT_MS } from './support/live';

/*
 * ModifySecurityGroupRules on the packaged prod securityGroup function against moto. moto keeps no AWS Config
 * history of security groups and has no CloudTrail LookupEvents, so here the previous values of an edited rule
 * cannot be learned: the path under test is the last resort (revoke the rule by its id, say what was lost and how
 * to give it back) and the egress case. Restoring from Config or CloudTrail history is covered by the unit suites
 * (tests/remediation/restore-sg-rule*.test.ts) with the answers those services give.
 */
describeLive('live: an existing rule edited to the world', {}, (started) => {
  const mutations = (since: number) =>
    started()
      .functionRequests(since)
      // The state table's records of the event (idempotency, dedup) are not changes to the account.
      .filter((r) => r.service !== 'dynamodb')
      .filter((r) => !/^(Describe|Get|List|Lookup)/.test(r.operation) && r.operation !== 'Publish');

  test('ingress SSH from 10.0.0.0/8 edited to 0.0.0.0/0: that rule alone is revoked by id, and the alert says what was lost', async () => {
    // Prepare
    const live = started();
    const groupId = await live.createSecurityGroup('bastion', [
      { protocol: 'tcp', from: 22, to: 22, v4: ['10.0.0.0/8'] },
      { protocol: 'tcp', from: 443, to: 443, v4: ['0.0.0.0/0'] },
    ]);
    const ssh = (await live.ingressRules(groupId)).find((rule) => rule.from === 22)!;
    const record = await live.modifyRules(groupId, [
      { ruleId: ssh.id, rule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' } },
    ]);
    expect((await live.ingressRules(groupId)).find((rule) => rule.id === ssh.id)?.cidr).toBe('0.0.0.0/0');
    const since = live.requests().length;

    // Act
    const { deliveries } = await live.deliverVia('Ec2SgOpenIngressEventRule', record);

    // Assess
    expect(deliveries.map((d) => [d.function, d.invocation.ok, d.invocation.error?.message])).toEqual([['securityGroup', true, undefined]]);
    expect(mutations(since).map((r) => [r.service, r.operation, r.params?.GroupId, r.params?.['SecurityGroupRuleId.1']])).toEqual([
      ['ec2', 'RevokeSecurityGroupIngress', groupId, ssh.id],
    ]);
    // The rule was read before anything was changed.
    expect(live.functionRequests(since).map((r) => r.operation)).toContain('DescribeSecurityGroupRules');
    expect((await live.ingressRules(groupId)).map((rule) => [rule.from, rule.cidr])).toEqual([[443, '0.0.0.0/0']]);

    const alerts = await live.alerts();
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert!.attributes).toMatchObject({ outcome: 'applied' });
    expect(alert!.text).toContain(ssh.id);
    expect(alert!.text).toContain('LOST');
    // The command that gives the access back names the group and the port, with the source left to fill in.
    expect(alert!.text).toMatch(new RegExp(`aws ec2 authorize-security-group-ingress[^\\n]*${groupId}`));
  }, LIVE_TEST_TIMEOUT_MS);

  test('an egress rule edited to the world is left alone, and the alert says why', async () => {
    // Prepare: every new VPC group has one egress rule, all traffic to 0.0.0.0/0.
    const live = started();
    const groupId = await live.createSecurityGroup('egress-edit');
    const egress = (await live.securityGroupRules(groupId)).find((rule) => rule.IsEgress === true)!;
    expect(egress).toBeDefined();
    const record = await live.modifyRules(groupId, [
      { ruleId: egress.SecurityGroupRuleId!, rule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' } },
    ]);
    await live.alerts();
    const since = live.requests().length;

    // Act
    const { deliveries } = await live.deliverVia('Ec2SgOpenIngressEventRule', record);

    // Assess
    expect(deliveries.map((d) => d.invocation.ok)).toEqual([true]);
    expect(mutations(since)).toEqual([]);
    const after = (await live.securityGroupRules(groupId)).find((rule) => rule.SecurityGroupRuleId === egress.SecurityGroupRuleId);
    expect([after?.IsEgress, after?.FromPort, after?.CidrIpv4]).toEqual([true, 22, '0.0.0.0/0']);
    const alerts = await live.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.attributes).toMatchObject({ outcome: 'not-applicable' });
    expect(alerts[0]!.text).toMatch(/egress|outbound/i);
  }, LIVE_TEST_TIMEOUT_MS);
});
