import type { RuleCase } from '../../lib/rule';
import { serviceCall } from '../../tests/support/service-records';

const DETECTOR = '12abc34d567e8fa901bc2d34e56789f0';
const gd = (eventName: string, request: Record<string, unknown>, overrides: Parameters<typeof serviceCall>[4] = {}) =>
  serviceCall('guardduty.amazonaws.com', eventName, { detectorId: DETECTOR, ...request }, null, overrides);

export default [
  {
    name: 'GuardDuty detector deleted (CRITICAL)',
    record: gd('DeleteDetector', {}),
    matches: true,
    findings: [{ category: 'security-service-disabled', severity: 'CRITICAL', resources: [DETECTOR], action: 'none' }],
  },
  {
    name: 'GuardDuty detector suspended',
    record: gd('UpdateDetector', { enable: false }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [DETECTOR] }],
  },
  {
    name: 'GuardDuty S3 and EKS protection turned off',
    record: gd('UpdateDetector', { features: [{ name: 'S3_DATA_EVENTS', status: 'DISABLED' }, { name: 'EKS_AUDIT_LOGS', status: 'DISABLED' }] }),
    matches: true,
    findings: [{ severity: 'HIGH' }],
  },
  {
    name: 'member account leaves its GuardDuty administrator',
    record: gd('DisassociateFromAdministratorAccount', {}),
    matches: true,
    findings: [{ severity: 'HIGH' }],
  },
  {
    name: 'filter that archives every finding (MEDIUM)',
    record: gd('CreateFilter', { name: 'quiet', action: 'ARCHIVE', findingCriteria: { criterion: { severity: { gte: 0 } } } }),
    matches: true,
    findings: [{ severity: 'MEDIUM' }],
  },
  {
    name: 'near miss: finding frequency changed',
    record: gd('UpdateDetector', { findingPublishingFrequency: 'SIX_HOURS' }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: a filter that only labels findings (NOOP)',
    record: gd('CreateFilter', { name: 'tag-scanner', action: 'NOOP', findingCriteria: { criterion: {} } }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: deletion denied (account.unauthorized-api-call reports it)',
    record: gd('DeleteDetector', {}, { errorCode: 'AccessDeniedException', errorMessage: 'User is not authorized to perform: guardduty:DeleteDetector' }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
] satisfies readonly RuleCase[];
