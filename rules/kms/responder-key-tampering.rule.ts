import { fieldText, request } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { items, str, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { actorDid, isCloudFormationDeployment, isOwnKeyAlias, tamperingFacts } from '../../lib/own-resources';
import { defineRule, type FindingDraft, type RuleContext } from '../../lib/rule';

const WHAT: Record<string, string> = {
  DisableKey: 'disabled',
  ScheduleKeyDeletion: 'scheduled the deletion of',
  PutKeyPolicy: 'replaced the key policy of',
  DisableKeyRotation: 'turned off rotation of',
  DeleteAlias: 'deleted the alias of',
  UpdateAlias: 'pointed the alias of',
};

/** A key reference (id, key ARN, alias name or alias ARN) -> the part that identifies it. */
const keyIdOf = (reference: string): string => reference.replace(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/)?/, '');

/**
 * trailguard's alert-topic key changed by anyone but its deployment: SNS cannot encrypt with a disabled or deleted
 * key, so every alert after that fails (the alarms, on their own topic, still report it). The key is known by its
 * alias, or by id when the deployed function was given it (RuleContext.ownKeys).
 */
const isOwnKey = (record: CloudTrailRecord, context: RuleContext): string | undefined => {
  const keyId = fieldText(request(record, 'keyId'), 300);
  const alias = fieldText(request(record, 'aliasName'), 300);
  if (alias !== undefined && isOwnKeyAlias(keyIdOf(alias), context)) return alias;
  if (keyId === undefined) return undefined;
  if (isOwnKeyAlias(keyIdOf(keyId), context)) return keyId;
  // CloudTrail also lists the key's ARN in `resources`, whatever form the caller named it by (an alias of its own).
  const ids = [keyId, ...items(record.resources).map((resource) => str(resource.ARN)).filter((arn): arn is string => arn !== undefined)].map(keyIdOf);
  return (context.ownKeys ?? []).some((own) => ids.includes(keyIdOf(own))) ? keyId : undefined;
};

const classify = (record: CloudTrailRecord, context: RuleContext): FindingDraft | null => {
  if (!succeeded(record)) return null;
  const what = WHAT[record.eventName];
  if (what === undefined) return null;
  const key = isOwnKey(record, context);
  if (key === undefined || isCloudFormationDeployment(record)) return null;
  const days = fieldText(request(record, 'pendingWindowInDays'));
  const target = fieldText(request(record, 'targetKeyId'), 300);
  return {
    resources: [key],
    summary: actorDid(record, `${what} trailguard's alert key ${key}${record.eventName === 'UpdateAlias' && target ? ` to another key (${target})` : ''}`),
    facts: { ...tamperingFacts(record, `KMS key ${key}`), ...(days ? { 'Deletion in (days)': days } : {}) },
  };
};

export default defineRule({
  id: 'kms.responder-key-tampering',
  title: 'trailguard alert key disabled or changed',
  description: 'The alert topic is encrypted with this key: disabled, deleted or locked away, no alert can be published.',
  category: 'responder-tampering',
  severity: 'CRITICAL',
  status: 'active',
  // With the other responder-tampering rules: one function watches trailguard itself.
  responder: 'self-protection',
  pattern: apiCallPattern('kms', Object.keys(WHAT)),
  classify,
  guidance:
    'Cancel a scheduled deletion (`aws kms cancel-key-deletion`), re-enable the key (`aws kms enable-key`), and ' +
    'redeploy the stack to restore its policy; the alarm topic reports alerts that failed meanwhile.',
  references: {
    mitre: ['T1562.001', 'T1485'],
    links: ['https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html'],
  },
});
