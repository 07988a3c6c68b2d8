import { ALL_MANAGEMENT_EVENTS_STATE, EVENT_RULE_RETRY_POLICY, functionLogicalId } from '../../lib/deploy';
import { RESPONDERS } from '../../lib/functions';
import { responderOf } from '../../lib/routing';
import { RULES } from '../../rules';
import { getAttToken, resolve } from './cfn';
import { PACKAGE_TIMEOUT_MS, packageStages, resourcesOfType, type PackagedStage, type Stage } from './packaged';

const SIGN_IN_DETAIL_TYPE = 'AWS Console Sign In via CloudTrail';

let stages: Readonly<Record<Stage, PackagedStage>>;
beforeAll(async () => {
  stages = await packageStages();
}, PACKAGE_TIMEOUT_MS);

/** The template's AWS::Events::Rule per registry rule, found by description (`trailguard <rule id>: …`). */
const eventRulesByRuleId = (stage: Stage) => {
  const rules = resourcesOfType(stages[stage].template, 'AWS::Events::Rule');
  return new Map(rules.map(([logicalId, rule]) => [String(rule.Properties.Description).split(':')[0]!.replace(/^trailguard /, ''), { logicalId, rule }]));
};

describe.each(['dev', 'prod'] as const)('EventBridge rules (%s)', (stage) => {
  test('one rule per registry rule, on the default bus, and no other', () => {
    const byRule = eventRulesByRuleId(stage);
    expect([...byRule.keys()].sort()).toEqual(RULES.map((rule) => rule.id).sort());
    expect(resourcesOfType(stages[stage].template, 'AWS::Events::Rule')).toHaveLength(RULES.length);
    for (const { rule } of byRule.values()) expect(rule.Properties.EventBusName).toBe('default');
  });

  test.each(RULES.map((rule) => [rule.id, rule] as const))('%s: the deployed pattern is exactly the registry pattern', (id, rule) => {
    const deployed = eventRulesByRuleId(stage).get(id)!.rule;
    expect(deployed.Properties.EventPattern).toStrictEqual(JSON.parse(JSON.stringify(rule.pattern)));
  });

  test('read-only management events are opted into by exactly the rules that ask for them', () => {
    const byRule = eventRulesByRuleId(stage);
    const optedIn = [...byRule].filter(([, { rule }]) => rule.Properties.State === ALL_MANAGEMENT_EVENTS_STATE).map(([id]) => id).sort();
    expect(optedIn).toEqual(RULES.filter((rule) => rule.allManagementEvents).map((rule) => rule.id).sort());
    // The ones that need Describe/Get/List calls: denied reads, root's read-only activity, and the read-only
    // credential-access techniques (Windows password data, batch secret and SecureString reads, federation tokens).
    expect(optedIn).toEqual([
      'account.root-activity',
      'account.unauthorized-api-call',
      'ec2.instance-password-retrieved',
      'secretsmanager.secrets-batch-retrieved',
      'ssm.ssm-parameters-decrypted',
      'sts.federation-token',
    ]);
    for (const [, { rule }] of byRule) expect([ALL_MANAGEMENT_EVENTS_STATE, 'ENABLED']).toContain(rule.Properties.State);
  });

  test('console sign-in rules select the sign-in detail-type', () => {
    const byRule = eventRulesByRuleId(stage);
    const signInRules = RULES.filter((rule) => ['root-login', 'console-login-no-mfa', 'console-login-failure'].includes(rule.category));
    expect(signInRules.map((rule) => rule.id).sort()).toEqual(['signin.console-login-failure', 'signin.console-login-no-mfa', 'signin.root-login']);
    for (const rule of signInRules) {
      expect(byRule.get(rule.id)!.rule.Properties.EventPattern['detail-type']).toContain(SIGN_IN_DETAIL_TYPE);
    }
  });

  test('each rule targets its responder function, with bounded retries and the dead-letter queue', () => {
    for (const rule of RULES) {
      const { Targets } = eventRulesByRuleId(stage).get(rule.id)!.rule.Properties;
      const functionName = RESPONDERS[responderOf(rule)].functionName;
      expect(Targets).toHaveLength(1);
      expect(resolve(Targets[0].Arn)).toBe(getAttToken(functionLogicalId(functionName), 'Arn'));
      expect(Targets[0].RetryPolicy).toEqual(EVENT_RULE_RETRY_POLICY);
      expect(Targets[0].RetryPolicy.MaximumRetryAttempts).toBeLessThanOrEqual(10);
      expect(Targets[0].RetryPolicy.MaximumEventAgeInSeconds).toBeLessThanOrEqual(3600);
      expect(resolve(Targets[0].DeadLetterConfig.Arn)).toBe(getAttToken('DeadLetterQueue', 'Arn'));
    }
  });

  test('each rule may invoke its own function and nothing else may (permission scoped to the rule ARN)', () => {
    const permissions = resourcesOfType(stages[stage].template, 'AWS::Lambda::Permission').map(([, p]) => resolve(p.Properties));
    expect(permissions).toHaveLength(RULES.length);
    for (const rule of RULES) {
      const { logicalId } = eventRulesByRuleId(stage).get(rule.id)!;
      const functionName = RESPONDERS[responderOf(rule)].functionName;
      expect(permissions).toContainEqual({
        Action: 'lambda:InvokeFunction',
        FunctionName: getAttToken(functionLogicalId(functionName), 'Arn'),
        Principal: 'events.amazonaws.com',
        SourceArn: getAttToken(logicalId, 'Arn'),
      });
    }
  });
});
