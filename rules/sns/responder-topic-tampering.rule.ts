import { fieldText, request } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { SERVICE_PREFIX, actorDid, isCloudFormationDeployment, isOwnTopicName, tamperingFacts, topicNameOf } from '../../lib/own-resources';
import { defineRule, type FindingDraft, type RuleContext } from '../../lib/rule';

const WHAT: Record<string, string> = {
  DeleteTopic: 'deleted',
  SetTopicAttributes: 'changed the settings (policy, encryption, delivery) of',
  AddPermission: 'granted access to',
  RemovePermission: 'removed a policy statement from',
  PutDataProtectionPolicy: 'set a data protection policy on',
  Subscribe: 'subscribed an endpoint to',
  Unsubscribe: 'removed a subscription from',
  SetSubscriptionAttributes: 'changed a subscription (filter, delivery) of',
};

/** The topic a call is about, whichever of its three ARN fields it uses. */
const topicArnOf = (record: CloudTrailRecord): string | undefined =>
  fieldText(request(record, 'topicArn'), 300) ?? fieldText(request(record, 'subscriptionArn'), 300) ?? fieldText(request(record, 'resourceArn'), 300);

/**
 * trailguard's alert and alarm topics, and their subscriptions, changed by anyone but its deployment: who receives
 * the alerts (a subscription added is a copy of every alert for someone; one removed or filtered is silence).
 */
const classify = (record: CloudTrailRecord, context: RuleContext): FindingDraft | null => {
  if (!succeeded(record)) return null;
  const what = WHAT[record.eventName];
  if (what === undefined) return null;
  const arn = topicArnOf(record);
  const topic = topicNameOf(arn);
  if (!isOwnTopicName(topic, context) || isCloudFormationDeployment(record)) return null;
  const endpoint = fieldText(request(record, 'endpoint'), 200);
  const protocol = fieldText(request(record, 'protocol'));
  const attribute = fieldText(request(record, 'attributeName'));
  return {
    resources: [arn!],
    summary: actorDid(record, `${what} trailguard's topic ${topic}`),
    facts: {
      ...tamperingFacts(record, `SNS topic ${topic}`),
      ...(endpoint ? { Endpoint: `${protocol ?? '?'}: ${endpoint}` } : {}),
      ...(attribute ? { Attribute: attribute } : {}),
    },
  };
};

const TOPIC_ARN = [{ wildcard: `arn:aws*:sns:*:*:${SERVICE_PREFIX}*` }];

export default defineRule({
  id: 'sns.responder-topic-tampering',
  title: 'trailguard alert topic or subscription changed',
  description: 'Alerts reach people only through these topics: a change can silence them, or copy every alert to someone else.',
  category: 'responder-tampering',
  severity: 'CRITICAL',
  status: 'active',
  // With the other responder-tampering rules: one function watches trailguard itself.
  responder: 'self-protection',
  pattern: apiCallPattern('sns', Object.keys(WHAT), {
    $or: [
      { requestParameters: { topicArn: TOPIC_ARN } },
      { requestParameters: { subscriptionArn: TOPIC_ARN } },
      { requestParameters: { resourceArn: TOPIC_ARN } },
    ],
  }),
  classify,
  guidance:
    'Check the topic\'s subscriptions and policy (`aws sns list-subscriptions-by-topic`), remove what nobody owns, and ' +
    'redeploy the stack (`sls deploy --stage <stage>`) to restore its settings.',
  references: {
    mitre: ['T1562.001', 'T1537'],
    links: ['https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html'],
  },
});
