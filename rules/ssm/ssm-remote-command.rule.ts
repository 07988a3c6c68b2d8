import { awsServiceCaller, describeActor, fieldText, request, resourceList, response, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { get, items, str, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { defineRule, type FindingDraft } from '../../lib/rule';

/** Documents that run an arbitrary script given in the call. */
const SHELL_DOCUMENTS: ReadonlySet<string> = new Set(['AWS-RunShellScript', 'AWS-RunPowerShellScript', 'AWS-RunRemoteScript']);
/** One command across this many instances is the Stratus shape (and a fleet-wide rollout otherwise). */
const MANY_INSTANCES = 3;

const listOfText = (value: unknown): string[] =>
  (Array.isArray(value) ? value : []).map((entry) => fieldText(entry, 64)).filter((entry): entry is string => entry !== undefined);

/** A shell document's name, also when given by ARN (arn:aws:ssm:<region>::document/AWS-RunShellScript); else undefined. */
const shellDocument = (value: unknown): string | undefined => {
  const named = fieldText(value, 200);
  const document = named?.slice(named.lastIndexOf('document/') < 0 ? 0 : named.lastIndexOf('document/') + 'document/'.length);
  return document !== undefined && SHELL_DOCUMENTS.has(document) ? document : undefined;
};

/**
 * A State Manager association of a shell document: the script runs again on its schedule and on every instance
 * that comes to match its targets, persistence rather than one command. MEDIUM; HIGH when it targets every
 * instance (InstanceIds `*`).
 */
const classifyAssociation = (record: CloudTrailRecord): FindingDraft | null => {
  // UpdateAssociation may leave the document out; its response describes the association as it now is.
  const described = response(record, 'associationDescription');
  const document = shellDocument(request(record, 'name') ?? get(described, 'name'));
  if (document === undefined) return null;
  const targetList = items(request(record, 'targets') ?? get(described, 'targets'));
  const instance = fieldText(request(record, 'instanceId'), 64);
  const everyInstance = targetList.some((target) => str(target.key)?.toLowerCase() === 'instanceids' && listOfText(target.values).includes('*'));
  const targets = targetList.map((target) => `${fieldText(target.key, 60) ?? '?'}=${listOfText(target.values).join(',')}`);
  const associationId = fieldText(request(record, 'associationId'), 64) ?? fieldText(get(described, 'associationId'), 64);
  const schedule = fieldText(request(record, 'scheduleExpression'), 100);
  const where = everyInstance ? 'every instance' : instance ?? (targets.length > 0 ? `targets ${targets.join('; ')}` : 'instances');
  return {
    severity: everyInstance ? 'HIGH' : 'MEDIUM',
    resources: resourceList(associationId, instance),
    summary: `${describeActor(record)} ${record.eventName === 'CreateAssociation' ? 'created' : 'updated'} a State Manager association running ${document} on ${where}`,
    facts: { Document: document, ...(schedule ? { Schedule: schedule } : {}), ...viaService(record) },
  };
};

/**
 * Stratus Red Team aws.execution.ssm-send-command and ssm-start-session: commands or shells on instances through
 * Systems Manager, the cloud administration path that needs no network access. SendCommand of a script document:
 * MEDIUM, HIGH across several instances or by tag target; other documents (patching, inventory) are out.
 * StartSession: LOW (an interactive shell, routine for administrators; below the SMS threshold). An association
 * of a script document (CreateAssociation, UpdateAssociation): see classifyAssociation.
 */
const classify = (record: CloudTrailRecord): FindingDraft | null => {
  if (!succeeded(record) || awsServiceCaller(record) !== undefined) return null;
  if (record.eventName === 'StartSession') {
    const target = fieldText(request(record, 'target'), 64);
    const document = fieldText(request(record, 'documentName'), 100);
    return {
      severity: 'LOW',
      resources: resourceList(target),
      summary: `${describeActor(record)} started a Session Manager session on ${target ?? '(unknown)'}`,
      facts: { ...(document ? { Document: document } : {}), ...viaService(record) },
    };
  }
  if (record.eventName === 'CreateAssociation' || record.eventName === 'UpdateAssociation') return classifyAssociation(record);
  if (record.eventName !== 'SendCommand') return null;
  // Shared or cross-Region calls may name the document by ARN (arn:aws:ssm:<region>::document/AWS-RunShellScript).
  const document = shellDocument(request(record, 'documentName'));
  if (document === undefined) return null;
  const instances = listOfText(request(record, 'instanceIds'));
  const targets = items(request(record, 'targets')).map((target) => `${fieldText(target.key, 60) ?? '?'}=${listOfText(target.values).join(',')}`);
  const commandId = fieldText(response(record, 'command', 'commandId'), 64);
  const wide = instances.length >= MANY_INSTANCES || targets.length > 0;
  const where = instances.length > 0 ? `${instances.length} instance${instances.length === 1 ? '' : 's'}` : targets.length > 0 ? `targets ${targets.join('; ')}` : 'instances';
  return {
    severity: wide ? 'HIGH' : 'MEDIUM',
    resources: resourceList(...instances.slice(0, 20)),
    summary: `${describeActor(record)} ran ${document} on ${where}`,
    facts: { Document: document, ...(commandId ? { 'Command id': commandId } : {}), ...viaService(record) },
  };
};

export default defineRule({
  id: 'ssm.ssm-remote-command',
  title: 'Commands or shell sessions run through SSM',
  description:
    'SSM Run Command, State Manager associations and Session Manager run code on instances as root without any ' +
    'network path to them.',
  category: 'remote-command-execution',
  severity: 'MEDIUM',
  status: 'active',
  pattern: apiCallPattern('ssm', ['SendCommand', 'StartSession', 'CreateAssociation', 'UpdateAssociation']),
  classify,
  guidance:
    'Check the command output (aws ssm list-command-invocations --command-id <id> --details) or the session log, ' +
    'and whether the principal administers those instances. An unknown association keeps running: delete it ' +
    '(aws ssm delete-association --association-id <id>).',
  references: {
    mitre: ['T1651'],
    stratus: ['aws.execution.ssm-send-command', 'aws.execution.ssm-start-session'],
    links: ['https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-cloudtrail-logs.html'],
  },
});
