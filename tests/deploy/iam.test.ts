import { ROLE_NAME_LIMIT, renderDeployData } from '../../lib/deploy';
import { ACTIONS } from '../../lib/remediation';
import { RESPONDERS } from '../../lib/functions';
import { RESPONDER_IDS } from '../../lib/functions';
import { RULES } from '../../rules';
import { actionsOf, EXAMPLE, getAttToken, refToken, resolve } from './cfn';
import { FLOW_LOGS_DECLARED, PACKAGE_TIMEOUT_MS, packageFlowLogs, packageStages, resource, resourcesOfType, type PackagedStage, type Stage } from './packaged';

// What every function may do besides remediating: write its logs, publish alerts (through the topic's key),
// dead-letter failed events, keep its idempotency records and dedup windows in the state table (state-table.test.ts).
const BASELINE_ACTIONS = [
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'kms:Decrypt',
  'kms:GenerateDataKey',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'sns:Publish',
  'sqs:SendMessage',
];
// Longest region names today; role names must fit in any of them.
const LONG_REGIONS = ['ap-southeast-4', 'ap-northeast-3', 'us-gov-west-1', 'us-isob-east-1'];

let stages: Readonly<Record<Stage, PackagedStage>>;
beforeAll(async () => {
  stages = await packageStages();
}, PACKAGE_TIMEOUT_MS);

const declaredPermissions = (functionName: string): string[] => {
  const responder = Object.values(RESPONDERS).find((r) => r.functionName === functionName)!;
  return [...new Set(responder.actions.flatMap((action) => ACTIONS[action].permissions.map((p) => p.action)))].sort();
};

const policyOf = (stage: Stage, roleId: string) => {
  const role = resource(stages[stage].template, roleId);
  expect(role.Properties.Policies).toHaveLength(1);
  return resolve(role.Properties.Policies[0].PolicyDocument) as { Statement: { Sid: string; Effect: string; Action: string[]; Resource: unknown; Condition?: unknown }[] };
};

describe.each(['dev', 'prod'] as const)('IAM (%s)', (stage) => {
  const functionNames = RESPONDER_IDS.map((id) => RESPONDERS[id].functionName);

  test('one role per function, and every function runs under its own (no shared default role)', () => {
    const roles = resourcesOfType(stages[stage].template, 'AWS::IAM::Role').map(([id]) => id).sort();
    expect(roles).toEqual(['AlertRole', 'SecurityGroupRole', 'SelfProtectionRole', 'SharingRole', 'TrailRole']);
    expect(stages[stage].template.Resources.IamRoleLambdaExecution).toBeUndefined();
    const data = renderDeployData(RULES);
    for (const name of functionNames) {
      const fn = resource(stages[stage].template, data.functions[name]!.functionLogicalId);
      expect(resolve(fn.Properties.Role)).toBe(getAttToken(data.functions[name]!.roleLogicalId, 'Arn'));
    }
  });

  test.each(functionNames)('%s: role named trailguard-<stage>-<region>-<function>, within 64 characters in any region', (name) => {
    const { RoleName, AssumeRolePolicyDocument } = resource(stages[stage].template, renderDeployData(RULES).functions[name]!.roleLogicalId).Properties;
    expect(resolve(RoleName)).toBe(`trailguard-${stage}-us-east-1-${name}`);
    for (const region of LONG_REGIONS) {
      const full = resolve(RoleName, { ...EXAMPLE, region }) as string;
      expect(full.length).toBeLessThanOrEqual(ROLE_NAME_LIMIT);
      expect(full).toMatch(/^trailguard-/); // the responder-tampering rules rely on the prefix
    }
    expect(AssumeRolePolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
  });

  test.each(functionNames)('%s: remediation actions are exactly those its rules\' actions declare', (name) => {
    const { Statement } = policyOf(stage, renderDeployData(RULES).functions[name]!.roleLogicalId);
    const remediation = Statement.filter((s) => s.Effect === 'Allow' && (s.Sid.startsWith('Remediate') || s.Sid === 'ReadForRemediation')).flatMap((s) => s.Action).sort();
    expect(remediation).toEqual(declaredPermissions(name));
    const all = actionsOf({ Statement: Statement.filter((s) => s.Effect === 'Allow') }).sort();
    expect(all).toEqual([...BASELINE_ACTIONS, ...declaredPermissions(name)].sort());
  });

  test('the declared actions, spelled out: securityGroup revokes ingress, trail restarts logging, alert remediates nothing', () => {
    const remediation = (roleId: string, sid = 'Remediate') => policyOf(stage, roleId).Statement.filter((s) => s.Sid === sid).flatMap((s) => s.Action);
    expect(remediation('SecurityGroupRole')).toEqual(['ec2:ModifySecurityGroupRules', 'ec2:RevokeSecurityGroupIngress']);
    // Read-only calls without resource-level permissions, to learn an edited rule and its history (restore-sg-rule).
    expect(remediation('SecurityGroupRole', 'ReadForRemediation')).toEqual(['cloudtrail:LookupEvents', 'config:GetResourceConfigHistory', 'ec2:DescribeSecurityGroupRules']);
    // trail: read the event history (a key's state before its deletion was scheduled) and a recorder's status first.
    expect(remediation('TrailRole', 'ReadForRemediation')).toEqual(['cloudtrail:LookupEvents', 'config:DescribeConfigurationRecorderStatus', 'ec2:DescribeFlowLogs']);
    expect(policyOf(stage, 'TrailRole').Statement.filter((s) => s.Sid.startsWith('Remediate')).map((s) => s.Action)).toEqual([
      ['cloudtrail:StartLogging'],
      ['kms:CancelKeyDeletion', 'kms:DescribeKey', 'kms:EnableKey'],
      ['config:StartConfigurationRecorder'],
      ['ec2:CreateFlowLogs'],
      // Log delivery to S3, which CreateFlowLogs sets up on the caller's behalf: IAM grants these only on "*".
      ['logs:CreateLogDelivery', 'logs:DeleteLogDelivery'],
    ]);
    expect(remediation('AlertRole')).toEqual([]);
    // sharing: read the share first, then take back what the event added (EC2 Describe* has no resource-level permissions).
    expect(remediation('SharingRole', 'ReadForRemediation')).toEqual(['ec2:DescribeImageAttribute', 'ec2:DescribeSnapshotAttribute']);
    expect(policyOf(stage, 'SharingRole').Statement.filter((s) => s.Sid.startsWith('Remediate')).map((s) => s.Action)).toEqual([
      ['ec2:ModifyImageAttribute'],
      ['ec2:ModifySnapshotAttribute'],
      ['rds:DescribeDBSnapshotAttributes', 'rds:ModifyDBSnapshotAttribute'],
      ['rds:DescribeDBClusterSnapshotAttributes', 'rds:ModifyDBClusterSnapshotAttribute'],
    ]);
  });

  test.each(functionNames)('%s: no wildcard action, and every resource is this stack\'s or this account\'s (but read-only calls that IAM grants only on "*")', (name) => {
    const { Statement } = policyOf(stage, renderDeployData(RULES).functions[name]!.roleLogicalId);
    for (const statement of Statement) {
      if (statement.Sid === 'NeverTouchOwnRoles') {
        // The one deny: the stack's own roles, by exact ARN, out of reach of the role-deleting remediation.
        expect(statement.Effect).toBe('Deny');
        expect(statement.Resource).toEqual(functionNames.map((fn) => `arn:aws:iam::123456789012:role/trailguard-${stage}-us-east-1-${fn}`));
        continue;
      }
      expect(statement).toMatchObject({ Effect: 'Allow' });
      for (const action of statement.Action) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
      if (statement.Sid === 'RemediateOnAnyResource') {
        // The only writes on "*", named one by one in lib/deploy.ts: IAM supports no resource for them.
        expect(statement.Resource).toBe('*');
        expect(statement.Action).toEqual(['logs:CreateLogDelivery', 'logs:DeleteLogDelivery']);
        continue;
      }
      if (statement.Sid === 'ReadForRemediation') {
        expect(statement.Resource).toBe('*');
        for (const action of statement.Action) expect(action).toMatch(/^[a-z0-9-]+:(Describe|Get|Lookup)[A-Za-z]+$/);
        continue;
      }
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      for (const arn of resources) {
        expect(arn).not.toBe('*');
        expect(String(arn)).toMatch(
          new RegExp(`^(<GetAtt:|<Ref:|arn:aws:[a-z0-9]+:(us-east-1|\\*):123456789012:[a-z-]+/\\*$|arn:aws:ec2:us-east-1::(image|snapshot)/\\*$|arn:aws:rds:us-east-1:123456789012:(cluster-)?snapshot:\\*$|arn:aws:(events|lambda):us-east-1:123456789012:(rule/|function:)trailguard-${stage}-\\*$|arn:aws:events:us-east-1:123456789012:rule/trailguard-${stage}/trailguard-${stage}-\\*$|arn:aws:lambda:us-east-1:123456789012:function:\\*$|arn:aws:iam::123456789012:(role/(\\*/)?trailguard-\\*|instance-profile/\\*|user/\\*)$)`),
        );
      }
    }
  });

  test('remediation is granted only on security groups and their rules in this region, this account\'s trails, and the shareable images and snapshots', () => {
    const resources = (roleId: string) => policyOf(stage, roleId).Statement.filter((s) => s.Sid.startsWith('Remediate')).map((s) => s.Resource);
    expect(resources('SecurityGroupRole')).toEqual([[
      'arn:aws:ec2:us-east-1:123456789012:security-group/*',
      'arn:aws:ec2:us-east-1:123456789012:security-group-rule/*',
    ]]);
    // trail: this account's trails; its KMS keys in any region (cancel-key-deletion); its Config recorders here.
    expect(resources('TrailRole')).toEqual([
      ['arn:aws:cloudtrail:*:123456789012:trail/*'],
      ['arn:aws:kms:*:123456789012:key/*'],
      ['arn:aws:config:us-east-1:123456789012:configuration-recorder/*'],
      // recreate-flow-logs: what CreateFlowLogs is authorised on, in this region.
      [
        'arn:aws:ec2:us-east-1:123456789012:vpc/*',
        'arn:aws:ec2:us-east-1:123456789012:subnet/*',
        'arn:aws:ec2:us-east-1:123456789012:network-interface/*',
        'arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*',
      ],
      '*',
    ]);
    expect(resources('AlertRole')).toEqual([]);
    // sharing: AMIs and EBS snapshots of this region (their ARNs carry no account), this account's RDS snapshots.
    expect(resources('SharingRole')).toEqual([
      ['arn:aws:ec2:us-east-1::image/*'],
      ['arn:aws:ec2:us-east-1::snapshot/*'],
      ['arn:aws:rds:us-east-1:123456789012:snapshot:*'],
      ['arn:aws:rds:us-east-1:123456789012:cluster-snapshot:*'],
    ]);
    // selfProtection: the stage's own EventBridge rules and functions; roles named trailguard-* (any path).
    expect(resources('SelfProtectionRole')).toEqual([
      [`arn:aws:events:us-east-1:123456789012:rule/trailguard-${stage}-*`, `arn:aws:events:us-east-1:123456789012:rule/trailguard-${stage}/trailguard-${stage}-*`],
      [`arn:aws:lambda:us-east-1:123456789012:function:trailguard-${stage}-*`],
      ['arn:aws:iam::123456789012:role/trailguard-*', 'arn:aws:iam::123456789012:role/*/trailguard-*'],
      ['arn:aws:iam::123456789012:instance-profile/*', 'arn:aws:iam::123456789012:role/trailguard-*', 'arn:aws:iam::123456789012:role/*/trailguard-*'],
      // remove-function-permission: any function of this account and region (a statement opening it to outsiders).
      ['arn:aws:lambda:us-east-1:123456789012:function:*'],
      // deactivate-access-key: this account's IAM users (a key created for another user).
      ['arn:aws:iam::123456789012:user/*'],
    ]);
  });

  test.each(functionNames)('%s: publishes only to the alert topic, uses its key only through SNS, logs only to its own group', (name) => {
    const deployed = renderDeployData(RULES).functions[name]!;
    const bySid = Object.fromEntries(policyOf(stage, deployed.roleLogicalId).Statement.map((s) => [s.Sid, s]));
    expect(bySid.WriteOwnLogs!.Resource).toBe(getAttToken(deployed.logGroupLogicalId, 'Arn'));
    expect(bySid.PublishAlerts!.Resource).toBe(refToken('AlertTopic'));
    expect(bySid.EncryptAlertsThroughSns).toMatchObject({
      Resource: getAttToken('AlertTopicKey', 'Arn'),
      Condition: { StringEquals: { 'kms:ViaService': 'sns.us-east-1.amazonaws.com' } },
    });
    expect(bySid.DeadLetterFailedEvents!.Resource).toBe(getAttToken('DeadLetterQueue', 'Arn'));
  });
});

describe('iam:PassRole for flow logs to CloudWatch Logs (the flowLogs param)', () => {
  const passRoleGrants = (stage: PackagedStage) =>
    Object.entries(stage.template.Resources).flatMap(([id, res]) => {
      const documents = res.Type === 'AWS::IAM::Policy' ? [res.Properties.PolicyDocument] : res.Type === 'AWS::IAM::Role' ? (res.Properties.Policies ?? []).map((p: { PolicyDocument: unknown }) => p.PolicyDocument) : [];
      return documents.flatMap((document: unknown) =>
        (resolve(document) as { Statement: { Action: string[] }[] }).Statement.filter((s) => s.Action.some((action) => action.startsWith('iam:Pass'))).map((s) => ({ id, statement: s })),
      );
    });

  test.each(['dev', 'prod'] as const)('%s (no log group declared): no function may pass any role', (stage) => {
    expect(passRoleGrants(stages[stage])).toEqual([]);
    expect(stages[stage].template.Resources.FlowLogDeliveryRolesPolicy).toBeUndefined();
  });

  test('log groups declared: one statement on the trail role, iam:PassRole on exactly their delivery roles, to vpc-flow-logs only', async () => {
    const packaged = await packageFlowLogs();
    expect(passRoleGrants(packaged)).toEqual([
      {
        id: 'FlowLogDeliveryRolesPolicy',
        statement: {
          Sid: 'PassFlowLogDeliveryRoles',
          Effect: 'Allow',
          Action: ['iam:PassRole'],
          Resource: ['arn:aws:iam::123456789012:role/flow-logs-delivery', 'arn:aws:iam::123456789012:role/network/flow-logs-delivery'],
          Condition: { StringEquals: { 'iam:PassedToService': 'vpc-flow-logs.amazonaws.com' } },
        },
      },
    ]);
    const policy = resource(packaged.template, 'FlowLogDeliveryRolesPolicy');
    expect(policy.Properties.Roles).toEqual([{ Ref: 'TrailRole' }]);
    expect(policy.Properties.PolicyName).toBe('trailguard-trail-pass-flow-log-delivery-roles');
    // The role itself and the generated data stay what every stage has.
    expect(resource(packaged.template, 'TrailRole')).toEqual(resource(stages.prod.template, 'TrailRole'));
    // The functions receive the declared list as the param gave it.
    const trail = resource(packaged.template, renderDeployData(RULES).functions.trail!.functionLogicalId);
    expect(JSON.parse(trail.Properties.Environment.Variables.TRAILGUARD_FLOW_LOGS)).toEqual(FLOW_LOGS_DECLARED);
  }, PACKAGE_TIMEOUT_MS);
});
