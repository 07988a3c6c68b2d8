import { awsServiceCaller, describeActor, fieldText, request, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { items, str, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { defineRule, type FindingDraft, type Severity } from '../../lib/rule';

/**
 * Security Hub turned off or blinded: the hub disabled (CRITICAL: its findings are deleted), standards disabled,
 * the account taken out of its administrator's view, or a control disabled.
 */
const classify = (record: CloudTrailRecord): FindingDraft | null => {
  if (!succeeded(record) || awsServiceCaller(record) !== undefined) return null;
  let change: string;
  let severity: Severity = 'HIGH';
  let resources: string[] = [];
  switch (record.eventName) {
    case 'DisableSecurityHub':
      change = 'disabled Security Hub';
      severity = 'CRITICAL';
      break;
    case 'BatchDisableStandards': {
      resources = (Array.isArray(request(record, 'standardsSubscriptionArns')) ? (request(record, 'standardsSubscriptionArns') as unknown[]) : [])
        .map((arn) => fieldText(arn, 200))
        .filter((arn): arn is string => arn !== undefined);
      change = `disabled ${resources.length || 'some'} Security Hub standard${resources.length === 1 ? '' : 's'}`;
      break;
    }
    case 'DisassociateFromMasterAccount':
    case 'DisassociateFromAdministratorAccount':
      change = 'took the account out of its Security Hub administrator\'s view';
      break;
    case 'UpdateStandardsControl': {
      if (str(request(record, 'controlStatus'))?.toUpperCase() !== 'DISABLED') return null;
      const control = fieldText(request(record, 'standardsControlArn'), 200);
      resources = control ? [control] : [];
      change = `disabled Security Hub control ${control ?? '(unknown)'}`;
      severity = 'MEDIUM';
      break;
    }
    case 'BatchUpdateStandardsControlAssociations': {
      const disabled = items(request(record, 'standardsControlAssociationUpdates')).filter(
        (update) => str(update.associationStatus)?.toUpperCase() === 'DISABLED',
      );
      if (disabled.length === 0) return null;
      change = `disabled ${disabled.length} Security Hub control${disabled.length === 1 ? '' : 's'}`;
      severity = 'MEDIUM';
      break;
    }
    default:
      return null;
  }
  return { severity, resources: resourceList(...resources), summary: `${describeActor(record)} ${change}`, facts: { ...viaService(record) } };
};

export default defineRule({
  id: 'securityhub.securityhub-disabled',
  title: 'Security Hub disabled or blinded',
  description: 'Disabling Security Hub, its standards or controls silences the account\'s security posture checks.',
  category: 'security-service-disabled',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('securityhub', [
    'DisableSecurityHub',
    'BatchDisableStandards',
    'DisassociateFromMasterAccount',
    'DisassociateFromAdministratorAccount',
    'UpdateStandardsControl',
    'BatchUpdateStandardsControlAssociations',
  ]),
  classify,
  guidance: 'If not planned: enable Security Hub and the standards again, and review what changed while it was off.',
  references: {
    mitre: ['T1562.001'],
    links: ['https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-ct.html'],
  },
});
