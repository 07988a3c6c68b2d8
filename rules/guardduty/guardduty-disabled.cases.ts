import type { RuleCase } from '../../lib/rule';
import { identities } from '../../tests/support/records';
import { serviceCall } from '../../tests/support/service-records';

const DETECTOR = '12abc34d567e8fa901bc2d34e56789f0';
const gd = (eventName: string, request: Record<string, unknown>, overrides: Parameters<typeof serviceCall>[4] = {}, response: Record<string, unknown> | null = null) =>
  serviceCall('guardduty.amazonaws.com', eventName, { detectorId: DETECTOR, ...request }, response, overrides);

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
    // The trusted-IP trick: GuardDuty raises no finding for traffic from listed addresses.
    name: 'trusted IP list created and activated (the attacker\'s addresses whitelisted)',
    record: gd('CreateIPSet', { name: 'office', format: 'TXT', location: 'https://s3.amazonaws.com/attacker-bucket/ips.txt', activate: true }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [DETECTOR] }],
  },
  {
    name: 'trusted IP list pointed at another file',
    record: gd('UpdateIPSet', { ipSetId: '0cb0141ab9fbde177613ab9436example', location: 'https://s3.amazonaws.com/attacker-bucket/more.txt' }),
    matches: true,
    findings: [{ severity: 'HIGH' }],
  },
  {
    name: 'near miss: trusted IP list created inactive',
    record: gd('CreateIPSet', { name: 'office', format: 'TXT', location: 'https://s3.amazonaws.com/netops/ips.txt', activate: false }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: trusted IP list renamed only',
    record: gd('UpdateIPSet', { ipSetId: '0cb0141ab9fbde177613ab9436example', name: 'office-2' }),
    matches: true,
    findings: [],
  },
  {
    name: 'administrator stops monitoring member accounts',
    record: gd('StopMonitoringMembers', { accountIds: ['111122223333', '444455556666'] }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [DETECTOR] }],
  },
  {
    name: 'administrator deletes a member account',
    record: gd('DeleteMembers', { accountIds: ['111122223333'] }),
    matches: true,
    findings: [{ severity: 'HIGH' }],
  },
  {
    name: 'organization\'s delegated GuardDuty administrator removed',
    record: serviceCall('guardduty.amazonaws.com', 'DisableOrganizationAdminAccount', { adminAccountId: '111122223333' }, null),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['111122223333'] }],
  },
  {
    name: 'administrator turns off S3 protection for a member account',
    record: gd('UpdateMemberDetectors', { accountIds: ['444455556666'], features: [{ name: 'S3_DATA_EVENTS', status: 'DISABLED' }] }, {}, { unprocessedAccounts: [] }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [DETECTOR] }],
  },
  {
    name: 'administrator turns off Kubernetes audit logs for members (older dataSources form)',
    record: gd('UpdateMemberDetectors', { accountIds: ['444455556666', '111122223333'], dataSources: { kubernetes: { auditLogs: { enable: false } } } }),
    matches: true,
    findings: [{ severity: 'HIGH' }],
  },
  {
    name: 'near miss: administrator turns on Runtime Monitoring for a member',
    record: gd('UpdateMemberDetectors', { accountIds: ['444455556666'], features: [{ name: 'RUNTIME_MONITORING', status: 'ENABLED' }] }),
    matches: true,
    findings: [],
  },
  {
    name: 'organization stops enabling GuardDuty for its accounts (MEDIUM)',
    record: gd('UpdateOrganizationConfiguration', { autoEnableOrganizationMembers: 'NONE' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [DETECTOR] }],
  },
  {
    name: 'organization stops enabling EKS protection and S3 logs (older autoEnable form, MEDIUM)',
    record: gd('UpdateOrganizationConfiguration', { autoEnable: true, features: [{ name: 'EKS_AUDIT_LOGS', autoEnable: 'NONE' }], dataSources: { s3Logs: { autoEnable: false } } }),
    matches: true,
    findings: [{ severity: 'MEDIUM' }],
  },
  {
    name: 'near miss: organization enables GuardDuty for every account',
    record: gd('UpdateOrganizationConfiguration', { autoEnableOrganizationMembers: 'ALL', autoEnable: false }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: organization configuration changed by GuardDuty\'s service-linked role',
    record: gd('UpdateOrganizationConfiguration', { autoEnableOrganizationMembers: 'NONE' }, { userIdentity: identities.awsService('guardduty.amazonaws.com') }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: member protection change refused',
    record: gd('UpdateMemberDetectors', { accountIds: ['444455556666'], features: [{ name: 'S3_DATA_EVENTS', status: 'DISABLED' }] }, { errorCode: 'BadRequestException', errorMessage: 'The request is rejected because the input detectorId is not owned by the current account.' }),
    matches: false,
  },
  {
    name: 'near miss: a threat list (IPs to alert on) created',
    record: gd('CreateThreatIntelSet', { name: 'bad-ips', format: 'TXT', location: 'https://s3.amazonaws.com/secops/bad.txt', activate: true }),
    matches: false,
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
