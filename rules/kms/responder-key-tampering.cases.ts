import type { RuleCase } from '../../lib/rule';
import { ACCOUNT } from '../../tests/support/records';
import { cloudFormationDeployment, intruder } from '../../tests/support/responder-records';
import { serviceCall } from '../../tests/support/service-records';

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`;
const kms = (eventName: string, request: Record<string, unknown>, overrides = {}) =>
  serviceCall('kms.amazonaws.com', eventName, request, null, { ...intruder(), ...overrides });

export default [
  {
    name: 'the stage\'s alert key scheduled for deletion (known by id to the deployed function)',
    record: kms('ScheduleKeyDeletion', { keyId: KEY_ID, pendingWindowInDays: 7 }),
    context: { stage: 'prod', ownKeys: [KEY_ARN] },
    matches: true,
    findings: [{ category: 'responder-tampering', severity: 'CRITICAL', resources: [KEY_ID], action: 'none' }],
    alsoFiredBy: ['kms.kms-key-deletion'],
  },
  {
    name: 'the alert key disabled, named by its ARN',
    record: kms('DisableKey', { keyId: KEY_ARN }),
    context: { ownKeys: [KEY_ARN] },
    matches: true,
    findings: [{ resources: [KEY_ARN] }],
    alsoFiredBy: ['kms.kms-key-deletion'],
  },
  {
    name: 'the alert key\'s policy replaced, named by its alias',
    record: kms('PutKeyPolicy', { keyId: 'alias/trailguard-prod-alerts', policyName: 'default', policy: '{}' }),
    matches: true,
    findings: [{ resources: ['alias/trailguard-prod-alerts'] }],
  },
  {
    name: 'the alert key\'s alias pointed at another key',
    record: kms('UpdateAlias', { aliasName: 'alias/trailguard-prod-alerts', targetKeyId: '0987dcba-09fe-87dc-65ba-ab0987654321' }),
    matches: true,
    findings: [{ resources: ['alias/trailguard-prod-alerts'] }],
  },
  {
    name: 'the alert key disabled through another alias of it (CloudTrail lists the key ARN in resources)',
    record: kms('DisableKey', { keyId: 'alias/ops-key' }, { resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: KEY_ARN }] }),
    context: { ownKeys: [KEY_ARN] },
    matches: true,
    findings: [{ resources: ['alias/ops-key'] }],
    alsoFiredBy: ['kms.kms-key-deletion'],
  },
  {
    name: 'near miss: another key disabled (only kms-key-deletion reports it)',
    record: kms('DisableKey', { keyId: '0987dcba-09fe-87dc-65ba-ab0987654321' }),
    context: { ownKeys: [KEY_ARN] },
    matches: true,
    findings: [],
    alsoFiredBy: ['kms.kms-key-deletion'],
  },
  {
    name: 'near miss: the stack\'s deployment writes the key policy',
    record: kms('PutKeyPolicy', { keyId: KEY_ID, policyName: 'default', policy: '{}' }, cloudFormationDeployment()),
    context: { ownKeys: [KEY_ARN] },
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: a same-prefix alias of another project',
    record: kms('DeleteAlias', { aliasName: 'alias/trailguard-reports' }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: scheduling the deletion failed',
    record: kms('ScheduleKeyDeletion', { keyId: KEY_ID, pendingWindowInDays: 7 }, { errorCode: 'AccessDeniedException', errorMessage: 'not authorized' }),
    context: { ownKeys: [KEY_ARN] },
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
] satisfies readonly RuleCase[];
