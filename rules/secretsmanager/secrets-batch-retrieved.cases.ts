import type { RuleCase } from '../../lib/rule';
import { identities } from '../../tests/support/records';
import { serviceCall } from '../../tests/support/service-records';

const secrets = (count: number) => Array.from({ length: count }, (_, i) => `prod/app-${i + 1}/db-password`);
const batch = (request: Record<string, unknown>, overrides: Parameters<typeof serviceCall>[4] = {}) =>
  serviceCall('secretsmanager.amazonaws.com', 'BatchGetSecretValue', request, null, { readOnly: true, ...overrides });

export default [
  {
    name: 'every secret matching a filter retrieved in one call (Stratus secretsmanager-batch-retrieve-secrets, HIGH)',
    record: batch({ filters: [{ key: 'name', values: ['prod'] }], maxResults: 20 }),
    matches: true,
    findings: [{ category: 'secrets-harvesting', severity: 'HIGH', resources: [], action: 'none' }],
  },
  {
    name: 'twenty named secrets retrieved at once (HIGH)',
    record: batch({ secretIdList: secrets(20) }),
    matches: true,
    findings: [{ severity: 'HIGH' }],
  },
  {
    name: 'three named secrets retrieved by an application role (MEDIUM)',
    record: batch({ secretIdList: secrets(3) }, { userIdentity: identities.assumedRole('orders-api', 'i-0123456789abcdef0') }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: secrets(3) }],
  },
  {
    name: 'near miss: one GetSecretValue (an application reading its own secret)',
    record: serviceCall('secretsmanager.amazonaws.com', 'GetSecretValue', { secretId: 'prod/app-1/db-password' }, null, { readOnly: true }),
    matches: false,
  },
  {
    name: 'near miss: batch retrieval denied (account.unauthorized-api-call reports it)',
    record: batch({ secretIdList: secrets(5) }, {
      errorCode: 'AccessDenied',
      errorMessage: 'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: secretsmanager:BatchGetSecretValue',
    }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
] satisfies readonly RuleCase[];
