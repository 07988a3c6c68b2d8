import { renderDeployData } from '../../lib/deploy';
import { RULES } from '../../rules';
import { PACKAGE_TIMEOUT_MS, packageExpectingFailure } from './packaged';

/*
 * lib/deploy-params.cjs, the resolver serverless.yml reads every stage param through, called the way osls calls
 * it. The packaged templates (the other files here) check the real defaults end to end; these check what a bad
 * value does: packaging stops, naming the param.
 */

type Resolver = (context: {
  options: { stage: string; param: string[] };
  resolveVariable: (name: string) => Promise<unknown>;
  resolveConfigurationProperty: (path: string[]) => Promise<unknown>;
}) => Promise<unknown>;
type DeployParams = Record<string, Resolver>;

// The documented defaults (serverless.yml `params.default`).
const DEFAULTS: Record<string, unknown> = {
  mode: 'dry-run',
  alertEmail: '',
  alertSms: '',
  alarmEmail: '',
  alarmSms: '',
  smsMinSeverity: 'HIGH',
  publicPorts: '80,443',
  exceptions: [],
  ownPrincipals: [],
  deploymentPrincipals: [],
  alertDedupMinutes: 15,
  deactivateAccessKeys: false,
  flowLogs: [],
  pointInTimeRecovery: false,
  logLevel: 'DEBUG',
  logRetentionDays: 14,
  // Organization topology (issue 13).
  topology: 'single',
  organizationId: '',
  accountNames: {},
};

// serverless.yml's `params` as osls hands it to the resolver: the declared stages and their overrides.
const DECLARED: Record<string, Record<string, unknown>> = { default: DEFAULTS, dev: { mode: 'dry-run' }, prod: { mode: 'enforce', logLevel: 'INFO', logRetentionDays: 90 } };

const resolver = require('../../lib/deploy-params.cjs') as DeployParams & {
  testing: {
    staleGeneratedMessage: (checkedIn: string, rendered: string) => string | undefined;
    renderGenerated: () => string;
    setInvokeLocal: (value: boolean | undefined) => void;
  };
};

/**
 * Resolves one param the way osls does: `params` come as `--param name=value` (so they are also checked as names),
 * serverless.yml's `params` block through resolveConfigurationProperty. The resolver caches per stage and
 * `--param` list: each case gets its own.
 */
const resolveParam = async (name: string, params: Record<string, unknown> = {}, stage = 'dev', declared = DECLARED): Promise<unknown> => {
  const values = { ...DEFAULTS, ...params };
  return resolver[name]!({
    resolveConfigurationProperty: async (path) => {
      if (path.join('.') !== 'params') throw new Error(`unexpected property ${path.join('.')}`);
      return declared;
    },
    options: { stage, param: Object.entries(params).map(([key, value]) => `${key}=${JSON.stringify(value)}`) },
    resolveVariable: async (variable) => {
      if (variable === 'sls:stage') return stage;
      const [source, address] = variable.split(':') as [string, string];
      if (source !== 'param' || !(address in values)) throw new Error(`unexpected variable ${variable}`);
      return values[address];
    },
  });
};

describe('smsMinSeverity', () => {
  test.each([
    ['LOW', ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']],
    ['MEDIUM', ['MEDIUM', 'HIGH', 'CRITICAL']],
    ['HIGH', ['HIGH', 'CRITICAL']],
    ['CRITICAL', ['CRITICAL']],
    ['high', ['HIGH', 'CRITICAL']],
  ])('%s: the SMS filter policy receives %j', async (smsMinSeverity, expected) => {
    await expect(resolveParam('smsSeverities', { smsMinSeverity })).resolves.toEqual(expected);
  });

  test('an unknown severity stops packaging, naming the param', async () => {
    await expect(resolveParam('smsSeverities', { smsMinSeverity: 'SEVERE' })).rejects.toThrow(/"smsMinSeverity".*one of LOW, MEDIUM, HIGH, CRITICAL/);
  });
});

describe('alert endpoints', () => {
  test.each([
    ['', ''],
    ['+15555550123', '+15555550123'],
    ['+1 (555) 555-0123', '+15555550123'],
    ['+442071838750', '+442071838750'],
  ])('alertSms %j is used as %j', async (alertSms, expected) => {
    await expect(resolveParam('alertSms', { alertSms })).resolves.toBe(expected);
  });

  test.each(['5555550123', '+0123456', '+1555555012345678', 'tel:+15555550123'])('alertSms %j is not E.164: packaging stops', async (alertSms) => {
    await expect(resolveParam('alertSms', { alertSms })).rejects.toThrow(/"alertSms".*E\.164/);
  });

  test('alarmEmail defaults to alertEmail, and must be an address when given', async () => {
    await expect(resolveParam('alarmEmail', { alertEmail: 'secops@example.com' })).resolves.toBe('secops@example.com');
    await expect(resolveParam('alarmEmail', { alertEmail: 'secops@example.com', alarmEmail: 'oncall@example.com' })).resolves.toBe('oncall@example.com');
    await expect(resolveParam('alarmEmail', { alarmEmail: 'oncall' })).rejects.toThrow(/"alarmEmail"/);
    await expect(resolveParam('alarmSms', { alarmSms: '+1 555 555 0199' })).resolves.toBe('+15555550199');
    await expect(resolveParam('alarmSms', { alarmSms: '555' })).rejects.toThrow(/"alarmSms".*E\.164/);
  });

  test('alertEmail must be an address', async () => {
    await expect(resolveParam('alertEmail', { alertEmail: 'secops@example.com' })).resolves.toBe('secops@example.com');
    await expect(resolveParam('alertEmail', { alertEmail: 'secops' })).rejects.toThrow(/"alertEmail"/);
  });
});

describe('responder settings', () => {
  test('mode is dry-run or enforce', async () => {
    await expect(resolveParam('mode', { mode: 'enforce' })).resolves.toBe('enforce');
    await expect(resolveParam('mode', { mode: 'on' })).rejects.toThrow(/"mode".*dry-run or enforce/);
  });

  test('publicPorts is checked by the functions\' own parser', async () => {
    await expect(resolveParam('publicPorts', { publicPorts: [22, 80] })).resolves.toBe('22,80');
    await expect(resolveParam('publicPorts', { publicPorts: '80,http' })).rejects.toThrow(/"publicPorts".*TRAILGUARD_PUBLIC_PORTS\[1\]/);
  });

  const exception = { id: 'bastion', match: { port: 22, cidr: '203.0.113.0/24' }, reason: 'office bastion', owner: 'platform', expires: '2027-06-30' };

  test('exceptions, a YAML list, reach the functions as JSON', async () => {
    await expect(resolveParam('exceptions', { exceptions: [exception] })).resolves.toBe(JSON.stringify([exception]));
    await expect(resolveParam('exceptions', { exceptions: JSON.stringify([exception]) })).resolves.toBe(JSON.stringify([exception]));
    await expect(resolveParam('exceptions')).resolves.toBe('[]');
  });

  test('a bad exception stops packaging, naming the param and the entry', async () => {
    await expect(resolveParam('exceptions', { exceptions: [{ ...exception, expires: 'next year' }] })).rejects.toThrow(
      /"exceptions".*TRAILGUARD_EXCEPTIONS\[0\]\.expires/,
    );
    await expect(resolveParam('exceptions', { exceptions: [{ ...exception, match: { colour: 'red' } }] })).rejects.toThrow(/"exceptions"/);
    await expect(resolveParam('exceptions', { exceptions: '{not json' })).rejects.toThrow(/"exceptions".*JSON/);
  });

  test('ownPrincipals: every function role as RoleId|Arn from CloudFormation, then the exact extras; globs refused', async () => {
    const extra = 'arn:aws:iam::123456789012:role/ci-deployer';
    const roles = Object.values(renderDeployData(RULES).functions).map(({ roleLogicalId }) => ({
      'Fn::Join': ['|', [{ 'Fn::GetAtt': [roleLogicalId, 'RoleId'] }, { 'Fn::GetAtt': [roleLogicalId, 'Arn'] }]],
    }));
    await expect(resolveParam('ownPrincipals', { ownPrincipals: [extra, 'AROAEXAMPLECIROLE0001'] })).resolves.toEqual({
      'Fn::Join': [',', [...roles, extra, 'AROAEXAMPLECIROLE0001']],
    });
    await expect(resolveParam('ownPrincipals')).resolves.toEqual({ 'Fn::Join': [',', roles] });
    await expect(resolveParam('ownPrincipals', { ownPrincipals: ['arn:aws:iam::*:role/trailguard-*'] })).rejects.toThrow(
      /"ownPrincipals".*TRAILGUARD_OWN_PRINCIPALS\[0\].*glob/,
    );
    await expect(resolveParam('ownPrincipals', { ownPrincipals: [extra, 'ci-deployer'] })).rejects.toThrow(/"ownPrincipals".*TRAILGUARD_OWN_PRINCIPALS\[1\]/);
  });

  test('deploymentPrincipals: exact role or user ARNs, as a YAML list or a comma-separated --param, checked by the cold-start parser', async () => {
    const terraform = 'arn:aws:iam::123456789012:role/deploy/terraform-apply';
    const ci = 'arn:aws:iam::123456789012:user/ci-deployer';
    await expect(resolveParam('deploymentPrincipals')).resolves.toBe('');
    await expect(resolveParam('deploymentPrincipals', { deploymentPrincipals: [terraform, ci] })).resolves.toBe(`${terraform},${ci}`);
    await expect(resolveParam('deploymentPrincipals', { deploymentPrincipals: `${terraform}, ${ci}` })).resolves.toBe(`${terraform},${ci}`);
    await expect(resolveParam('deploymentPrincipals', { deploymentPrincipals: [terraform, 'arn:aws:iam::123456789012:role/terraform-*'] })).rejects.toThrow(
      /Invalid stage param "deploymentPrincipals" for stage "dev": .*TRAILGUARD_DEPLOYMENT_PRINCIPALS\[1\].*is a glob/,
    );
    await expect(resolveParam('deploymentPrincipals', { deploymentPrincipals: ['AROAEXAMPLETERRAFORM1'] })).rejects.toThrow(
      /"deploymentPrincipals".*TRAILGUARD_DEPLOYMENT_PRINCIPALS\[0\].*not an exact IAM role or user ARN/,
    );
  });

  test('logLevel and logRetentionDays take the values Powertools and CloudWatch Logs accept', async () => {
    await expect(resolveParam('logLevel', { logLevel: 'info' })).resolves.toBe('INFO');
    await expect(resolveParam('logLevel', { logLevel: 'VERBOSE' })).rejects.toThrow(/"logLevel"/);
    await expect(resolveParam('logRetentionDays', { logRetentionDays: '30' })).resolves.toBe(30);
    await expect(resolveParam('logRetentionDays', { logRetentionDays: 15 })).rejects.toThrow(/"logRetentionDays"/);
  });

  test('alertDedupMinutes is a whole number of minutes, checked by the cold-start parser', async () => {
    await expect(resolveParam('alertDedupMinutes', { alertDedupMinutes: 30 })).resolves.toBe('30');
    await expect(resolveParam('alertDedupMinutes', { alertDedupMinutes: '15m' })).rejects.toThrow(/"alertDedupMinutes".*TRAILGUARD_ALERT_DEDUP_MINUTES/);
  });

  test('deactivateAccessKeys is true or false (default false), from YAML or --param, checked by the cold-start parser', async () => {
    await expect(resolveParam('deactivateAccessKeys')).resolves.toBe('false');
    await expect(resolveParam('deactivateAccessKeys', { deactivateAccessKeys: true })).resolves.toBe('true');
    await expect(resolveParam('deactivateAccessKeys', { deactivateAccessKeys: 'TRUE' })).resolves.toBe('true');
    await expect(resolveParam('deactivateAccessKeys', { deactivateAccessKeys: 'yes' })).rejects.toThrow(
      /"deactivateAccessKeys" for stage "dev": .*TRAILGUARD_DEACTIVATE_ACCESS_KEYS.*must be true or false/,
    );
  });

  test('flowLogs: a YAML list passed as JSON, each entry checked by the cold-start parser and named by its index', async () => {
    const vpc = { resourceId: 'vpc-0a1b2c3d4e5f67890', destination: 'arn:aws:s3:::flow-logs-123456789012/vpc', trafficType: 'ALL' };
    await expect(resolveParam('flowLogs')).resolves.toBe('[]');
    await expect(resolveParam('flowLogs', { flowLogs: [vpc] })).resolves.toBe(JSON.stringify([vpc]));
    await expect(resolveParam('flowLogs', { flowLogs: [vpc, { ...vpc, destination: 'arn:aws:logs:us-east-1:123456789012:log-group:flow' }] })).rejects.toThrow(
      /"flowLogs" for stage "dev": .*TRAILGUARD_FLOW_LOGS\[1\]\.deliverLogsRoleArn.*is required with a CloudWatch Logs destination/,
    );
    await expect(resolveParam('flowLogs', { flowLogs: Array.from({ length: 20 }, () => vpc) })).rejects.toThrow(/"flowLogs".*bytes as JSON/);
  });

  test('flowLogs in a central stage: every entry must name its account and region, refused at packaging naming the entry', async () => {
    const central = { topology: 'central', organizationId: 'o-a1b2c3d4e5' };
    const entry = { resourceId: 'vpc-0a1b2c3d4e5f67890', destination: 'arn:aws:s3:::central-flow-logs', trafficType: 'ALL', account: '123456789012', region: 'eu-west-1' };
    await expect(resolveParam('flowLogs', { flowLogs: [entry], ...central }, 'prod')).resolves.toBe(JSON.stringify([entry]));
    const { account: _account, ...noAccount } = entry;
    await expect(resolveParam('flowLogs', { flowLogs: [entry, noAccount], ...central }, 'prod')).rejects.toThrow(
      /"flowLogs" for stage "prod": .*TRAILGUARD_FLOW_LOGS\[1\]\.account.*required in a central stage/,
    );
    const { region: _region, ...noRegion } = entry;
    await expect(resolveParam('flowLogs', { flowLogs: [noRegion], ...central }, 'prod')).rejects.toThrow(/TRAILGUARD_FLOW_LOGS\[0\]\.region.*required in a central stage/);
    // A single stage sees only its own account: neither is required there.
    await expect(resolveParam('flowLogs', { flowLogs: [noAccount] })).resolves.toBe(JSON.stringify([noAccount]));
  });

  test('flowLogs with a log group: its delivery role is required, exact and of the group\'s account; a central stage refuses it', async () => {
    const group = {
      resourceId: 'vpc-0a1b2c3d4e5f67890',
      destination: 'arn:aws:logs:us-east-1:123456789012:log-group:/vpc/flow-logs',
      trafficType: 'ALL',
      deliverLogsRoleArn: 'arn:aws:iam::123456789012:role/flow-logs-delivery',
    };
    await expect(resolveParam('flowLogs', { flowLogs: [group] })).resolves.toBe(JSON.stringify([group]));
    await expect(resolveParam('flowLogs', { flowLogs: [{ ...group, deliverLogsRoleArn: 'arn:aws:iam::123456789012:role/flow-*' }] })).rejects.toThrow(
      /"flowLogs" for stage "dev": .*TRAILGUARD_FLOW_LOGS\[0\]\.deliverLogsRoleArn.*exact IAM role ARN/,
    );
    await expect(resolveParam('flowLogs', { flowLogs: [{ ...group, deliverLogsRoleArn: 'arn:aws:iam::210987654321:role/flow-logs-delivery' }] })).rejects.toThrow(
      /TRAILGUARD_FLOW_LOGS\[0\]\.deliverLogsRoleArn.*account 210987654321, the log group in 123456789012/,
    );
    await expect(resolveParam('flowLogs', { flowLogs: [group], topology: 'central', organizationId: 'o-a1b2c3d4e5' }, 'prod')).rejects.toThrow(
      /"flowLogs" for stage "prod": .*TRAILGUARD_FLOW_LOGS\[0\]\.destination.*central stage .*recreates only S3 flow logs/,
    );
  });

  test('flowLogResources: iam:PassRole on exactly the declared delivery roles, to vpc-flow-logs only; nothing without a log group', async () => {
    const s3 = { resourceId: 'vpc-0a1b2c3d4e5f67890', destination: 'arn:aws:s3:::flow-logs-123456789012/vpc', trafficType: 'ALL' };
    const group = (resourceId: string, role: string) => ({
      resourceId,
      destination: 'arn:aws:logs:us-east-1:123456789012:log-group:/vpc/flow-logs',
      deliverLogsRoleArn: `arn:aws:iam::123456789012:role/${role}`,
    });
    await expect(resolveParam('flowLogResources')).resolves.toEqual({});
    await expect(resolveParam('flowLogResources', { flowLogs: [s3] })).resolves.toEqual({});
    const flowLogs = [s3, group('vpc-0fedcba987654321f', 'delivery-b'), group('subnet-0a1b2c3d', 'path/delivery-a'), group('eni-0a1b2c3d', 'delivery-b')];
    await expect(resolveParam('flowLogResources', { flowLogs })).resolves.toEqual({
      Resources: {
        FlowLogDeliveryRolesPolicy: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyName: 'trailguard-trail-pass-flow-log-delivery-roles',
            Roles: [{ Ref: 'TrailRole' }],
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'PassFlowLogDeliveryRoles',
                  Effect: 'Allow',
                  Action: ['iam:PassRole'],
                  Resource: ['arn:aws:iam::123456789012:role/delivery-b', 'arn:aws:iam::123456789012:role/path/delivery-a'],
                  Condition: { StringEquals: { 'iam:PassedToService': 'vpc-flow-logs.amazonaws.com' } },
                },
              ],
            },
          },
        },
      },
    });
  });

  test('a stage name too long for 64-character role names in every region is refused', async () => {
    // The longest function name (selfProtection, 14 characters) leaves 23 for the stage.
    const declared = { ...DECLARED, ['a'.repeat(23)]: { mode: 'dry-run' }, ['a'.repeat(24)]: { mode: 'dry-run' } };
    await expect(resolveParam('stage', {}, 'a'.repeat(23), declared)).resolves.toBe('a'.repeat(23));
    await expect(resolveParam('stage', {}, 'a'.repeat(24), declared)).rejects.toThrow(/"stage".*64/);
  });
});

describe('declared stages and params', () => {
  test.each(['dev', 'prod'])('the declared stage %s packages', async (stage) => {
    await expect(resolveParam('stage', {}, stage)).resolves.toBe(stage);
  });

  test.each([
    ['production', /"stage" for stage "production": is not declared in serverless\.yml \(did you mean "prod"\?\): declared stages are dev, prod/],
    ['staging', /"stage" for stage "staging": is not declared in serverless\.yml: declared stages are dev, prod\. Add params\.staging/],
  ])('an undeclared stage (%s) is refused instead of running with the defaults', async (stage, message) => {
    await expect(resolveParam('stage', {}, stage)).rejects.toThrow(message);
  });

  test.each([
    ['alertEmial', 'alertEmail'],
    ['alertsms', 'alertSms'],
    ['smsMinSeverty', 'smsMinSeverity'],
    ['publicPort', 'publicPorts'],
    ['exception', 'exceptions'],
  ])('--param %s is refused with a did-you-mean naming %s', async (typo, meant) => {
    await expect(resolveParam('stage', { [typo]: 'x' })).rejects.toThrow(`Invalid stage param "${typo}" for stage "dev": is not a trailguard param (given with --param) (did you mean "${meant}"?)`);
  });

  test('a name far from every param is refused without a guess, listing the params', async () => {
    await expect(resolveParam('stage', { colour: 'red' })).rejects.toThrow(/"colour".*not a trailguard param \(given with --param\); the params are mode, alertEmail/);
  });

  test('an unknown name in a stage block of serverless.yml is refused, naming the block', async () => {
    const declared = { ...DECLARED, prod: { ...DECLARED.prod, alertEmial: 'secops@example.com' } };
    await expect(resolveParam('stage', { mode: 'dry-run' }, 'dev', declared)).rejects.toThrow(/"alertEmial".*set in serverless\.yml params\.prod\) \(did you mean "alertEmail"\?\)/);
  });
});

describe('sls invoke local', () => {
  const allow = process.env.TRAILGUARD_ALLOW_LOCAL_ENFORCE;
  beforeEach(() => resolver.testing.setInvokeLocal(true));
  afterEach(() => {
    resolver.testing.setInvokeLocal(undefined);
    if (allow === undefined) delete process.env.TRAILGUARD_ALLOW_LOCAL_ENFORCE;
    else process.env.TRAILGUARD_ALLOW_LOCAL_ENFORCE = allow;
  });

  test('an enforce stage is refused: it would act on the account of the shell\'s credentials', async () => {
    delete process.env.TRAILGUARD_ALLOW_LOCAL_ENFORCE;
    await expect(resolveParam('mode', { mode: 'enforce' }, 'prod')).rejects.toThrow(/"mode" for stage "prod": is enforce: `sls invoke local` would revert.*TRAILGUARD_ALLOW_LOCAL_ENFORCE=1/);
  });

  test('TRAILGUARD_ALLOW_LOCAL_ENFORCE=1 allows it; any other value does not', async () => {
    process.env.TRAILGUARD_ALLOW_LOCAL_ENFORCE = 'yes';
    await expect(resolveParam('mode', { mode: 'enforce', logLevel: 'INFO' }, 'prod')).rejects.toThrow(/TRAILGUARD_ALLOW_LOCAL_ENFORCE=1/);
    process.env.TRAILGUARD_ALLOW_LOCAL_ENFORCE = '1';
    await expect(resolveParam('mode', { mode: 'enforce', logLevel: 'DEBUG' }, 'prod')).resolves.toBe('enforce');
  });

  test('a dry-run stage runs locally as before', async () => {
    delete process.env.TRAILGUARD_ALLOW_LOCAL_ENFORCE;
    await expect(resolveParam('mode', { mode: 'dry-run', logLevel: 'WARN' }, 'dev')).resolves.toBe('dry-run');
  });
});

describe('generated deployment data', () => {
  test('packaging refuses a rules/deploy.generated.json that is not what the registry renders now', () => {
    const rendered = resolver.testing.renderGenerated();
    expect(resolver.testing.staleGeneratedMessage(rendered, rendered)).toBeUndefined();
    const edited = rendered.replace('"ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"', '"ENABLED"');
    expect(resolver.testing.staleGeneratedMessage(edited, rendered)).toMatch(/npm run rules:generate/);
  });
});

describe('sls package', () => {
  test('a bad param fails packaging with a message that names it, only where that param is used', async () => {
    const { failed, output } = await packageExpectingFailure(['--stage', 'dev', '--param', 'alertSms=5555550123']);
    expect(failed).toBe(true);
    expect(output).toMatch(/Invalid stage param "alertSms" for stage "dev": must be a phone number in E\.164 form/);
    const reported = [...output.matchAll(/Cannot resolve variable at "([^"]+)"/g)].map((m) => m[1]);
    expect(reported.sort()).toEqual(['resources.1.Conditions.HasAlertSms.Fn::Not.0.Fn::Equals.0', 'resources.1.Resources.AlertSmsSubscription.Properties.Endpoint']);
  }, PACKAGE_TIMEOUT_MS);

  test('a misspelt --param fails packaging with a did-you-mean', async () => {
    const { failed, output } = await packageExpectingFailure(['--stage', 'dev', '--param', 'alertEmial=secops@example.com']);
    expect(failed).toBe(true);
    expect(output).toContain('Invalid stage param "alertEmial" for stage "dev": is not a trailguard param (given with --param) (did you mean "alertEmail"?)');
  }, PACKAGE_TIMEOUT_MS);

  test('a central stage declaring a log-group flow log fails packaging, naming the entry (member roles cannot pass delivery roles)', async () => {
    const flowLog = {
      resourceId: 'vpc-0a1b2c3d4e5f67890',
      destination: 'arn:aws:logs:us-east-1:123456789012:log-group:/vpc/flow-logs',
      deliverLogsRoleArn: 'arn:aws:iam::123456789012:role/flow-logs-delivery',
    };
    const { failed, output } = await packageExpectingFailure([
      '--stage', 'prod', '--param', 'topology=central', '--param', 'organizationId=o-a1b2c3d4e5', '--param', `flowLogs=${JSON.stringify([flowLog])}`,
    ]);
    expect(failed).toBe(true);
    expect(output).toMatch(/Invalid stage param "flowLogs" for stage "prod": .*TRAILGUARD_FLOW_LOGS\[0\]\.destination.*recreates only S3 flow logs/);
  }, PACKAGE_TIMEOUT_MS);

  test('an undeclared stage fails packaging instead of deploying a dry-run stack', async () => {
    const { failed, output } = await packageExpectingFailure(['--stage', 'production']);
    expect(failed).toBe(true);
    expect(output).toContain('Invalid stage param "stage" for stage "production": is not declared in serverless.yml (did you mean "prod"?)');
  }, PACKAGE_TIMEOUT_MS);
});

describe('pointInTimeRecovery', () => {
  test.each([
    [false, false],
    [true, true],
    ['true', true],
    ['false', false],
    ['TRUE', true],
  ])('%j gives the state table PointInTimeRecoveryEnabled %j', async (pointInTimeRecovery, expected) => {
    await expect(resolveParam('pointInTimeRecovery', { pointInTimeRecovery })).resolves.toBe(expected);
  });

  test.each(['yes', 1, ''])('%j is not a boolean: packaging stops, naming the param', async (pointInTimeRecovery) => {
    await expect(resolveParam('pointInTimeRecovery', { pointInTimeRecovery })).rejects.toThrow(/"pointInTimeRecovery".*true or false/);
  });
});

describe('stateTable', () => {
  afterEach(() => resolver.testing.setInvokeLocal(undefined));

  test('the stage\'s own table, by Ref; empty under `sls invoke local`, which cannot resolve a Ref', async () => {
    resolver.testing.setInvokeLocal(false);
    await expect(resolveParam('stateTable', {}, 'prod')).resolves.toEqual({ Ref: 'StateTable' });
    resolver.testing.setInvokeLocal(true);
    await expect(resolveParam('stateTable', {}, 'dev')).resolves.toBe('');
  });
});

describe('organization topology (issue 13)', () => {
  const central = { topology: 'central', organizationId: 'o-a1b2c3d4e5' };

  test('topology is single (default) or central; anything else stops packaging, naming the param', async () => {
    await expect(resolveParam('topology')).resolves.toBe('single');
    await expect(resolveParam('topology', { topology: 'central' })).resolves.toBe('central');
    await expect(resolveParam('topology', { topology: 'org' })).rejects.toThrow(/"topology".*single or central/);
  });

  test('organizationId is required in central, must look like o-…, and is refused in single', async () => {
    await expect(resolveParam('organizationId', central)).resolves.toBe('o-a1b2c3d4e5');
    await expect(resolveParam('organizationId', { topology: 'central' })).rejects.toThrow(/"organizationId".*required with topology central/);
    await expect(resolveParam('organizationId', { ...central, organizationId: 'r-abcd' })).rejects.toThrow(/"organizationId".*not an organization id/);
    await expect(resolveParam('organizationId', { organizationId: 'o-a1b2c3d4e5' })).rejects.toThrow(/"organizationId".*only used with topology central/);
    await expect(resolveParam('organizationId')).resolves.toBe('');
  });

  test('accountNames: a YAML map (or JSON with --param) reaching the functions as JSON; a bad account id is named', async () => {
    await expect(resolveParam('accountNames', { accountNames: { '111122223333': 'payments-prod' } })).resolves.toBe('{"111122223333":"payments-prod"}');
    await expect(resolveParam('accountNames', { accountNames: '{"111122223333":"payments-prod"}' })).resolves.toBe('{"111122223333":"payments-prod"}');
    await expect(resolveParam('accountNames')).resolves.toBe('{}');
    await expect(resolveParam('accountNames', { accountNames: { '1111': 'short' } })).rejects.toThrow(/"accountNames".*TRAILGUARD_ACCOUNT_NAMES\.1111.*12-digit/);
  });

  test('single: rules on the default bus, remediation in the stack\'s region, no central resources', async () => {
    await expect(resolveParam('eventBusName')).resolves.toBe('default');
    await expect(resolveParam('remediationRegion')).resolves.toEqual({ Ref: 'AWS::Region' });
    await expect(resolveParam('centralResources')).resolves.toEqual({});
  });

  test('central: rules on the organization bus, remediation ARNs in any region, the bus and one assume-role policy per remediating function', async () => {
    await expect(resolveParam('eventBusName', central)).resolves.toEqual({ Ref: 'CentralEventBus' });
    await expect(resolveParam('remediationRegion', central)).resolves.toBe('*');
    const resources = (await resolveParam('centralResources', central, 'prod')) as { Resources: Record<string, { Type: string }> };
    const remediating = Object.entries(renderDeployData(RULES).functions).filter(([, f]) => f.permissions.length > 0).map(([name]) => name);
    expect(Object.keys(resources.Resources).filter((id) => resources.Resources[id]!.Type === 'AWS::IAM::Policy')).toHaveLength(remediating.length);
    expect(resources.Resources.CentralEventBus).toEqual({ Type: 'AWS::Events::EventBus', Properties: { Name: 'trailguard-prod' } });
  });
});
