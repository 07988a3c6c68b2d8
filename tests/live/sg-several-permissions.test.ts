import { describeLive, LIVE_TEST_TIMEOUT_MS } from './support/live';

/*
 * One AuthorizeSecurityGroupIngress call with several permissions, run by the prod securityGroup bundle under
 * Node 22 against moto: the world-open ones (IPv4 and IPv6) are revoked by their rule ids, the private one stays.
 */
describeLive('live: one call opening several permissions', {}, (started) => {

  test('revokes the world-open rules and keeps the private one', async () => {
    // Prepare
    const live = started();
    const groupId = await live.createSecurityGroup('app');
    const { record, ruleIds } = await live.authorizeIngress(groupId, [
      { protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] },
      { protocol: 'tcp', from: 3389, to: 3389, v6: ['::/0'] },
      { protocol: 'tcp', from: 5432, to: 5432, v4: ['10.20.0.0/16'] },
    ]);
    const [ssh, rdp, postgres] = ruleIds;
    const since = live.requests().length;

    // Act
    const { deliveries } = await live.deliverVia('Ec2SgOpenIngressEventRule', record);

    // Assess
    expect(deliveries.map((d) => [d.function, d.invocation.ok, d.invocation.error?.message])).toEqual([['securityGroup', true, undefined]]);
    expect(await live.ingressRules(groupId)).toEqual([{ id: postgres, protocol: 'tcp', from: 5432, to: 5432, cidr: '10.20.0.0/16' }]);
    const revokes = live.functionRequests(since).filter((r) => r.operation === 'RevokeSecurityGroupIngress');
    expect(revokes).toHaveLength(1);
    const revokedIds = Object.entries(revokes[0]!.params ?? {})
      .filter(([name]) => name.startsWith('SecurityGroupRuleId.'))
      .map(([, id]) => id);
    expect(revokedIds.sort()).toEqual([ssh, rdp].sort());

    const alerts = await live.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.attributes.outcome).toBe('applied');
    for (const id of [ssh!, rdp!]) expect(alerts[0]!.text).toContain(id);
    expect(alerts[0]!.subject.length).toBeLessThan(100);
  }, LIVE_TEST_TIMEOUT_MS);
});
