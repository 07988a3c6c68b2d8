import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import type { RuleDefinition } from '../../lib/rule';
import { RULES } from '../../rules';
import { authorizeSecurityGroup, groupIdFor } from '../support/ec2-records';
import { ACCOUNT, apiCall } from '../support/records';
import { BASE_DIMENSIONS, bodiesOf, busEvent, handlerFor, invoke, lambdaHarness, stageEnv, type Invocation } from './support';

// "Dry-run and staged rules never call a mutating AWS API". The only mutating calls
// trailguard makes are ec2:RevokeSecurityGroupIngress and cloudtrail:StartLogging; neither client may see any
// command at all, while the alert still goes out and says what would have been done.
const { ec2, cloudtrail, sns } = lambdaHarness({ ec2: EC2Client, cloudtrail: CloudTrailClient, sns: SNSClient });

const worldOpenSsh = () =>
  authorizeSecurityGroup({ groupId: groupIdFor('dry-run-web'), permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] });
const stopLogging = () =>
  apiCall({
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events` },
  });

/** The registry with one rule demoted to staged, as a team would ship a rule before promoting it. */
const withStaged = (ruleId: string): RuleDefinition[] =>
  RULES.map((rule) => (rule.id === ruleId ? { ...rule, status: 'staged' as const } : rule));

beforeEach(() => {
  sns.on(PublishCommand).resolves({ MessageId: 'msg-dry-run' });
});

describe('security-group function in a dry-run stage', () => {
  test('a world-open SSH rule: no EC2 call at all, the alert says it would have reverted, outcome dry-run', async () => {
    // Prepare
    const record = worldOpenSsh();
    const handler = handlerFor('security-group', { env: stageEnv({ TRAILGUARD_MODE: 'dry-run' }) });

    // Act
    const run = await invoke(handler, busEvent(record));

    // Assess
    expect(run.error).toBeUndefined();
    expect(ec2).not.toHaveReceivedAnyCommand();
    expect(cloudtrail).not.toHaveReceivedAnyCommand();
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    const { email, sms } = bodiesOf(input.Message);
    expect(email).toContain('Would have revoked exactly the world-open ingress rules the event added (stage test in dry-run mode)');
    expect(email).toContain('Dry-run: nothing was changed.');
    expect(email).toContain('trailguard test (dry-run mode: nothing is ever changed)');
    expect(sms).toContain('dry-run');
    expect(input.Subject).toContain('(dry-run)');
    expect(input.MessageAttributes?.outcome).toEqual({ DataType: 'String', StringValue: 'dry-run' });
    expect(run.result).toMatchObject({
      status: 'alerted',
      findings: [
        { ruleId: 'ec2.sg-open-ingress', action: 'revoke-ingress', status: 'dry-run' },
        { ruleId: 'ec2.sg-change', action: 'none', status: 'not-applicable' },
      ],
    });
  });

  test('emits Remediations with outcome dry-run (and no applied one)', async () => {
    // Prepare
    const handler = handlerFor('security-group', { env: stageEnv({ TRAILGUARD_MODE: 'dry-run' }) });

    // Act
    const run = await invoke(handler, busEvent(worldOpenSsh()));

    // Assess
    const remediations = run.metrics.filter((m) => m.name === 'Remediations');
    expect(remediations).toEqual([
      { name: 'Remediations', namespace: 'Trailguard', value: 1, dimensions: { ...BASE_DIMENSIONS, action: 'revoke-ingress', outcome: 'dry-run' } },
    ]);
    expect(run.logs.find((l) => l.message === 'finding' && l.ruleId === 'ec2.sg-open-ingress')).toMatchObject({
      mode: 'dry-run',
      remediation: { action: 'revoke-ingress', status: 'dry-run', detail: { reason: 'stage is in dry-run mode' } },
    });
  });
});

describe('staged rules in an enforce stage', () => {
  const cases: [string, 'security-group' | 'trail', string, () => ReturnType<typeof apiCall>, string][] = [
    ['ec2.sg-open-ingress', 'security-group', 'revoke-ingress', worldOpenSsh, 'Would have revoked exactly the world-open ingress rules the event added'],
    ['cloudtrail.cloudtrail-tampering', 'trail', 'restart-logging', stopLogging, 'Would have restarted logging on the trail'],
  ];

  describe.each(cases)('%s staged', (ruleId, responder, action, makeRecord, wouldHave) => {
    let run: Invocation;

    beforeEach(async () => {
      // Prepare
      const handler = handlerFor(responder, { rules: withStaged(ruleId), env: stageEnv({ TRAILGUARD_MODE: 'enforce' }) });

      // Act
      run = await invoke(handler, busEvent(makeRecord()));
    });

    test('never calls a mutating API', () => {
      // Assess
      expect(run.error).toBeUndefined();
      expect(ec2).not.toHaveReceivedAnyCommand();
      expect(cloudtrail).not.toHaveReceivedAnyCommand();
    });

    test('alerts that the rule is staged, with outcome dry-run', () => {
      // Assess
      expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
      const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
      const { email } = bodiesOf(input.Message);
      expect(email).toContain(`${wouldHave} (rule ${ruleId} is staged: it only alerts until promoted)`);
      expect(email).toContain('trailguard test (enforce mode: active rules revert)');
      expect(input.MessageAttributes?.outcome?.StringValue).toBe('dry-run');
      expect(run.metrics.filter((m) => m.name === 'Remediations')).toEqual([
        { name: 'Remediations', namespace: 'Trailguard', value: 1, dimensions: { ...BASE_DIMENSIONS, action, outcome: 'dry-run' } },
      ]);
      expect(run.logs.find((l) => l.message === 'finding' && l.ruleId === ruleId)).toMatchObject({
        mode: 'enforce',
        remediation: { action, status: 'dry-run', detail: { reason: 'rule is staged' } },
      });
    });
  });
});
