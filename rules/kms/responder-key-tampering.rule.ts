import { fieldText, request } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { actorDid, isCloudFormationDeployment, ownKeyReference, tamperingFacts } from '../../lib/own-resources';
import { defineRule, type FindingDraft, type RuleContext } from '../../lib/rule';

const WHAT: Record<string, string> = {
  DisableKey: 'disabled',
  ScheduleKeyDeletion: 'scheduled the deletion of',
  PutKeyPolicy: 'replaced the key policy of',
  DisableKeyRotation: 'turned off rotation of',
  DeleteAlias: 'deleted the alias of',
  UpdateAlias: 'pointed the alias of',
};

/**
 * trailguard's alert-topic key changed by anyone but its deployment: SNS cannot encrypt with a disabled or deleted
 * key, so every alert after that fails (the alarms, on their own topic, still report it).
 */
const classify = (record: CloudTrailRecord, context: RuleContext): FindingDraft | null => {
  if (!succeeded(record)) return null;
  const what = WHAT[record.eventName];
  if (what === undefined) return null;
  const key = ownKeyReference(record, context);
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
