import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, identities } from '../../tests/support/records';
import { THIRD_ACCOUNT, serviceCall } from '../../tests/support/service-records';

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`;
const NEW_KEY_ID = '0987dcba-09fe-87dc-65ba-ab0987654321';
const NEW_KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${NEW_KEY_ID}`;

type KmsOverrides = Parameters<typeof serviceCall>[4];

/** KMS names the key in `resources` for every operation on an existing key. */
const kms = (eventName: string, requestParameters: Record<string, unknown>, responseElements: Record<string, unknown> | null = null, overrides: KmsOverrides = {}) =>
  serviceCall('kms.amazonaws.com', eventName, requestParameters, responseElements, {
    resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: KEY_ARN }],
    ...overrides,
  });

/** A key policy as the caller sends it: a JSON string. The first statement is the default one (the account's root). */
const keyPolicy = (...statements: Record<string, unknown>[]) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
      ...statements,
    ],
  });
const foreignUse = (principal: unknown) => ({ Sid: 'x', Effect: 'Allow', Principal: principal, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' });
const putKeyPolicy = (policy: string, overrides: KmsOverrides = {}) =>
  kms('PutKeyPolicy', { keyId: KEY_ID, policyName: 'default', policy, bypassPolicyLockoutSafetyCheck: false }, null, overrides);

/** CreateKey: the new key's id and ARN only in responseElements (no `resources` yet). */
const createKey = (policy?: string) =>
  serviceCall(
    'kms.amazonaws.com',
    'CreateKey',
    { description: 'exports', bypassPolicyLockoutSafetyCheck: false, keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', ...(policy ? { policy } : {}) },
    { keyMetadata: { AWSAccountId: ACCOUNT, keyId: NEW_KEY_ID, arn: NEW_KEY_ARN, keyState: 'Enabled', origin: 'AWS_KMS', keyManager: 'CUSTOMER' } },
  );
const createGrant = (granteePrincipal: string, overrides: KmsOverrides = {}) =>
  kms('CreateGrant', { keyId: KEY_ARN, granteePrincipal, operations: ['Decrypt', 'GenerateDataKey'] }, { grantId: 'b1e0cc8f1a2b3c4d5e6f' }, overrides);

export default [
  {
    name: 'key policy replaced with one that admits another account, lockout check bypassed (the reviewer\'s record)',
    record: kms('PutKeyPolicy', {
      keyId: KEY_ID,
      policyName: 'default',
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'x', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${THIRD_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] }),
      bypassPolicyLockoutSafetyCheck: true,
    }),
    matches: true,
    findings: [{ category: 'kms-key-shared', severity: 'HIGH', resources: [KEY_ARN], action: 'none' }],
  },
  {
    name: 'key policy that admits any AWS principal (CRITICAL)',
    record: putKeyPolicy(keyPolicy(foreignUse({ AWS: '*' }))),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [KEY_ARN] }],
  },
  {
    name: 'key policy with Principal "*" and only a kms:ViaService condition (any account, through EC2): everyone',
    record: putKeyPolicy(keyPolicy({ ...foreignUse('*'), Condition: { StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } } })),
    matches: true,
    findings: [{ severity: 'CRITICAL' }],
  },
  {
    name: 'key created with a policy that admits a role of another account',
    record: createKey(keyPolicy(foreignUse({ AWS: [`arn:aws:iam::${THIRD_ACCOUNT}:role/exporter`] }))),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [NEW_KEY_ARN] }],
  },
  {
    name: 'grant to another account\'s root (the reviewer\'s record)',
    record: createGrant(`arn:aws:iam::${THIRD_ACCOUNT}:root`),
    matches: true,
    findings: [{ category: 'kms-key-shared', severity: 'HIGH', resources: [KEY_ARN] }],
  },
  {
    name: 'grant to a role of another account, made through EC2 on a person\'s session',
    record: createGrant(`arn:aws:iam::${THIRD_ACCOUNT}:role/copier`, { userIdentity: { ...identities.assumedRole('Ops', 'bob'), invokedBy: 'ec2.amazonaws.com' } }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [KEY_ARN] }],
  },
  {
    name: 'odd record: CreateGrant to another account with no key anywhere',
    record: serviceCall('kms.amazonaws.com', 'CreateGrant', { granteePrincipal: THIRD_ACCOUNT }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [] }],
  },

  // Near misses.
  {
    name: 'near miss: the default key policy (the account\'s root only)',
    record: putKeyPolicy(keyPolicy()),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: "*" narrowed to this account through EC2 (kms:CallerAccount and kms:ViaService, as AWS-managed keys do)',
    record: putKeyPolicy(keyPolicy({ ...foreignUse({ AWS: '*' }), Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } } })),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: another account denied, not allowed',
    record: putKeyPolicy(keyPolicy({ ...foreignUse({ AWS: `arn:aws:iam::${THIRD_ACCOUNT}:root` }), Effect: 'Deny' })),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: trailguard\'s own alert key opened to another account (kms.responder-key-tampering reports it, CRITICAL)',
    record: kms('PutKeyPolicy', { keyId: 'alias/trailguard-prod-alerts', policyName: 'default', policy: keyPolicy(foreignUse({ AWS: THIRD_ACCOUNT })) }),
    matches: true,
    findings: [],
    alsoFiredBy: ['kms.responder-key-tampering'],
  },
  {
    name: 'near miss: key created with the default policy (no policy in the request)',
    record: createKey(),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: grant to a role of the same account',
    record: createGrant(`arn:aws:iam::${ACCOUNT}:role/app`),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: grant to a service principal (no account)',
    record: createGrant('logs.us-east-1.amazonaws.com'),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: grant an AWS service makes with its own credentials',
    record: createGrant(`arn:aws:iam::${THIRD_ACCOUNT}:root`, { userIdentity: identities.awsService('rds.amazonaws.com'), sourceIPAddress: 'rds.amazonaws.com', userAgent: 'rds.amazonaws.com' }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: key policy rejected (the caller would have locked itself out)',
    record: putKeyPolicy(keyPolicy(foreignUse({ AWS: '*' })), {
      errorCode: 'MalformedPolicyDocumentException',
      errorMessage: 'The new key policy will not allow you to update the key policy in the future.',
    }),
    matches: false,
  },
  {
    name: 'near miss: grant to another account denied (account.unauthorized-api-call reports it)',
    record: createGrant(`arn:aws:iam::${THIRD_ACCOUNT}:root`, {
      errorCode: 'AccessDeniedException',
      errorMessage: `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: kms:CreateGrant on resource: ${KEY_ARN}`,
    }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'near miss: GetKeyPolicy',
    record: kms('GetKeyPolicy', { keyId: KEY_ID, policyName: 'default' }),
    matches: false,
  },
  {
    name: 'near miss: RevokeGrant takes access back',
    record: kms('RevokeGrant', { keyId: KEY_ARN, grantId: 'b1e0cc8f1a2b3c4d5e6f' }),
    matches: false,
  },
] satisfies readonly RuleCase[];
