import type { RuleCase } from '../../lib/rule';
import { ACCOUNT } from '../../tests/support/records';
import { OTHER_ACCOUNT, globalCall } from '../../tests/support/service-records';

const trust = (statement: Record<string, unknown>): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const createRole = (roleName: string, document: string, overrides: Parameters<typeof globalCall>[4] = {}) =>
  globalCall('iam.amazonaws.com', 'CreateRole', { roleName, assumeRolePolicyDocument: document }, {
    role: { path: '/', roleName, roleId: 'AROAEXAMPLEROLEID0009', arn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`, createDate: 'Nov 2, 2026, 9:15:00 AM' },
  }, overrides);

/** A trust in GitHub Actions' OIDC provider with the given conditions. */
const githubTrust = (Condition: Record<string, unknown>) =>
  trust({
    Effect: 'Allow',
    Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition,
  });

export default [
  {
    name: 'role created that another account can assume (Stratus iam-create-backdoor-role)',
    record: createRole('maintenance', trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: 'sts:AssumeRole' })),
    matches: true,
    findings: [{ category: 'role-trust-opened', severity: 'HIGH', resources: ['role/maintenance'], action: 'none' }],
  },
  {
    name: 'role created that anyone can assume with an external id (CRITICAL)',
    record: createRole('vendor', trust({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x7' } } })),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: ['role/vendor'] }],
  },
  {
    // IAM matches StringLike wildcards: this condition lets every AWS principal in.
    name: 'role anyone can assume behind a condition that narrows nothing (aws:PrincipalArn arn:aws:iam::*:*)',
    record: createRole('audit', trust({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:*' } } })),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: ['role/audit'] }],
  },
  {
    name: 'role trusting GitHub Actions OIDC with only an aud condition: any repository\'s workflow may assume it',
    record: createRole('deploy', githubTrust({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } })),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: ['role/deploy'] }],
  },
  {
    name: 'near miss: GitHub Actions OIDC narrowed to one repository',
    record: createRole(
      'deploy',
      githubTrust({
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/infra:*' },
      }),
    ),
    matches: true,
    findings: [],
  },
  {
    name: 'URL-encoded trust policy naming a bare foreign account id',
    record: createRole('partner', encodeURIComponent(trust({ Effect: 'Allow', Principal: { AWS: [OTHER_ACCOUNT] }, Action: 'sts:AssumeRole' }))),
    matches: true,
    findings: [{ severity: 'HIGH' }],
  },
  {
    // The provider's own users, whom it chooses (the SAML role attribute): not a public population like a CI
    // service's shared issuer. A new or changed provider is iam.idp-changed's finding.
    name: 'near miss: role trusting the account\'s own SAML provider with only the standard SAML:aud condition',
    record: createRole(
      'break-glass',
      trust({
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/okta` },
        Action: 'sts:AssumeRoleWithSAML',
        Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
      }),
    ),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: Lambda execution role (service principal)',
    record: createRole('orders-fn', trust({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' })),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: trust in the own account',
    record: createRole('ci', trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/github-actions` }, Action: 'sts:AssumeRole' })),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: * narrowed to the organization',
    record: createRole('org-reader', trust({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } })),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: creation refused (role exists)',
    record: createRole('maintenance', trust({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }), {
      errorCode: 'EntityAlreadyExistsException',
      errorMessage: 'Role with name maintenance already exists.',
    }),
    matches: false,
  },
] satisfies readonly RuleCase[];
