import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDeployData, serializeDeployData } from '../../lib/deploy';
import { ACTIONS } from '../../lib/remediation';
import { RESPONDERS } from '../../lib/functions';
import { responderOf } from '../../lib/routing';
import { RULES } from '../../rules';
import { actionsOf } from '../deploy/cfn';
import { awsCallsReachedFrom } from '../support/aws-calls';

describe('generated deployment data', () => {
  test('rules/deploy.generated.json is what the registry renders (run `npm run rules:generate`)', () => {
    // Prepare
    const checkedIn = readFileSync(join(__dirname, '..', '..', 'rules', 'deploy.generated.json'), 'utf8');

    // Act
    const rendered = serializeDeployData(renderDeployData(RULES));

    // Assess
    expect(checkedIn).toBe(rendered);
  });

  test('every rule is deployed exactly once, by a function allowed to run its actions', () => {
    const data = renderDeployData(RULES);
    const deployed = Object.values(data.functions).flatMap((f) => f.rules);
    expect(deployed.sort()).toEqual(RULES.map((rule) => rule.id).sort());
    for (const rule of RULES) {
      const responder = RESPONDERS[responderOf(rule)];
      for (const action of rule.actions ?? []) expect(responder.actions).toContain(action);
    }
  });

  test('each function holds exactly the permissions its actions declare, and never a wildcard', () => {
    for (const deployed of Object.values(renderDeployData(RULES).functions)) {
      const declared = RESPONDERS[deployed.responder as keyof typeof RESPONDERS].actions.flatMap((a) => ACTIONS[a].permissions.map((p) => p.action));
      expect([...deployed.permissions].sort()).toEqual([...new Set(declared)].sort());
      for (const permission of deployed.permissions) expect(permission).not.toContain('*');
    }
  });

  test.each(Object.keys(RESPONDERS))('%s: its role grants every AWS call its handler\'s code makes', (responder) => {
    // Prepare
    const data = renderDeployData(RULES);
    const deployed = Object.values(data.functions).find((f) => f.responder === responder)!;
    const role = data.cloudformation.Resources[deployed.roleLogicalId] as unknown as { Properties: { Policies: { PolicyDocument: Parameters<typeof actionsOf>[0] }[] } };
    const granted = new Set(role.Properties.Policies.flatMap((policy) => actionsOf(policy.PolicyDocument)));
    const handler = join(__dirname, '..', '..', `${deployed.handler.slice(0, deployed.handler.lastIndexOf('.'))}.ts`);

    // Act
    const calls = awsCallsReachedFrom(handler);

    // Assess: sts:AssumeRole into member accounts (lib/aws/member-access.ts) is granted only in a central stage,
    // by lib/deploy-organization.ts, which tests/deploy checks
    expect(calls.length).toBeGreaterThan(0);
    const centralOnly = (call: { action: string; file: string }) => call.action === 'sts:AssumeRole' && call.file === 'lib/aws/member-access.ts';
    expect(calls.filter((call) => !granted.has(call.action) && !centralOnly(call))).toEqual([]);
  });

  test('the CloudFormation fragment uses no Fn::Sub and no serverless variable but ${sls:stage}, the PITR param and the topology\'s bus and region', () => {
    const text = JSON.stringify(renderDeployData(RULES).cloudformation);
    expect(text).not.toContain('Fn::Sub');
    // The state table's point-in-time recovery is a stage param, checked by lib/deploy-params.cjs like the others; the
    // rules' bus and the remediation ARNs' region follow the topology param (single: default bus, the stack's region).
    expect([...new Set(text.match(/\$\{[^}]*\}/g))].sort()).toEqual([
      '${file(./lib/deploy-params.cjs):eventBusName}',
      '${file(./lib/deploy-params.cjs):pointInTimeRecovery}',
      '${file(./lib/deploy-params.cjs):remediationRegion}',
      '${sls:stage}',
    ]);
  });

  test('one event rule and one invoke permission per rule, and one role per function', () => {
    const data = renderDeployData(RULES);
    const types = Object.values(data.cloudformation.Resources).map((r) => r.Type);
    expect(types.filter((t) => t === 'AWS::Events::Rule')).toHaveLength(RULES.length);
    expect(types.filter((t) => t === 'AWS::Lambda::Permission')).toHaveLength(RULES.length);
    expect(types.filter((t) => t === 'AWS::IAM::Role')).toHaveLength(Object.keys(data.functions).length);
    for (const rule of RULES) {
      const deployed = data.eventRules[rule.id]!;
      expect(data.cloudformation.Resources[deployed.logicalId]!.Properties.EventPattern).toEqual(rule.pattern);
      expect(data.functions[deployed.function]!.rules).toContain(rule.id);
    }
  });
});
