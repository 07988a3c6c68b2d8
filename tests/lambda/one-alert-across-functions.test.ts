import { CloudTrailClient, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { Engine } from '../../lib/engine';
import { RESPONDERS } from '../../lib/functions';
import { responderOf } from '../../lib/routing';
import { alertOwner, remediates } from '../../lib/routing';
import { RESPONDER_IDS, type ResponderId } from '../../lib/functions';
import { RULES } from '../../rules';
import { RULE_CASES } from '../../rules/cases';
import { BASE_DIMENSIONS, bodiesOf, busEvent, context, handlerFor, invoke, lambdaHarness, stageEnv } from './support';
import { STATE_TABLE, fakeStateTable } from './state-table';

// EventBridge invokes every function a matching rule targets. Root stopping a trail matches
// cloudtrail.cloudtrail-tampering (trail function, which restarts logging) and account.root-activity (alert
// function): both used to alert. Now the function that owns the event (lib/routing.ts) sends one alert with every
// finding, and the other stays silent.
const { cloudtrail, sns } = lambdaHarness({ cloudtrail: CloudTrailClient, sns: SNSClient });

const table = fakeStateTable();
const rootStopsLogging = RULE_CASES['account.root-activity']!.find((c) => c.alsoFiredBy?.includes('cloudtrail.cloudtrail-tampering'))!.record;

beforeEach(() => {
  cloudtrail.on(StartLoggingCommand).resolves({ $metadata: { requestId: 'req-start' } });
  sns.on(PublishCommand).resolves({ MessageId: 'msg-trail' });
});

describe('root stops a trail: the trail and alert functions are both invoked', () => {
  test('one alert, from the trail function, with both findings; the alert function stays silent', async () => {
    // Prepare
    const trail = handlerFor('trail');
    const alert = handlerFor('alert');

    // Act
    const fromTrail = await invoke(trail, busEvent(rootStopsLogging, 'eb-trail-rule'), context('trailguard-test-trail'));
    const fromAlert = await invoke(alert, busEvent(rootStopsLogging, 'eb-root-rule'), context('trailguard-test-alert'));

    // Assess
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(cloudtrail).toHaveReceivedCommandTimes(StartLoggingCommand, 1);
    expect(fromTrail.result).toMatchObject({ status: 'alerted' });
    expect((fromTrail.result as { findings: unknown[] }).findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: 'cloudtrail.cloudtrail-tampering', status: 'applied' }),
        expect.objectContaining({ ruleId: 'account.root-activity', action: 'none' }),
      ]),
    );
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    const email = bodiesOf(input.Message).email;
    expect(email).toContain('cloudtrail.cloudtrail-tampering');
    expect(email).toContain('account.root-activity');
    expect(fromAlert.error).toBeUndefined();
    expect(fromAlert.result).toEqual({ status: 'routed', eventId: rootStopsLogging.eventID, owner: 'trail' });
    expect(fromAlert.metrics).toContainEqual({ name: 'EventsRouted', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS });
    // Findings are counted once, by the function that reports them.
    expect(fromAlert.metrics.map((m) => m.name)).not.toContain('Findings');
    expect(fromTrail.metrics.filter((m) => m.name === 'Findings')).toHaveLength(2);
  });
});

describe('root creates an access key: two rules of the alert function, two deliveries', () => {
  test('one alert holding both findings (root-access-key and root-activity)', async () => {
    // Prepare
    const record = RULE_CASES['account.root-activity']!.find((c) => c.alsoFiredBy?.includes('iam.root-access-key'))!.record;
    const env = stageEnv({ STATE_TABLE, AWS_LAMBDA_FUNCTION_NAME: 'trailguard-test-alert' });
    const alert = handlerFor('alert', { env });
    table.items.clear();

    // Act: IamRootAccessKeyEventRule's delivery, then AccountRootActivityEventRule's.
    const first = await invoke(alert, busEvent(record, 'eb-root-access-key-rule'), context('trailguard-test-alert'));
    const second = await invoke(alert, busEvent(record, 'eb-root-activity-rule'), context('trailguard-test-alert'));

    // Assess
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect((first.result as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId).sort()).toEqual(['account.root-activity', 'iam.root-access-key']);
    expect(second.result).toEqual(first.result);
    expect(JSON.parse(sns.commandCalls(PublishCommand)[0]!.args[0].input.MessageAttributes!.ruleId!.StringValue!)).toEqual(
      expect.arrayContaining(['account.root-activity', 'iam.root-access-key']),
    );
  });
});

describe('the catalogue: every rule case gives at most one alerting function', () => {
  const engine = new Engine({ rules: RULES });
  const cases = Object.entries(RULE_CASES).flatMap(([ruleId, list]) => list.filter((c) => c.matches).map((c) => [`${ruleId}: ${c.name}`, c.record] as const));

  test.each(cases)('%s', (_name, record) => {
    const { matchedRules } = engine.evaluateRecord(record);
    const invoked = new Set<ResponderId>(matchedRules.map(responderOf));
    const owner = alertOwner(matchedRules);
    // A function alerts when it owns the event, or when it has a remediation of its own to run.
    const alerting = RESPONDER_IDS.filter(
      (id) => invoked.has(id) && (id === owner || matchedRules.some((rule) => responderOf(rule) === id && remediates(rule))),
    );
    expect(alerting.length).toBeLessThanOrEqual(1);
    if (invoked.size > 0) expect(alerting).toEqual([owner]);
  });

  test('the owner is a function with a remediating rule when one matched', () => {
    const sg = RULES.find((rule) => rule.id === 'ec2.sg-open-ingress')!;
    const root = RULES.find((rule) => rule.id === 'account.root-activity')!;
    expect(alertOwner([root, sg])).toBe('security-group');
    expect(alertOwner([root])).toBe('alert');
    expect(alertOwner([])).toBeUndefined();
    expect(RESPONDERS[alertOwner([sg, root])!].functionName).toBe('securityGroup');
  });
});
