import type { RuleCase } from '../../lib/rule';
import { ACCOUNT } from '../../tests/support/records';
import { serviceCall } from '../../tests/support/service-records';

const FSBP = `arn:aws:securityhub:us-east-1:${ACCOUNT}:subscription/aws-foundational-security-best-practices/v/1.0.0`;
const sh = (eventName: string, request: Record<string, unknown> | null, overrides: Parameters<typeof serviceCall>[4] = {}) =>
  serviceCall('securityhub.amazonaws.com', eventName, request, null, overrides);

export default [
  {
    name: 'Security Hub disabled (CRITICAL)',
    record: sh('DisableSecurityHub', null),
    matches: true,
    findings: [{ category: 'security-service-disabled', severity: 'CRITICAL', resources: [], action: 'none' }],
  },
  {
    name: 'a standard disabled',
    record: sh('BatchDisableStandards', { standardsSubscriptionArns: [FSBP] }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [FSBP] }],
  },
  {
    name: 'a control disabled (MEDIUM)',
    record: sh('UpdateStandardsControl', { standardsControlArn: `${FSBP.replace(':subscription/', ':control/')}/CloudTrail.1`, controlStatus: 'DISABLED', disabledReason: 'noise' }),
    matches: true,
    findings: [{ severity: 'MEDIUM' }],
  },
  {
    name: 'near miss: a control enabled again',
    record: sh('UpdateStandardsControl', { standardsControlArn: `${FSBP.replace(':subscription/', ':control/')}/CloudTrail.1`, controlStatus: 'ENABLED' }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: disabling refused for a delegated administrator',
    record: sh('DisableSecurityHub', null, { errorCode: 'InvalidInputException', errorMessage: 'Cannot disable Security Hub for the delegated administrator account.' }),
    matches: false,
  },
] satisfies readonly RuleCase[];
