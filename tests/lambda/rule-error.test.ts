import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { ResponseFailedError, RuleError } from '../../lib/errors';
import type { RuleDefinition } from '../../lib/rule';
import { RULES } from '../../rules';
import { authorizeSecurityGroup, groupIdFor } from '../support/ec2-records';
import { BASE_DIMENSIONS, bodiesOf, busEvent, handlerFor, invoke, lambdaHarness } from './support';

// A rule that throws must not take the event's other findings down with it, nor pass silently: the other rules
// still revert and alert, RuleErrors is counted, and the invocation rejects so the event is retried/dead-lettered.
const { ec2, sns } = lambdaHarness({ ec2: EC2Client, sns: SNSClient });

const sgChange = RULES.find((rule) => rule.id === 'ec2.sg-change')!;
/** Same pattern and function as sg-change (so it sees the same events), but its classifier throws. */
const broken: RuleDefinition = {
  ...sgChange,
  id: 'ec2.broken-for-test',
  classify: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'items')");
  },
};

const worldOpenSsh = () => authorizeSecurityGroup({ groupId: groupIdFor('rule-error'), permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] });

beforeEach(() => {
  ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
  sns.on(PublishCommand).resolves({ MessageId: 'msg-rule-error' });
});

test('the other rules still revert and alert; RuleErrors is counted; the handler then rejects', async () => {
  // Prepare
  const record = worldOpenSsh();
  const handler = handlerFor('security-group', { rules: [...RULES, broken] });

  // Act
  const run = await invoke(handler, busEvent(record));

  // Assess
  expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
  expect(JSON.parse(input.MessageAttributes!.ruleId!.StringValue!)).toEqual(['ec2.sg-open-ingress', 'ec2.sg-change']);
  // The time comes from the outcome recorded before the alert (state table), so a retry tells the same.
  expect(bodiesOf(input.Message).email).toMatch(/Reverted at \d\d:\d\d:\d\dZ on \d{4}-\d\d-\d\d: trailguard /);
  expect(bodiesOf(input.Message).email).toContain(': trailguard revoked');
  expect(run.metrics).toContainEqual({ name: 'RuleErrors', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS });
  expect(run.logs.filter((line) => line.level === 'ERROR')).toEqual([
    expect.objectContaining({ message: 'rule failed', ruleId: 'ec2.broken-for-test' }),
  ]);
  expect(run.error).toBeInstanceOf(ResponseFailedError);
  const failures = ((run.error as ResponseFailedError).cause as AggregateError).errors;
  expect(failures).toHaveLength(1);
  expect(failures[0]).toBeInstanceOf(RuleError);
  expect((failures[0] as RuleError).ruleId).toBe('ec2.broken-for-test');
});

test('when the throwing rule is the only one that matches: no alert, RuleErrors counted, the handler rejects', async () => {
  // Prepare
  const handler = handlerFor('security-group', { rules: [broken] });

  // Act
  const run = await invoke(handler, busEvent(worldOpenSsh()));

  // Assess
  expect(ec2).not.toHaveReceivedAnyCommand();
  expect(sns).not.toHaveReceivedAnyCommand();
  expect(run.metrics).toEqual([{ name: 'RuleErrors', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS }]);
  expect(run.error).toBeInstanceOf(ResponseFailedError);
  expect((run.error as Error).message).toContain('rule ec2.broken-for-test failed');
});
