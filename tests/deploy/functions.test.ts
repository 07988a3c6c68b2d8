import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ENV, loadConfig } from '../../lib/config';
import { renderDeployData } from '../../lib/deploy';
import { PrincipalMatcher } from '../../lib/principals';
import { RULES } from '../../rules';
import { refToken, resolve } from './cfn';
import { PACKAGE_TIMEOUT_MS, ROOT, packageStages, resource, resourcesOfType, type PackagedStage, type Stage } from './packaged';

let stages: Readonly<Record<Stage, PackagedStage>>;
beforeAll(async () => {
  stages = await packageStages();
}, PACKAGE_TIMEOUT_MS);

const EXPECTED: Record<Stage, { mode: string; logLevel: string; retention: number }> = {
  dev: { mode: 'dry-run', logLevel: 'DEBUG', retention: 14 },
  prod: { mode: 'enforce', logLevel: 'INFO', retention: 90 },
};

const deployed = renderDeployData(RULES).functions;

describe.each(['dev', 'prod'] as const)('functions (%s)', (stage) => {
  test('securityGroup, trail and alert, and nothing else', () => {
    const functions = resourcesOfType(stages[stage].template, 'AWS::Lambda::Function').map(([id]) => id).sort();
    expect(functions).toEqual(Object.values(deployed).map((f) => f.functionLogicalId).sort());
    expect(Object.keys(deployed).sort()).toEqual(['alert', 'securityGroup', 'trail']);
  });

  test.each(Object.entries(deployed))('%s: Node.js 22 on arm64, its own handler, bounded memory and timeout', (name, fn) => {
    const { Properties } = resource(stages[stage].template, fn.functionLogicalId);
    expect(Properties).toMatchObject({
      FunctionName: `trailguard-${stage}-${name}`,
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: fn.handler,
      MemorySize: 256,
      Timeout: 60,
    });
    expect(existsSync(join(ROOT, fn.handler.replace(/\.handler$/, '.ts')))).toBe(true);
  });

  test.each(Object.entries(deployed))('%s: log group kept per the logRetentionDays param', (_name, fn) => {
    expect(resource(stages[stage].template, fn.logGroupLogicalId).Properties.RetentionInDays).toBe(EXPECTED[stage].retention);
  });

  test('the environment carries every config variable, from the stage params', () => {
    for (const fn of Object.values(deployed)) {
      const variables = resolve(resource(stages[stage].template, fn.functionLogicalId).Properties.Environment.Variables);
      expect(variables).toEqual({
        [ENV.stage]: stage,
        [ENV.mode]: EXPECTED[stage].mode,
        [ENV.alertTopicArn]: refToken('AlertTopic'),
        [ENV.publicPorts]: '80,443',
        [ENV.smsMinSeverity]: 'HIGH',
        [ENV.exceptions]: '[]',
        [ENV.ownPrincipals]: 'arn:aws:iam::123456789012:role/trailguard-*',
        [ENV.alertDedupMinutes]: '15',
        [ENV.stateTable]: refToken('StateTable'),
        [ENV.maxAttempts]: '3',
        POWERTOOLS_SERVICE_NAME: 'trailguard',
        POWERTOOLS_METRICS_NAMESPACE: 'Trailguard',
        POWERTOOLS_LOG_LEVEL: EXPECTED[stage].logLevel,
      });
    }
  });

  test('the environment passes the functions\' own cold-start config parser', () => {
    const variables = resolve(resource(stages[stage].template, deployed.alert!.functionLogicalId).Properties.Environment.Variables);
    const config = loadConfig({
      ...variables,
      [ENV.alertTopicArn]: `arn:aws:sns:us-east-1:123456789012:trailguard-${stage}-alerts`,
      [ENV.stateTable]: `trailguard-${stage}-state`,
    });
    expect(config.mode).toBe(EXPECTED[stage].mode);
    expect(config.publicPorts).toEqual([80, 443]);
  });

  test('the loop guard covers every role trailguard deploys, as the sessions CloudTrail records them', () => {
    const variables = resolve(resource(stages[stage].template, deployed.alert!.functionLogicalId).Properties.Environment.Variables);
    const guard = new PrincipalMatcher(String(variables[ENV.ownPrincipals]).split(','));
    for (const fn of Object.values(deployed)) {
      const roleName = resolve(resource(stages[stage].template, fn.roleLogicalId).Properties.RoleName);
      expect(guard.matchesAny([`arn:aws:iam::123456789012:role/${roleName}`])).toBe(true);
    }
    expect(guard.matchesAny(['arn:aws:iam::123456789012:role/ops-admin'])).toBe(false);
    expect(guard.matchesAny(['arn:aws:iam::999999999999:role/trailguard-prod-us-east-1-alert'])).toBe(false);
  });
});
