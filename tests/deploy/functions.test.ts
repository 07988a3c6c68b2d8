import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ENV, loadConfig } from '../../lib/config';
import { renderDeployData } from '../../lib/deploy';
import { OwnPrincipals, splitOwnPrincipals } from '../../lib/own-principals';
import { identities } from '../support/records';
import { RULES } from '../../rules';
import { asDeployed, refToken, resolve } from './cfn';
import { PACKAGE_TIMEOUT_MS, PROD_DEPLOYMENT_PRINCIPALS, ROOT, packageStages, resource, resourcesOfType, type PackagedStage, type Stage } from './packaged';

let stages: Readonly<Record<Stage, PackagedStage>>;
beforeAll(async () => {
  stages = await packageStages();
}, PACKAGE_TIMEOUT_MS);

const EXPECTED: Record<Stage, { mode: string; logLevel: string; retention: number; deploymentPrincipals: readonly string[] }> = {
  dev: { mode: 'dry-run', logLevel: 'DEBUG', retention: 14, deploymentPrincipals: [] },
  prod: { mode: 'enforce', logLevel: 'INFO', retention: 90, deploymentPrincipals: PROD_DEPLOYMENT_PRINCIPALS },
};

const deployed = renderDeployData(RULES).functions;

describe.each(['dev', 'prod'] as const)('functions (%s)', (stage) => {
  test('securityGroup, trail, selfProtection, sharing and alert, and nothing else', () => {
    const functions = resourcesOfType(stages[stage].template, 'AWS::Lambda::Function').map(([id]) => id).sort();
    expect(functions).toEqual(Object.values(deployed).map((f) => f.functionLogicalId).sort());
    expect(Object.keys(deployed).sort()).toEqual(['alert', 'securityGroup', 'selfProtection', 'sharing', 'trail']);
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
        [ENV.ownPrincipals]: Object.values(deployed).map((f) => `<GetAtt:${f.roleLogicalId}.RoleId>|<GetAtt:${f.roleLogicalId}.Arn>`).join(','),
        [ENV.deploymentPrincipals]: EXPECTED[stage].deploymentPrincipals.join(','),
        [ENV.alertDedupMinutes]: '15',
        [ENV.deactivateAccessKeys]: 'false',
        [ENV.flowLogs]: '[]',
        [ENV.stateTable]: refToken('StateTable'),
        [ENV.maxAttempts]: '3',
        [ENV.alertKeyArn]: '<GetAtt:AlertTopicKey.Arn>',
        [ENV.topology]: 'single',
        [ENV.organizationId]: '',
        [ENV.accountNames]: '{}',
        POWERTOOLS_SERVICE_NAME: 'trailguard',
        POWERTOOLS_METRICS_NAMESPACE: 'Trailguard',
        POWERTOOLS_LOG_LEVEL: EXPECTED[stage].logLevel,
      });
    }
  });

  test('the environment passes the functions\' own cold-start config parser', () => {
    const variables = resolve(resource(stages[stage].template, deployed.alert!.functionLogicalId).Properties.Environment.Variables);
    // What CloudFormation puts in place of the tokens: ARNs and unique ids.
    const config = loadConfig({
      ...asDeployed(variables),
      [ENV.alertTopicArn]: `arn:aws:sns:us-east-1:123456789012:trailguard-${stage}-alerts`,
      [ENV.stateTable]: `trailguard-${stage}-state`,
    });
    expect(config.ownPrincipals.size).toBe(Object.keys(deployed).length);
    expect(config.alertKeyArn).toMatch(/^arn:aws:kms:/);
    expect(config.mode).toBe(EXPECTED[stage].mode);
    expect(config.publicPorts).toEqual([80, 443]);
    expect(config.deploymentPrincipals.arns).toEqual(EXPECTED[stage].deploymentPrincipals);
  });

  test('the loop guard knows every function role of the stage by unique id and exact ARN, and nothing by name', () => {
    // Prepare: what CloudFormation gives for each role (a unique id, an ARN with the role's name).
    const variables = resource(stages[stage].template, deployed.alert!.functionLogicalId).Properties.Environment.Variables;
    const roles = Object.values(deployed).map((fn, index) => ({
      id: `AROAEXAMPLEROLE${String(index).padStart(6, '0')}`,
      name: String(resolve(resource(stages[stage].template, fn.roleLogicalId).Properties.RoleName)),
      logicalId: fn.roleLogicalId,
    }));
    const text = String(resolve(variables[ENV.ownPrincipals])).replace(/<GetAtt:(\w+)\.(RoleId|Arn)>/g, (_m, logicalId: string, attribute: string) => {
      const role = roles.find((r) => r.logicalId === logicalId)!;
      return attribute === 'RoleId' ? role.id : `arn:aws:iam::123456789012:role/${role.name}`;
    });
    const guard = OwnPrincipals.parse(splitOwnPrincipals(text));
    const session = (name: string, id: string, account = '123456789012') => ({
      eventID: 'e', eventName: 'RevokeSecurityGroupIngress', eventTime: '2026-11-02T08:00:00Z', eventSource: 'ec2.amazonaws.com', awsRegion: 'us-east-1',
      userIdentity: { ...identities.assumedRole(name, name, account), principalId: `${id}:${name}`, sessionContext: { sessionIssuer: { type: 'Role', principalId: id, arn: `arn:aws:iam::${account}:role/${name}`, accountId: account, userName: name } } },
    });

    // Act + Assess
    expect(guard.size).toBe(roles.length);
    for (const role of roles) expect(guard.caused(session(role.name, role.id) as never)).toBe(true);
    const [first] = roles;
    expect(guard.caused(session(first!.name, 'AROARECREATEDROLE00001') as never)).toBe(false);
    expect(guard.caused(session(first!.name, first!.id, '999999999999') as never)).toBe(false);
    expect(guard.caused(session('trailguard-backdoor', 'AROABACKDOORROLE000001') as never)).toBe(false);
  });
});
