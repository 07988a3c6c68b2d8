import type { RuleCase } from '../../lib/rule';
import { ACCOUNT } from '../../tests/support/records';
import { cloudFormationDeployment, intruder } from '../../tests/support/responder-records';
import { globalCall } from '../../tests/support/service-records';

const OWN = 'trailguard-prod-us-east-1-securityGroup';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
const LAMBDA_TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const createRole = (roleName: string, extra: Record<string, unknown> = {}, overrides = {}) =>
  globalCall('iam.amazonaws.com', 'CreateRole', { roleName, assumeRolePolicyDocument: TRUST, ...extra }, {
    role: { roleName, path: extra.path ?? '/', arn: `arn:aws:iam::${ACCOUNT}:role${String(extra.path ?? '/')}${roleName}`, roleId: 'AROAEXAMPLEBACKDOOR01', createDate: 'Nov 2, 2026 9:15:00 AM' },
  }, { ...intruder(), ...overrides });
const roleCall = (eventName: string, roleName: string, extra: Record<string, unknown> = {}, overrides = {}) =>
  globalCall('iam.amazonaws.com', eventName, { roleName, ...extra }, null, { ...intruder(), ...overrides });

export default [
  {
    name: 'a central stage\'s member role created by its StackSet (CloudFormation): quiet',
    record: createRole('trailguard-prod-member-securityGroup', {}, cloudFormationDeployment()),
    matches: true,
    findings: [],
  },
  {
    name: 'a role named like a member role created by hand: alerted, not deleted (the loop guard trusts the name)',
    record: createRole('trailguard-prod-member-securityGroup'),
    matches: true,
    findings: [{ category: 'responder-tampering', severity: 'CRITICAL', resources: ['trailguard-prod-member-securityGroup'], action: 'none' }],
  },
  {
    name: 'a role named trailguard-backdoor created by someone else: deleted',
    record: createRole('trailguard-backdoor'),
    matches: true,
    findings: [{ category: 'responder-tampering', severity: 'CRITICAL', resources: ['trailguard-backdoor'], action: 'delete-backdoor-role', params: { roleName: 'trailguard-backdoor', region: 'us-east-1' } }],
  },
  {
    name: 'the squatting role created through someone else\'s CloudFormation stack is still deleted',
    record: createRole('trailguard-backdoor', {}, cloudFormationDeployment()),
    matches: true,
    findings: [{ action: 'delete-backdoor-role' }],
  },
  {
    name: 'AdministratorAccess attached to a squatting role: deleted',
    record: roleCall('AttachRolePolicy', 'trailguard-ops', { policyArn: ADMIN }),
    matches: true,
    findings: [{ resources: ['trailguard-ops'], action: 'delete-backdoor-role' }],
    alsoFiredBy: ['iam.iam-policy-change'],
  },
  {
    name: 'trust policy of trailguard\'s own role replaced',
    record: roleCall('UpdateAssumeRolePolicy', OWN, { policyDocument: TRUST }),
    matches: true,
    findings: [{ category: 'responder-tampering', severity: 'CRITICAL', resources: [OWN], action: 'none' }],
    alsoFiredBy: ['iam.iam-policy-change'],
  },
  {
    name: 'inline policy put on trailguard\'s own role',
    record: roleCall('PutRolePolicy', OWN, { policyName: 'extra', policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' }),
    matches: true,
    findings: [{ resources: [OWN], action: 'none' }],
    alsoFiredBy: ['iam.iam-policy-change'],
  },
  {
    name: 'a managed policy detached from trailguard\'s own role',
    record: roleCall('DetachRolePolicy', 'trailguard-dev-eu-west-1-trail', { policyArn: 'arn:aws:iam::123456789012:policy/guardrail' }),
    matches: true,
    findings: [{ resources: ['trailguard-dev-eu-west-1-trail'] }],
    alsoFiredBy: ['iam.iam-policy-change'],
  },
  {
    name: 'trailguard\'s own role deleted',
    record: roleCall('DeleteRole', 'trailguard-prod-us-east-1-selfProtection'),
    matches: true,
    findings: [{ resources: ['trailguard-prod-us-east-1-selfProtection'], action: 'none' }],
  },
  {
    name: 'trailguard\'s role recreated by hand after deletion: alerted, not deleted (it has the stack\'s name)',
    record: createRole(OWN, { assumeRolePolicyDocument: LAMBDA_TRUST }),
    matches: true,
    findings: [{ resources: [OWN], action: 'none' }],
  },
  {
    name: 'a role under a /trailguard/ path: alerted, not deleted (its name is not the responder\'s)',
    record: createRole('ops-automation', { path: '/trailguard/' }),
    matches: true,
    findings: [{ resources: ['ops-automation'], action: 'none' }],
  },
  {
    name: 'a deployed prod function watches its own stage: another stage\'s role is that stage\'s business',
    record: roleCall('PutRolePolicy', 'trailguard-dev-us-east-1-alert', { policyName: 'extra', policyDocument: '{}' }),
    context: { stage: 'prod' },
    matches: true,
    findings: [],
    alsoFiredBy: ['iam.iam-policy-change'],
  },
  {
    name: 'near miss: the stack\'s own deployment creates its role and writes its inline policy',
    record: createRole(OWN, { assumeRolePolicyDocument: LAMBDA_TRUST }, cloudFormationDeployment()),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: the deployment writes the trailguard-<function> inline policy',
    record: roleCall('PutRolePolicy', OWN, { policyName: 'trailguard-securityGroup', policyDocument: '{}' }, cloudFormationDeployment()),
    matches: true,
    findings: [],
    alsoFiredBy: ['iam.iam-policy-change'],
  },
  {
    name: 'another stack attaching a policy to trailguard\'s role through CloudFormation is not the deployment',
    record: roleCall('AttachRolePolicy', OWN, { policyArn: ADMIN }, cloudFormationDeployment()),
    matches: true,
    findings: [{ resources: [OWN] }],
    alsoFiredBy: ['iam.iam-policy-change'],
  },
  {
    name: 'near miss: a squatting role being deleted takes power away',
    record: roleCall('DeleteRole', 'trailguard-backdoor'),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: another project\'s role with a similar name (trailguardian-ci)',
    record: createRole('trailguardian-ci'),
    matches: false,
  },
  {
    name: 'near miss: creating trailguard-backdoor failed (AccessDenied)',
    record: createRole('trailguard-backdoor', {}, { errorCode: 'AccessDenied', errorMessage: 'User is not authorized to perform: iam:CreateRole' }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
] satisfies readonly RuleCase[];
