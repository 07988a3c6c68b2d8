import { statSync } from 'node:fs';
import { join } from 'node:path';
import { renderDeployData } from '../../lib/deploy';
import { isOwnEventRuleName } from '../../lib/own-resources';
import { deployedStateOf } from '../../lib/remediation/enable-event-rule/apply';
import type { RuleContext } from '../../lib/rule';
import { RESPONDERS } from '../../lib/functions';
import { ACTIONS } from '../../lib/remediation';
import { RULES } from '../../rules';
import { condition, getAttToken, refToken, resolve, type Pseudo } from './cfn';
import { CENTRAL_ACCOUNT_NAMES, CENTRAL_ORGANIZATION_ID, PACKAGE_TIMEOUT_MS, packageCentral, packageStages, resource, resourcesOfType, type PackagedStage, type Template } from './packaged';

/*
 * The organization topology as `sls package` writes it (issue 13): the central stage's template (prod with
 * `--param topology=central`) and the member template it writes beside it, asserted on the files themselves.
 */

let central: PackagedStage;
let prod: PackagedStage;
beforeAll(async () => {
  prod = (await packageStages()).prod;
  central = await packageCentral();
}, PACKAGE_TIMEOUT_MS);

const CENTRAL_ACCOUNT = '999988887777';
const MEMBER_ACCOUNT = '111122223333';
const data = renderDeployData(RULES);
const remediating = Object.entries(data.functions).filter(([, f]) => f.permissions.length > 0).map(([name]) => name);
const member = (): Template & { Parameters: Record<string, any>; Conditions: Record<string, any> } => {
  if (!central.memberTemplate) throw new Error(`sls package wrote no trailguard-member.json in ${central.dir}`);
  return central.memberTemplate;
};
/** The member template with its parameters given, as a StackSet instance would have them. */
const withParameters = (template: Template, values: Record<string, string>): Template =>
  JSON.parse(JSON.stringify(template), (_key, value: unknown) => {
    const name = (value as { Ref?: unknown } | null)?.Ref;
    if (typeof name === 'string' && name in values) return values[name];
    const sub = (value as { 'Fn::Sub'?: unknown } | null)?.['Fn::Sub'];
    if (typeof sub === 'string') return { 'Fn::Sub': sub.replace(/\$\{(\w+)\}/g, (match, param: string) => values[param] ?? match) };
    return value;
  }) as Template;
const ruleId = (description: unknown): string => String(description).replace(/^trailguard (prod )?/, '').split(':')[0]!;
const statements = (document: unknown) => (resolve(document) as { Statement: Record<string, any>[] }).Statement;
/** The member template may use Fn::Sub (lib/deploy-organization.ts says why); the stack's own may not. */
const memberStatements = (document: unknown, pseudo?: Pseudo) => (resolve(document, pseudo, true) as { Statement: Record<string, any>[] }).Statement;

describe('central template', () => {
  test('an event bus named after the stage, whose policy admits events:PutEvents from the organization only', () => {
    expect(resource(central.template, 'CentralEventBus').Properties).toEqual({ Name: 'trailguard-prod' });
    const policies = resourcesOfType(central.template, 'AWS::Events::EventBusPolicy');
    expect(policies).toHaveLength(1);
    expect(resolve(policies[0]![1].Properties)).toEqual({
      EventBusName: refToken('CentralEventBus'),
      StatementId: 'OrganizationPutEvents',
      Statement: {
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: getAttToken('CentralEventBus', 'Arn'),
        Condition: { StringEquals: { 'aws:PrincipalOrgID': CENTRAL_ORGANIZATION_ID } },
      },
    });
  });

  test('every stage rule listens on that bus, with the same pattern and state as a single stage\'s', () => {
    const rules = resourcesOfType(central.template, 'AWS::Events::Rule');
    expect(rules).toHaveLength(RULES.length);
    for (const [logicalId, rule] of rules) {
      expect(rule.Properties.EventBusName).toEqual({ Ref: 'CentralEventBus' });
      const single = resource(prod.template, logicalId).Properties;
      expect({ ...rule.Properties, EventBusName: 'default' }).toEqual(single);
    }
  });

  test('functions, table, topics, alarms as a single stage\'s, plus the bus and one assume-role policy per remediating function', () => {
    const added = Object.keys(central.template.Resources).filter((id) => !(id in prod.template.Resources)).sort();
    expect(added).toEqual(['CentralEventBus', 'CentralEventBusPolicy', ...remediating.map((name) => `${name[0]!.toUpperCase()}${name.slice(1)}AssumeMemberRolePolicy`)].sort());
    expect(Object.keys(prod.template.Resources).filter((id) => !(id in central.template.Resources))).toEqual([]);
  });

  test.each(remediating)('%s may assume only its own member role, in the organization\'s accounts', (name) => {
    const deployed = data.functions[name]!;
    const [, policy] = resourcesOfType(central.template, 'AWS::IAM::Policy').find(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: deployed.roleLogicalId }]))!;
    expect(statements(policy.Properties.PolicyDocument)).toEqual([
      {
        Sid: 'AssumeMemberRole',
        Effect: 'Allow',
        Action: ['sts:AssumeRole'],
        Resource: `arn:aws:iam::*:role/trailguard-prod-member-${name}`,
        Condition: { StringEquals: { 'aws:ResourceOrgID': CENTRAL_ORGANIZATION_ID } },
      },
    ]);
  });

  test('the functions are told the topology, the organization and the account names', () => {
    const fn = resource(central.template, data.functions.securityGroup!.functionLogicalId);
    expect(fn.Properties.Environment.Variables).toMatchObject({
      TRAILGUARD_TOPOLOGY: 'central',
      TRAILGUARD_ORGANIZATION_ID: CENTRAL_ORGANIZATION_ID,
      TRAILGUARD_ACCOUNT_NAMES: JSON.stringify(CENTRAL_ACCOUNT_NAMES),
    });
  });

  test('the functions\' own remediation ARNs cover every region (the central account\'s own events come from all of them)', () => {
    const [remediate] = statements(resource(central.template, 'SecurityGroupRole').Properties.Policies[0].PolicyDocument).filter((s) => s.Sid === 'Remediate');
    expect(remediate!.Resource).toEqual(['arn:aws:ec2:*:123456789012:security-group/*', 'arn:aws:ec2:*:123456789012:security-group-rule/*']);
    const [single] = statements(resource(prod.template, 'SecurityGroupRole').Properties.Policies[0].PolicyDocument).filter((s) => s.Sid === 'Remediate');
    expect(single!.Resource).toEqual(['arn:aws:ec2:us-east-1:123456789012:security-group/*', 'arn:aws:ec2:us-east-1:123456789012:security-group-rule/*']);
  });

  test('a single stage has no bus and writes no member template', () => {
    expect(resourcesOfType(prod.template, 'AWS::Events::EventBus')).toEqual([]);
    expect(prod.memberTemplate).toBeUndefined();
  });
});

describe('member template', () => {
  const busArn = `arn:aws:events:us-east-1:${CENTRAL_ACCOUNT}:event-bus/trailguard-prod`;
  const inMember = (): Template => withParameters(member(), { CentralAccountId: CENTRAL_ACCOUNT, OrganizationId: CENTRAL_ORGANIZATION_ID, RoleRegion: 'us-east-1' });

  test('the file fits create-stack-set --template-body (51,200 bytes), so the README\'s commands work without S3', () => {
    expect(statSync(join(central.dir, 'trailguard-member.json')).size).toBeLessThanOrEqual(51_200);
  });

  test('parameters: the central account (required), the organization and the roles\' region (defaulted from the stage)', () => {
    expect(member().Parameters).toEqual({
      CentralAccountId: expect.objectContaining({ Type: 'String', AllowedPattern: '^\\d{12}$' }),
      OrganizationId: expect.objectContaining({ Default: CENTRAL_ORGANIZATION_ID }),
      RoleRegion: expect.objectContaining({ Default: 'us-east-1' }),
    });
    expect(member().Parameters.CentralAccountId.Default).toBeUndefined();
  });

  test('one forwarding rule per deployed rule, on the default bus, with exactly the deployed pattern and state', () => {
    const forwards = resourcesOfType(member(), 'AWS::Events::Rule');
    const deployed = new Map(resourcesOfType(central.template, 'AWS::Events::Rule').map(([, rule]) => [ruleId(rule.Properties.Description), rule.Properties]));
    expect(forwards.map(([, rule]) => ruleId(rule.Properties.Description)).sort()).toEqual([...deployed.keys()].sort());
    for (const [, { Properties }] of forwards) {
      const central = deployed.get(ruleId(Properties.Description))!;
      // Left out: a rule without EventBusName is on the default bus (AWS::Events::Rule), and the bytes count.
      expect(Properties.EventBusName).toBeUndefined();
      expect(Properties.EventPattern).toStrictEqual(central.EventPattern);
      expect(Properties.State).toBe(central.State);
    }
  });

  test('forwarding rules are named like the stage\'s own (watched by the tampering rule, re-enabled in their deployed state)', () => {
    const forwards = resourcesOfType(member(), 'AWS::Events::Rule').map(([, rule]) => rule.Properties);
    const names = forwards.map((p) => p.Name as string);
    expect(new Set(names).size).toBe(forwards.length);
    const allManagement = new Set(RULES.filter((rule) => rule.allManagementEvents).map((rule) => rule.id));
    for (const { Name, Description, State } of forwards) {
      expect(Name.length).toBeLessThanOrEqual(64);
      expect(isOwnEventRuleName(Name, { stage: 'prod' } as RuleContext)).toBe(true);
      expect(isOwnEventRuleName(Name, { stage: 'dev' } as RuleContext)).toBe(false);
      expect(deployedStateOf(Description, allManagement)).toBe(State);
    }
  });

  test('each forwards only to the central bus, signed by the forwarding role, which may only put events there', () => {
    const template = inMember();
    for (const [, rule] of resourcesOfType(template, 'AWS::Events::Rule')) {
      expect(resolve(rule.Properties.Targets, undefined, true)).toEqual([{ Id: 'central-bus', Arn: busArn, RoleArn: getAttToken('ForwardToCentralRole', 'Arn') }]);
    }
    const role = resource(template, 'ForwardToCentralRole');
    expect(role.Properties.RoleName).toBeUndefined();
    expect(memberStatements(role.Properties.AssumeRolePolicyDocument)).toEqual([
      { Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } },
    ]);
    expect(memberStatements(role.Properties.Policies[0].PolicyDocument)).toEqual([{ Sid: 'PutToCentralBus', Effect: 'Allow', Action: ['events:PutEvents'], Resource: busArn }]);
  });

  test.each(remediating)('%s: a member role trusting only the central function\'s role (central account principal, aws:PrincipalArn), in the organization, with trailguard-* session names', (name) => {
    const role = resource(inMember(), `${name[0]!.toUpperCase()}${name.slice(1)}MemberRole`);
    expect(role.Condition).toBe('CreateRemediationRoles');
    expect(role.Properties.RoleName).toBe(`trailguard-prod-member-${name}`);
    expect(memberStatements(role.Properties.AssumeRolePolicyDocument)).toEqual([
      {
        Sid: 'CentralFunctionOnly',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${CENTRAL_ACCOUNT}:root` },
        Action: 'sts:AssumeRole',
        Condition: {
          ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${CENTRAL_ACCOUNT}:role/trailguard-prod-us-east-1-${name}` },
          StringEquals: { 'aws:PrincipalOrgID': CENTRAL_ORGANIZATION_ID },
          StringLike: { 'sts:RoleSessionName': 'trailguard-*' },
        },
      },
    ]);
  });

  test.each(remediating)('%s: the member role holds exactly the union of its actions\' declared permissions, in the member\'s own account', (name) => {
    const responder = Object.values(RESPONDERS).find((r) => r.functionName === name)!;
    const declared = [...new Set(responder.actions.flatMap((action) => ACTIONS[action].permissions.map((p) => p.action)))].sort();
    const pseudo: Pseudo = { region: 'eu-west-1', account: MEMBER_ACCOUNT, partition: 'aws', urlSuffix: 'amazonaws.com' };
    const document = resource(withParameters(member(), { CentralAccountId: CENTRAL_ACCOUNT }), `${name[0]!.toUpperCase()}${name.slice(1)}MemberRole`).Properties.Policies[0].PolicyDocument;
    const policy = memberStatements(document, pseudo);
    const allowed = policy.filter((s) => s.Effect === 'Allow');
    expect([...new Set(allowed.flatMap((s) => s.Action as string[]))].sort()).toEqual(declared);
    for (const s of allowed) {
      for (const arn of [s.Resource].flat() as string[]) {
        // "*" only for reads, and for the writes IAM gives no resource for (the trail role's log-delivery calls).
        if (arn === '*') expect(s.Sid === 'ReadForRemediation' || (s.Sid === 'RemediateOnAnyResource' && s.Action.join() === 'logs:CreateLogDelivery,logs:DeleteLogDelivery')).toBe(true);
        else expect(arn).not.toMatch(/:iam::(?!111122223333)\d{12}:|:(ec2|rds|lambda|events):[a-z0-9-]*:(?!111122223333)\d{12}:/);
      }
    }
  });

  test('the self-protection member role may never delete the member roles themselves', () => {
    const policy = memberStatements(resource(withParameters(member(), { CentralAccountId: CENTRAL_ACCOUNT }), 'SelfProtectionMemberRole').Properties.Policies[0].PolicyDocument);
    const deny = policy.find((s) => s.Effect === 'Deny')!;
    expect(deny.Action).toContain('iam:DeleteRole');
    expect(deny.Resource).toEqual(remediating.map((name) => `arn:aws:iam::123456789012:role/trailguard-prod-member-${name}`));
  });

  test('the roles are created once per account (the RoleRegion instance) and never in the central account', () => {
    const at = (account: string, region: string) => condition(inMember(), 'CreateRemediationRoles', { region, account, partition: 'aws', urlSuffix: 'amazonaws.com' });
    expect(at(MEMBER_ACCOUNT, 'us-east-1')).toBe(true);
    expect(at(MEMBER_ACCOUNT, 'eu-west-1')).toBe(false);
    expect(at(CENTRAL_ACCOUNT, 'us-east-1')).toBe(false);
  });
});
