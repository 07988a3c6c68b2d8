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

/**
 * GuardDuty turned off or blinded: the detector deleted or suspended, protection plans disabled, the account
 * taken out of its administrator's view, or a filter that archives findings as they arrive. CRITICAL for a deleted
 * detector (findings history gone), HIGH for the rest.
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
  pattern: apiCallPattern('guardduty', ['DeleteDetector', 'UpdateDetector', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount', 'CreateFilter', 'UpdateFilter']),
  classify,
  guidance:
    'If not planned: enable the detector again (aws guardduty create-detector --enable, or update-detector --enable), ' +
    're-enable protection plans, delete archiving filters, and review what happened while it was off.',
  references: {
    mitre: ['T1562.001'],
    securityHub: ['GuardDuty.1'],
    links: ['https://docs.aws.amazon.com/guardduty/latest/ug/logging-using-cloudtrail.html'],
  },
});
