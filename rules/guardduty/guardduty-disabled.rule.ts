import { awsServiceCaller, describeActor, fieldText, request, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { get, items, str, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { defineRule, type FindingDraft, type Severity } from '../../lib/rule';

/** GuardDuty protection plans (features / older data sources) that can be switched off one by one. */
const disabledFeatures = (record: CloudTrailRecord): string[] => {
  const features = items(request(record, 'features'))
    .filter((feature) => str(feature.status)?.toUpperCase() === 'DISABLED')
    .map((feature) => fieldText(feature.name, 60) ?? 'a feature');
  const sources = request(record, 'dataSources');
  const old = ['s3Logs', 'kubernetes', 'malwareProtection']
    .filter((name) => get(sources, name, 'enable') === false || get(sources, name, 'auditLogs', 'enable') === false)
    .map((name) => name);
  return [...features, ...old];
};

/** Flags written as JSON booleans or, in hand-made history, as strings. */
const isFalse = (value: unknown): boolean => value === false || value === 'false';

/**
 * What an UpdateOrganizationConfiguration request stops turning on for the organization's accounts: GuardDuty
 * itself (autoEnableOrganizationMembers NONE, or the older autoEnable false) or protection plans (a feature's
 * autoEnable NONE, an older data source's autoEnable false).
 */
const autoEnableStopped = (record: CloudTrailRecord): string[] => {
  const stopped: string[] = [];
  // autoEnableOrganizationMembers supersedes autoEnable when both are given.
  const members = str(request(record, 'autoEnableOrganizationMembers'));
  if (members !== undefined ? members.toUpperCase() === 'NONE' : isFalse(request(record, 'autoEnable'))) stopped.push('GuardDuty');
  for (const feature of items(request(record, 'features'))) {
    if (str(feature.autoEnable)?.toUpperCase() === 'NONE') stopped.push(fieldText(feature.name, 60) ?? 'a feature');
  }
  const sources = request(record, 'dataSources');
  if (isFalse(get(sources, 's3Logs', 'autoEnable'))) stopped.push('s3Logs');
  if (isFalse(get(sources, 'kubernetes', 'auditLogs', 'autoEnable'))) stopped.push('kubernetes');
  if (isFalse(get(sources, 'malwareProtection', 'scanEc2InstanceWithFindings', 'ebsVolumes', 'autoEnable'))) stopped.push('malwareProtection');
  return stopped;
};

/** The member accounts a call names (accountIds), for the alert. */
const memberAccounts = (record: CloudTrailRecord): string => {
  const accounts = (request(record, 'accountIds') as unknown[] | undefined) ?? [];
  const ids = (Array.isArray(accounts) ? accounts : [accounts]).map((id) => fieldText(id, 12)).filter((id): id is string => id !== undefined);
  return ids.length === 0 ? 'member accounts' : `member account${ids.length > 1 ? 's' : ''} ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''}`;
};

/**
 * GuardDuty turned off or blinded: the detector deleted or suspended, protection plans disabled, the account
 * taken out of its administrator's view or members out of the administrator's, protection plans turned off for
 * members (UpdateMemberDetectors), the organization no longer enabling GuardDuty or its plans for accounts (MEDIUM:
 * accounts already covered stay so), the delegated administrator removed, a trusted IP list activated (GuardDuty raises no finding for traffic from those addresses: the
 * attacker's own, once listed), or a filter that archives findings as they arrive. CRITICAL for a deleted detector
 * (findings history gone), HIGH for the rest, MEDIUM for an archiving filter.
 */
const classify = (record: CloudTrailRecord): FindingDraft | null => {
  if (!succeeded(record) || awsServiceCaller(record) !== undefined) return null;
  const detector = fieldText(request(record, 'detectorId'), 64);
  let change: string;
  let severity: Severity = 'HIGH';
  switch (record.eventName) {
    case 'DeleteDetector':
      change = 'deleted GuardDuty detector';
      severity = 'CRITICAL';
      break;
    case 'UpdateDetector': {
      const enable = request(record, 'enable');
      const off = disabledFeatures(record);
      if (enable === false || enable === 'false') change = 'suspended GuardDuty detector';
      else if (off.length > 0) change = `turned off GuardDuty protection (${off.join(', ')}) on detector`;
      else return null;
      break;
    }
    case 'DisassociateFromMasterAccount':
    case 'DisassociateFromAdministratorAccount':
      change = 'took the account out of its GuardDuty administrator\'s view, detector';
      break;
    case 'CreateIPSet':
    case 'UpdateIPSet': {
      const activate = request(record, 'activate');
      const location = fieldText(request(record, 'location'), 200);
      // A list created inactive changes nothing yet; an update that neither activates nor repoints it neither.
      if (activate !== true && activate !== 'true' && (record.eventName === 'CreateIPSet' || location === undefined)) return null;
      const name = fieldText(request(record, 'name'), 64) ?? fieldText(request(record, 'ipSetId'), 64) ?? 'unnamed';
      change = `${record.eventName === 'CreateIPSet' ? 'activated a new' : 'changed the'} trusted IP list ${name}${location ? ` (${location})` : ''}: GuardDuty raises no finding for traffic from its addresses; detector`;
      break;
    }
    case 'DeleteMembers':
    case 'DisassociateMembers':
    case 'StopMonitoringMembers':
      change = `took ${memberAccounts(record)} out of GuardDuty's administrator view (${record.eventName}), detector`;
      break;
    case 'UpdateMemberDetectors': {
      const off = disabledFeatures(record);
      if (off.length === 0) return null;
      change = `turned off GuardDuty protection (${off.join(', ')}) for ${memberAccounts(record)}, administrator detector`;
      break;
    }
    case 'UpdateOrganizationConfiguration': {
      // Accounts already protected stay so: what stops is protection for the accounts that join next (MEDIUM).
      const stopped = autoEnableStopped(record);
      if (stopped.length === 0) return null;
      change = `stopped enabling ${stopped.join(', ')} for the organization's accounts (GuardDuty organization configuration), detector`;
      severity = 'MEDIUM';
      break;
    }
    case 'DisableOrganizationAdminAccount':
    {
      // An organization-level call: it names the administrator account, not a detector.
      const admin = fieldText(request(record, 'adminAccountId'), 12);
      return {
        severity,
        resources: resourceList(admin),
        summary: `${describeActor(record)} removed GuardDuty's delegated administrator ${admin ?? '(unknown)'} for the organization`,
        facts: { ...viaService(record) },
      };
    }
    case 'CreateFilter':
    case 'UpdateFilter':
      if (str(request(record, 'action'))?.toUpperCase() !== 'ARCHIVE') return null;
      change = `added a filter that archives GuardDuty findings (${fieldText(request(record, 'name'), 64) ?? fieldText(request(record, 'filterName'), 64) ?? 'unnamed'}) on detector`;
      severity = 'MEDIUM';
      break;
    default:
      return null;
  }
  return {
    severity,
    resources: resourceList(detector),
    summary: `${describeActor(record)} ${change} ${detector ?? '(unknown)'}`,
    facts: { ...viaService(record) },
  };
};

export default defineRule({
  id: 'guardduty.guardduty-disabled',
  title: 'GuardDuty disabled or blinded',
  description: 'GuardDuty is the account\'s threat detector: attackers delete or suspend it, or archive its findings, first.',
  category: 'security-service-disabled',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('guardduty', [
    'DeleteDetector',
    'UpdateDetector',
    'DisassociateFromMasterAccount',
    'DisassociateFromAdministratorAccount',
    'DeleteMembers',
    'DisassociateMembers',
    'StopMonitoringMembers',
    'UpdateMemberDetectors',
    'UpdateOrganizationConfiguration',
    'DisableOrganizationAdminAccount',
    'CreateIPSet',
    'UpdateIPSet',
    'CreateFilter',
    'UpdateFilter',
  ]),
  classify,
  guidance:
    'If not planned: enable the detector again (aws guardduty create-detector --enable, or update-detector --enable), ' +
    're-enable protection plans, delete archiving filters and unknown trusted IP lists (aws guardduty delete-ip-set), ' +
    'invite removed members back, and review what happened while it was off.',
  references: {
    mitre: ['T1562.001'],
    securityHub: ['GuardDuty.1'],
    links: ['https://docs.aws.amazon.com/guardduty/latest/ug/logging-using-cloudtrail.html'],
  },
});
