import { awsServiceCaller, describeActor, fieldText, requestMember, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { API_CALL, succeededCall } from '../../lib/cloudtrail/patterns';
import { str, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { defineRule, type FindingDraft } from '../../lib/rule';

const texts = (value: unknown): string[] =>
  (Array.isArray(value) ? value : []).map((entry) => fieldText(entry, 64)).filter((entry): entry is string => entry !== undefined);

/**
 * The detection services beside GuardDuty and Security Hub (which have rules of their own), turned off: IAM
 * Access Analyzer's analyzer deleted (no more findings on what outsiders can reach), Macie disabled (its findings
 * and configuration deleted) or paused, Detective's behavior graph deleted, Inspector's scanning disabled. Each
 * silences one kind of finding before the attacker does what it would have shown: HIGH.
 */
const classify = (record: CloudTrailRecord): FindingDraft | null => {
  if (!succeeded(record) || awsServiceCaller(record) !== undefined) return null;
  let change: string;
  let resources: string[] = [];
  switch (`${record.eventSource} ${record.eventName}`) {
    case 'access-analyzer.amazonaws.com DeleteAnalyzer': {
      const analyzer = fieldText(requestMember(record, 'analyzerName'), 255);
      resources = resourceList(analyzer);
      change = `deleted IAM Access Analyzer analyzer ${analyzer ?? '(unknown)'}`;
      break;
    }
    case 'macie2.amazonaws.com DisableMacie':
      change = 'disabled Amazon Macie (its findings and settings are deleted)';
      break;
    case 'macie2.amazonaws.com UpdateMacieSession':
      if (str(requestMember(record, 'status'))?.toUpperCase() !== 'PAUSED') return null;
      change = 'paused Amazon Macie';
      break;
    case 'detective.amazonaws.com DeleteGraph': {
      // Detective's API members are PascalCase (GraphArn); requestMember reads either case.
      const graph = fieldText(requestMember(record, 'graphArn'), 200);
      resources = resourceList(graph);
      change = `deleted Amazon Detective behavior graph ${graph ?? '(unknown)'}`;
      break;
    }
    case 'inspector2.amazonaws.com Disable': {
      const types = texts(requestMember(record, 'resourceTypes'));
      resources = texts(requestMember(record, 'accountIds'));
      const accounts = resources.length > 0 ? ` for account${resources.length === 1 ? '' : 's'} ${resources.slice(0, 10).join(', ')}` : '';
      change = `disabled Amazon Inspector scanning (${types.length > 0 ? types.join(', ') : 'every resource type'})${accounts}`;
      break;
    }
    default:
      return null;
  }
  return { severity: 'HIGH', resources, summary: `${describeActor(record)} ${change}`, facts: { ...viaService(record) } };
};

export default defineRule({
  id: 'security.services-off',
  title: 'Access Analyzer, Macie, Detective or Inspector turned off',
  description: 'Turning off a detection service silences its findings before the attacker acts on what they would show.',
  category: 'security-service-disabled',
  severity: 'HIGH',
  status: 'active',
  // One rule for four services: their event names do not overlap, so the pattern lists sources and names apart
  // (each deployed rule adds a forwarding rule to the member template, whose size is bounded).
  pattern: {
    source: ['aws.access-analyzer', 'aws.macie2', 'aws.detective', 'aws.inspector2'],
    'detail-type': [API_CALL],
    detail: { eventName: ['DeleteAnalyzer', 'DisableMacie', 'UpdateMacieSession', 'DeleteGraph', 'Disable'], errorCode: succeededCall() },
  },
  classify,
  guidance:
    'If not planned: create the analyzer again (aws accessanalyzer create-analyzer), enable Macie (aws macie2 ' +
    'enable-macie) or resume it, create a Detective graph and invite members back, enable Inspector (aws inspector2 ' +
    'enable), and review what happened while each was off.',
  references: {
    mitre: ['T1562.001'],
    links: ['https://attack.mitre.org/techniques/T1562/001/'],
  },
});
