import { fieldText, request } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { SERVICE_PREFIX, actorDid, isCloudFormationDeployment, isOwnEventRuleName, ownEventBusName, tamperingFacts } from '../../lib/own-resources';
import { defineRule, type FindingDraft, type RuleContext } from '../../lib/rule';

const WHAT: Record<string, string> = {
  DisableRule: 'disabled',
  DeleteRule: 'deleted',
  PutRule: 'rewrote',
  PutTargets: 'changed the targets of',
  RemoveTargets: 'removed targets from',
};

/**
 * trailguard's own EventBridge rules changed by anyone but its deployment. Disabling one is undone (re-enabled in
 * the state it was deployed with); deleting or rewriting one, or its targets, needs a redeployment.
 */
const classify = (record: CloudTrailRecord, context: RuleContext): FindingDraft | null => {
  if (!succeeded(record)) return null;
  const what = WHAT[record.eventName];
  if (what === undefined) return null;
  // PutTargets and RemoveTargets name the rule `rule`; the others `name`.
  const name = fieldText(request(record, 'name'), 64) ?? fieldText(request(record, 'rule'), 64);
  const bus = fieldText(request(record, 'eventBusName'), 256);
  // trailguard's rules live on the default bus, or in a central stage (organization topology) on its own bus
  // `trailguard-<stage>`; a rule of that name on any other bus is someone else's.
  const centralBus = ownEventBusName(bus, context);
  if (bus !== undefined && bus !== 'default' && !/:event-bus\/default$/.test(bus) && centralBus === undefined) return null;
  if (!isOwnEventRuleName(name, context) || isCloudFormationDeployment(record)) return null;
  const state = fieldText(request(record, 'state'));
  return {
    resources: [name!],
    summary: actorDid(record, `${what} trailguard's EventBridge rule ${name}${state ? ` (state ${state})` : ''}`),
    facts: tamperingFacts(record, `EventBridge rule ${name}`),
    ...(record.eventName === 'DisableRule' ? { remediation: { action: 'enable-event-rule' as const, params: { name: name!, region: record.awsRegion, ...(centralBus ? { eventBusName: centralBus } : {}) } } } : {}),
  };
};

export default defineRule({
  id: 'events.responder-event-rule-tampering',
  title: 'trailguard EventBridge rule disabled or changed',
  description: 'The responder only hears what its EventBridge rules deliver: a disabled or rewritten rule blinds it.',
  category: 'responder-tampering',
  severity: 'CRITICAL',
  status: 'active',
  actions: ['enable-event-rule'],
  pattern: apiCallPattern('events', Object.keys(WHAT), {
    $or: [{ requestParameters: { name: [{ prefix: SERVICE_PREFIX }] } }, { requestParameters: { rule: [{ prefix: SERVICE_PREFIX }] } }],
  }),
  classify,
  guidance:
    'A disabled rule is turned back on in an enforce stage. A deleted or rewritten rule, or changed targets: redeploy ' +
    'the stack (`sls deploy --stage <stage>`). Events that arrived meanwhile were never delivered: replay them.',
  references: {
    mitre: ['T1562.001'],
    links: ['https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DisableRule.html'],
  },
});
