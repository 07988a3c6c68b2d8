import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, identities } from '../../tests/support/records';
import { serviceCall } from '../../tests/support/service-records';

const GRAPH = `arn:aws:detective:us-east-1:${ACCOUNT}:graph:027c7c4610ea4aacaf0b883093cab899`;

export default [
  {
    name: 'IAM Access Analyzer analyzer deleted',
    record: serviceCall('access-analyzer.amazonaws.com', 'DeleteAnalyzer', { analyzerName: 'org-analyzer' }),
    matches: true,
    findings: [{ category: 'security-service-disabled', severity: 'HIGH', resources: ['org-analyzer'], action: 'none' }],
  },
  {
    name: 'Macie disabled',
    record: serviceCall('macie2.amazonaws.com', 'DisableMacie', {}),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [] }],
  },
  {
    name: 'Macie paused',
    record: serviceCall('macie2.amazonaws.com', 'UpdateMacieSession', { status: 'PAUSED' }),
    matches: true,
    findings: [{ severity: 'HIGH' }],
  },
  {
    name: 'near miss: Macie publishing frequency changed',
    record: serviceCall('macie2.amazonaws.com', 'UpdateMacieSession', { findingPublishingFrequency: 'SIX_HOURS', status: 'ENABLED' }),
    matches: true,
    findings: [],
  },
  {
    name: 'Detective behavior graph deleted (PascalCase member, as the API names it)',
    record: serviceCall('detective.amazonaws.com', 'DeleteGraph', { GraphArn: GRAPH }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [GRAPH] }],
  },
  {
    name: 'Detective behavior graph deleted (camelCase member)',
    record: serviceCall('detective.amazonaws.com', 'DeleteGraph', { graphArn: GRAPH }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [GRAPH] }],
  },
  {
    name: 'Inspector EC2 and ECR scanning disabled',
    record: serviceCall('inspector2.amazonaws.com', 'Disable', { resourceTypes: ['EC2', 'ECR'] }, { accounts: [], failedAccounts: [] }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [] }],
  },
  {
    name: 'Inspector disabled for a member account by its administrator',
    record: serviceCall('inspector2.amazonaws.com', 'Disable', { accountIds: ['444455556666'] }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['444455556666'] }],
  },
  {
    name: 'near miss: an Inspector-named event of another service (Macie has no Disable call)',
    record: serviceCall('macie2.amazonaws.com', 'Disable', {}),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: analyzer deleted by a service-linked role',
    record: serviceCall('access-analyzer.amazonaws.com', 'DeleteAnalyzer', { analyzerName: 'org-analyzer' }, null, {
      userIdentity: identities.awsService('access-analyzer.amazonaws.com'),
    }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: disabling Macie refused',
    record: serviceCall('macie2.amazonaws.com', 'DisableMacie', {}, null, { errorCode: 'AccessDeniedException', errorMessage: 'User is not authorized to perform: macie2:DisableMacie' }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'near miss: a new analyzer created',
    record: serviceCall('access-analyzer.amazonaws.com', 'CreateAnalyzer', { analyzerName: 'org-analyzer', type: 'ORGANIZATION' }),
    matches: false,
  },
] satisfies readonly RuleCase[];
