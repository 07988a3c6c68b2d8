import type { RuleCase } from '../../lib/rule';
import { cloudFormationDeployment, intruder } from '../../tests/support/responder-records';
import { serviceCall } from '../../tests/support/service-records';

// CloudFormation's name for CloudtrailCloudtrailTamperingEventRule in stack trailguard-prod (logical id cut to fit 64).
const RULE = 'trailguard-prod-CloudtrailCloudtrailTamperingEv-1Q2W3E4R5T6Y';
const events = (eventName: string, request: Record<string, unknown>, overrides = {}) =>
  serviceCall('events.amazonaws.com', eventName, request, null, { ...intruder(), ...overrides });

export default [
  {
    name: 'trailguard\'s own EventBridge rule disabled: re-enabled',
    record: events('DisableRule', { name: RULE }),
    matches: true,
    findings: [{ category: 'responder-tampering', severity: 'CRITICAL', resources: [RULE], action: 'enable-event-rule', params: { name: RULE, region: 'us-east-1' } }],
  },
  {
    name: 'disabled on the default bus named explicitly',
    record: events('DisableRule', { name: RULE, eventBusName: 'default' }),
    matches: true,
    findings: [{ action: 'enable-event-rule' }],
  },
  {
    name: 'the rule of a prod function\'s own stage',
    record: events('DisableRule', { name: RULE }),
    context: { stage: 'prod' },
    matches: true,
    findings: [{ action: 'enable-event-rule' }],
  },
  {
    name: 'trailguard\'s rule deleted',
    record: events('DeleteRule', { name: RULE }),
    matches: true,
    findings: [{ resources: [RULE], action: 'none' }],
  },
  {
    name: 'trailguard\'s rule rewritten to match nothing',
    record: events('PutRule', { name: RULE, eventPattern: '{"source":["nothing"]}', state: 'ENABLED' }),
    matches: true,
    findings: [{ resources: [RULE], action: 'none' }],
  },
  {
    name: 'targets removed from trailguard\'s rule',
    record: events('RemoveTargets', { rule: RULE, ids: ['trail'] }),
    matches: true,
    findings: [{ resources: [RULE] }],
  },
  {
    name: 'a prod function ignores the dev stage\'s rule (dev watches its own)',
    record: events('DisableRule', { name: 'trailguard-dev-Ec2SgChangeEventRule-9Z8Y7X6W5V4U' }),
    context: { stage: 'prod' },
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: the stack\'s own deployment updates its rule',
    record: events('PutRule', { name: RULE, eventPattern: '{}', state: 'ENABLED' }, cloudFormationDeployment()),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: another project\'s rule with the prefix (trailguard-reports-nightly)',
    record: events('DisableRule', { name: 'trailguard-reports-nightly' }),
    matches: true,
    findings: [],
  },
  {
    name: 'disabled on a central stage\'s organization bus (by ARN): re-enabled on that bus',
    record: events('DisableRule', { name: RULE, eventBusName: 'arn:aws:events:us-east-1:123456789012:event-bus/trailguard-prod' }),
    context: { stage: 'prod' },
    matches: true,
    findings: [{ action: 'enable-event-rule', params: { name: RULE, region: 'us-east-1', eventBusName: 'trailguard-prod' } }],
  },
  {
    name: 'near miss: the organization bus of another stage',
    record: events('DisableRule', { name: RULE, eventBusName: 'trailguard-dev' }),
    context: { stage: 'prod' },
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: a rule of the same name on a custom bus',
    record: events('DisableRule', { name: RULE, eventBusName: 'orders-bus' }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: disabling failed',
    record: events('DisableRule', { name: RULE }, { errorCode: 'AccessDeniedException', errorMessage: 'not authorized' }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'near miss: a rule of another application disabled',
    record: events('DisableRule', { name: 'orders-nightly-export' }),
    matches: false,
  },
] satisfies readonly RuleCase[];
