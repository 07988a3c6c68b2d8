import type { RuleCase } from '../../lib/rule';
import { ACCOUNT } from '../../tests/support/records';
import { cloudFormationDeployment, intruder } from '../../tests/support/responder-records';
import { serviceCall } from '../../tests/support/service-records';

const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:trailguard-prod-alerts`;
const sns = (eventName: string, request: Record<string, unknown>, overrides = {}) =>
  serviceCall('sns.amazonaws.com', eventName, request, null, { ...intruder(), ...overrides });

export default [
  {
    name: 'an outside address subscribed to the alert topic',
    record: sns('Subscribe', { topicArn: TOPIC, protocol: 'email', endpoint: 'someone@example.net', returnSubscriptionArn: true }),
    matches: true,
    findings: [{ category: 'responder-tampering', severity: 'CRITICAL', resources: [TOPIC], action: 'none' }],
  },
  {
    name: 'the SMS subscription removed',
    record: sns('Unsubscribe', { subscriptionArn: `${TOPIC}:0b6c1a2e-8d44-4c1f-9c0d-2f3e4a5b6c7d` }),
    matches: true,
    findings: [{ resources: [`${TOPIC}:0b6c1a2e-8d44-4c1f-9c0d-2f3e4a5b6c7d`] }],
  },
  {
    name: 'the SMS filter policy changed to let nothing through',
    record: sns('SetSubscriptionAttributes', { subscriptionArn: `${TOPIC}:0b6c1a2e-8d44-4c1f-9c0d-2f3e4a5b6c7d`, attributeName: 'FilterPolicy', attributeValue: '{"severity":["NONE"]}' }),
    matches: true,
    findings: [{ severity: 'CRITICAL' }],
  },
  {
    name: 'the alarm topic deleted',
    record: sns('DeleteTopic', { topicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:trailguard-prod-alarms` }),
    matches: true,
    findings: [{ resources: [`arn:aws:sns:us-east-1:${ACCOUNT}:trailguard-prod-alarms`] }],
  },
  {
    name: 'encryption of the alert topic turned off',
    record: sns('SetTopicAttributes', { topicArn: TOPIC, attributeName: 'KmsMasterKeyId', attributeValue: '' }),
    matches: true,
    findings: [{ resources: [TOPIC] }],
  },
  {
    name: 'near miss: the stack\'s deployment subscribes the alert email',
    record: sns('Subscribe', { topicArn: TOPIC, protocol: 'email', endpoint: 'secops@example.com' }, cloudFormationDeployment()),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: a same-prefix topic of another project (trailguard-reports)',
    record: sns('DeleteTopic', { topicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:trailguard-reports` }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: subscribing failed',
    record: sns('Subscribe', { topicArn: TOPIC, protocol: 'email', endpoint: 'someone@example.net' }, { errorCode: 'AuthorizationError', errorMessage: 'not authorized' }),
    matches: false,
  },
  {
    name: 'near miss: another application\'s topic',
    record: sns('DeleteTopic', { topicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:orders-events` }),
    matches: false,
  },
] satisfies readonly RuleCase[];
