import { awsServiceCaller, describeActor, fieldText, member, requestMember, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { isObject, items, str, succeeded, type CloudTrailRecord, type JsonObject } from '../../lib/cloudtrail/record';
import { defineRule, type FindingDraft, type Severity } from '../../lib/rule';

/*
 * CloudTrail writes Security Hub requests with the API's own PascalCase member names (ControlStatus,
 * StandardsControlAssociationUpdates: the user guide's CloudTrail examples show it); every member is read in
 * either case (member, requestMember), so a camelCase record would be read the same.
 */

/** AWS's own detection services whose findings Security Hub imports: cutting one off blinds it (HIGH). */
const AWS_SECURITY_PRODUCTS: ReadonlySet<string> = new Set(['guardduty', 'inspector', 'macie', 'access-analyzer', 'detective', 'firewall-manager', 'config']);

const texts = (value: unknown, max: number): string[] =>
  (Array.isArray(value) ? value : []).map((entry) => fieldText(entry, max)).filter((entry): entry is string => entry !== undefined);

/**
 * An automation rule (one CreateAutomationRule, or one item of BatchUpdateAutomationRules) that is enabled and
 * suppresses the findings it matches: Security Hub then sets their workflow to SUPPRESSED as they arrive.
 */
const suppresses = (rule: JsonObject): boolean =>
  str(member(rule, 'ruleStatus'))?.toUpperCase() !== 'DISABLED' &&
  items(member(rule, 'actions')).some((action) => str(member(member(member(action, 'findingFieldsUpdate'), 'workflow'), 'status'))?.toUpperCase() === 'SUPPRESSED');

/**
 * Security Hub turned off or blinded: the hub disabled (CRITICAL: its findings are deleted), standards disabled,
 * the account taken out of its administrator's view, the organization's delegated administrator removed, a
 * control disabled, an automation rule that suppresses findings as they arrive, or a product's findings no longer
 * imported (HIGH for AWS's own detection services, MEDIUM for others).
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
      resources = texts(requestMember(record, 'standardsSubscriptionArns'), 200);
      change = `disabled ${resources.length || 'some'} Security Hub standard${resources.length === 1 ? '' : 's'}`;
      break;
    }
    case 'DisassociateFromMasterAccount':
    case 'DisassociateFromAdministratorAccount':
      change = 'took the account out of its Security Hub administrator\'s view';
      break;
    case 'UpdateStandardsControl': {
      if (str(requestMember(record, 'controlStatus'))?.toUpperCase() !== 'DISABLED') return null;
      const control = fieldText(requestMember(record, 'standardsControlArn'), 200);
      resources = control ? [control] : [];
      change = `disabled Security Hub control ${control ?? '(unknown)'}`;
      severity = 'MEDIUM';
      break;
    }
    case 'DisableOrganizationAdminAccount': {
      const admin = fieldText(requestMember(record, 'adminAccountId'), 12);
      resources = admin ? [admin] : [];
      change = `removed Security Hub's delegated administrator ${admin ?? '(unknown)'} for the organization`;
      break;
    }
    case 'CreateAutomationRule':
    case 'BatchUpdateAutomationRules': {
      const rules =
        record.eventName === 'CreateAutomationRule' ? (isObject(record.requestParameters) ? [record.requestParameters] : []) : items(requestMember(record, 'updateAutomationRulesRequestItems'));
      const suppressing = rules.filter(suppresses);
      if (suppressing.length === 0) return null;
      const names = suppressing.map((rule) => fieldText(member(rule, 'ruleName'), 64) ?? fieldText(member(rule, 'ruleArn'), 200) ?? 'unnamed');
      change = `${record.eventName === 'CreateAutomationRule' ? 'added' : 'changed'} a Security Hub automation rule that suppresses the findings it matches (${names.join(', ')})`;
      severity = 'MEDIUM';
      break;
    }
    case 'BatchUpdateStandardsControlAssociations': {
      const disabled = items(requestMember(record, 'standardsControlAssociationUpdates')).filter(
        (update) => str(member(update, 'associationStatus'))?.toUpperCase() === 'DISABLED',
      );
      if (disabled.length === 0) return null;
      // A control in one standard: the standard's ARN and the control's id (CloudTrail.1).
      resources = disabled.map((update) => {
        const control = fieldText(member(update, 'securityControlId'), 64) ?? 'unknown control';
        const standard = fieldText(member(update, 'standardsArn'), 200);
        return standard ? `${standard}/${control}` : control;
      });
      change = `disabled Security Hub control${disabled.length === 1 ? '' : 's'} ${resources.slice(0, 10).join(', ')}${resources.length > 10 ? ', …' : ''}`;
      severity = 'MEDIUM';
      break;
    }
    case 'DisableImportFindingsForProduct': {
      // arn:aws:securityhub:<region>:<account>:product-subscription/<company>/<product>
      const subscription = fieldText(requestMember(record, 'productSubscriptionArn'), 200);
      const product = subscription?.split(':product-subscription/')[1];
      const [company, name] = product?.split('/') ?? [];
      resources = subscription ? [subscription] : [];
      change = `stopped Security Hub importing findings from ${product ?? '(unknown product)'}`;
      severity = company === 'aws' && name !== undefined && AWS_SECURITY_PRODUCTS.has(name) ? 'HIGH' : 'MEDIUM';
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
    'DisableOrganizationAdminAccount',
    'CreateAutomationRule',
    'BatchUpdateAutomationRules',
    'DisableImportFindingsForProduct',
  ]),
  classify,
  guidance:
    'If not planned: enable Security Hub and the standards again, delete or disable suppressing automation rules, and ' +
    'review what changed while it was off.',
  references: {
    mitre: ['T1562.001'],
    links: ['https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-ct.html'],
  },
});
