import { DescribeRuleCommand, EnableRuleCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DeleteRoleCommand, GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand, ListInstanceProfilesForRoleCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { globalCall, serviceCall } from '../support/service-records';
import { identities, responderPrincipal } from '../support/records';
import { intruder } from '../support/responder-records';
import { BASE_DIMENSIONS, bodiesOf, busEvent, context, handlerFor, invoke, lambdaHarness, stageEnv } from './support';

// The selfProtection function of stage `test`: someone disables one of its EventBridge rules, or creates a role
// named like it. In enforce it undoes both and sends one CRITICAL alert; its own calls stop at the loop guard.
const { events, iam, sns } = lambdaHarness({ events: EventBridgeClient, iam: IAMClient, sns: SNSClient });

const RULE = 'trailguard-test-Ec2SgOpenIngressEventRule-1A2B3C4D5E6F';
const CONTEXT = context('trailguard-test-selfProtection');
const OWN = responderPrincipal('test', 'selfProtection');
const disableRule = (userIdentity = intruder().userIdentity) =>
  serviceCall('events.amazonaws.com', 'DisableRule', { name: RULE }, null, { ...intruder(), userIdentity });
const createBackdoor = () =>
  globalCall('iam.amazonaws.com', 'CreateRole', { roleName: 'trailguard-backdoor', assumeRolePolicyDocument: '{}' }, null, intruder());

beforeEach(() => {
  sns.on(PublishCommand).resolves({ MessageId: 'msg-self' });
  events.on(DescribeRuleCommand).resolves({ Name: RULE, State: 'DISABLED', Description: 'trailguard ec2.sg-open-ingress: Security group opened to the internet' });
  events.on(EnableRuleCommand).resolves({});
});

describe('responder-tampering in an enforce stage', () => {
  test('its own EventBridge rule disabled: EnableRule, one CRITICAL alert that says it was re-enabled', async () => {
    // Prepare
    const handler = handlerFor('self-protection', { env: stageEnv({ TRAILGUARD_OWN_PRINCIPALS: OWN }) });
    const record = disableRule();

    // Act
    const run = await invoke(handler, busEvent(record), CONTEXT);

    // Assess
    expect(run.error).toBeUndefined();
    expect(events).toHaveReceivedCommandWith(EnableRuleCommand, { Name: RULE });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const publish = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(publish.MessageAttributes?.severity?.StringValue).toBe('CRITICAL');
    expect(publish.Subject!.length).toBeLessThan(100);
    const { email } = bodiesOf(publish.Message);
    expect(email).toContain(RULE);
    expect(email).toContain('turned the responder\'s EventBridge rule back on');
    expect(run.metrics).toContainEqual({ name: 'Remediations', namespace: 'Trailguard', value: 1, dimensions: { ...BASE_DIMENSIONS, action: 'enable-event-rule', outcome: 'applied' } });
    expect(run.metrics).toContainEqual({ name: 'Findings', namespace: 'Trailguard', value: 1, dimensions: { ...BASE_DIMENSIONS, category: 'responder-tampering', severity: 'CRITICAL' } });
  });

  test('a role named trailguard-backdoor: deleted, and the alert says what was removed', async () => {
    // Prepare
    iam.on(GetRoleCommand).resolves({ Role: { RoleName: 'trailguard-backdoor', Path: '/', Arn: 'arn:aws:iam::123456789012:role/trailguard-backdoor', RoleId: 'AROAEXAMPLEBACKDOOR01', CreateDate: new Date(), AssumeRolePolicyDocument: '%7B%7D' } });
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
    iam.on(ListInstanceProfilesForRoleCommand).resolves({ InstanceProfiles: [] });
    iam.on(DeleteRoleCommand).resolves({});
    const handler = handlerFor('self-protection', { env: stageEnv({ TRAILGUARD_OWN_PRINCIPALS: OWN }) });

    // Act
    const run = await invoke(handler, busEvent(createBackdoor()), CONTEXT);

    // Assess
    expect(run.error).toBeUndefined();
    expect(iam).toHaveReceivedCommandWith(DeleteRoleCommand, { RoleName: 'trailguard-backdoor' });
    const { email } = bodiesOf(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message);
    expect(email).toContain('deleted role /trailguard-backdoor');
    expect(email).toContain('create-role --role-name <new-name>');
  });

  test('its own role re-enabling the rule (the revert it just made) stops at the loop guard', async () => {
    // Prepare
    const handler = handlerFor('self-protection', { env: stageEnv({ TRAILGUARD_OWN_PRINCIPALS: OWN }) });
    const record = disableRule(identities.responder('test', 'selfProtection'));

    // Act
    const run = await invoke(handler, busEvent(record), CONTEXT);

    // Assess
    expect(run.result).toEqual({ status: 'own-event', eventId: record.eventID });
    expect(events).not.toHaveReceivedAnyCommand();
    expect(sns).not.toHaveReceivedAnyCommand();
  });
});

describe('responder-tampering in a dry-run stage', () => {
  test('the rule disabled: alerted, no EventBridge call at all', async () => {
    // Prepare
    const handler = handlerFor('self-protection', { env: stageEnv({ TRAILGUARD_MODE: 'dry-run' }) });

    // Act
    const run = await invoke(handler, busEvent(disableRule()), CONTEXT);

    // Assess
    expect(run.error).toBeUndefined();
    expect(events).not.toHaveReceivedAnyCommand();
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input.MessageAttributes?.outcome?.StringValue).toBe('dry-run');
  });
});
