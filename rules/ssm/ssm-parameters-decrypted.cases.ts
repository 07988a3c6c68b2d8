import type { RuleCase } from '../../lib/rule';
import { cisIdentities, serviceCall } from '../../tests/support/service-records';

const names = (count: number) => Array.from({ length: count }, (_, i) => `/prod/payments/secret-${i + 1}`);
const ssm = (eventName: string, request: Record<string, unknown>, overrides: Parameters<typeof serviceCall>[4] = {}) =>
  serviceCall('ssm.amazonaws.com', eventName, request, null, { readOnly: true, ...overrides });

export default [
  {
    name: 'a full batch of SecureString parameters decrypted (Stratus ssm-retrieve-securestring-parameters)',
    record: ssm('GetParameters', { names: names(10), withDecryption: true }),
    matches: true,
    findings: [{ category: 'secrets-harvesting', severity: 'MEDIUM', resources: names(10), action: 'none' }],
  },
  {
    name: 'every parameter decrypted from the root path, recursively (HIGH)',
    record: ssm('GetParametersByPath', { path: '/', recursive: true, withDecryption: true, maxResults: 10 }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [] }],
  },
  {
    name: 'near miss: two parameters decrypted (an application at start)',
    record: ssm('GetParameters', { names: names(2), withDecryption: true }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: an application\'s own path decrypted',
    record: ssm('GetParametersByPath', { path: '/prod/payments/', recursive: true, withDecryption: true }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: ten parameters read without decryption',
    record: ssm('GetParameters', { names: names(10), withDecryption: false }),
    matches: false,
  },
  {
    name: 'near miss: a service-linked role reading parameters',
    record: ssm('GetParameters', { names: names(10), withDecryption: true }, { userIdentity: cisIdentities.serviceLinkedRole('ssm.amazonaws.com', 'AWSServiceRoleForAmazonSSM') }),
    matches: true,
    findings: [],
  },
] satisfies readonly RuleCase[];
