import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, identities } from '../../tests/support/records';
import { serviceCall } from '../../tests/support/service-records';

const token = (overrides: Parameters<typeof serviceCall>[4] = {}) =>
  serviceCall('sts.amazonaws.com', 'GetFederationToken', { name: 'stratus-persist', durationSeconds: 129600, policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' }, {
    credentials: { accessKeyId: 'ASIAEXAMPLEFEDTOKEN1', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE', expiration: 'Nov 4, 2026, 9:15:00 PM' },
    federatedUser: { federatedUserId: `${ACCOUNT}:stratus-persist`, arn: `arn:aws:sts::${ACCOUNT}:federated-user/stratus-persist` },
    packedPolicySize: 6,
  }, { readOnly: true, ...overrides });

export default [
  {
    name: 'federation token for 36 hours with a full-access session policy (Stratus sts-federation-token)',
    record: token(),
    matches: true,
    findings: [{ category: 'federation-token', severity: 'MEDIUM', resources: [`arn:aws:sts::${ACCOUNT}:federated-user/stratus-persist`], action: 'none' }],
  },
  {
    name: 'near miss: a role session cannot get a federation token (refused)',
    record: token({ userIdentity: identities.assumedRole('Admin', 'mallory'), errorCode: 'AccessDenied', errorMessage: 'Cannot call GetFederationToken with session credentials' }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'near miss: GetSessionToken (MFA session for the user itself)',
    record: serviceCall('sts.amazonaws.com', 'GetSessionToken', { durationSeconds: 43200, serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice` }, null, { readOnly: true }),
    matches: false,
  },
] satisfies readonly RuleCase[];
