import type { RuleCase } from '../../lib/rule';
import { ACCOUNT } from '../../tests/support/records';
import { cloudFormationDeployment, intruder } from '../../tests/support/responder-records';
import { serviceCall } from '../../tests/support/service-records';

const TABLE = 'trailguard-prod-state';
const dynamodb = (eventName: string, request: Record<string, unknown>, overrides = {}) =>
  serviceCall('dynamodb.amazonaws.com', eventName, request, null, { ...intruder(), ...overrides });

export default [
  {
    name: 'the state table deleted',
    record: dynamodb('DeleteTable', { tableName: TABLE }),
    matches: true,
    findings: [{ category: 'responder-tampering', severity: 'CRITICAL', resources: [TABLE], action: 'none' }],
  },
  {
    name: 'expiry turned off on the state table',
    record: dynamodb('UpdateTimeToLive', { tableName: TABLE, timeToLiveSpecification: { enabled: false, attributeName: 'expiration' } }),
    matches: true,
    findings: [{ resources: [TABLE] }],
  },
  {
    name: 'a resource policy put on the state table (by ARN)',
    record: dynamodb('PutResourcePolicy', { resourceArn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${TABLE}`, policy: '{}' }),
    matches: true,
    findings: [{ resources: [TABLE] }],
  },
  {
    name: 'near miss: the stack\'s deployment updates its table',
    record: dynamodb('UpdateTable', { tableName: TABLE, billingMode: 'PAY_PER_REQUEST' }, cloudFormationDeployment()),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: a same-prefix table of another project',
    record: dynamodb('DeleteTable', { tableName: 'trailguard-reports-cache' }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: deleting the table failed',
    record: dynamodb('DeleteTable', { tableName: TABLE }, { errorCode: 'ResourceInUseException', errorMessage: 'in use' }),
    matches: false,
  },
] satisfies readonly RuleCase[];
