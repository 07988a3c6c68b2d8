import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { createHandler } from '../../lib/lambda/create-handler';
import { apiCall, identities } from '../support/records';
import { fakeStateTable } from '../support/state-table';
import { SMS_DISPLAY_PREFIX } from '../../lib/alert/sms';
import { BASE_DIMENSIONS, bodiesOf, busEvent, gsm7Septets, handlerFor, invoke, isSnsSubject, lambdaHarness, stageEnv } from './support';

// Leading edge, then digest: the first event of a key alerts, its repeats within the window are counted, and the
// key's next event after the window closed alerts with one digest of them (count, span, first and last eventID).
const { sns } = lambdaHarness({ sns: SNSClient });
const TABLE = 'trailguard-test-state';
const table = fakeStateTable(TABLE);
afterAll(() => {
  sns.restore();
  table.stub.restore();
});
beforeEach(() => {
  table.items.clear();
  sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
});

const eventId = (n: number) => `dddddddd-0000-4000-8000-${String(n).padStart(12, '0')}`;
const denied = (n: number, minute: number) =>
  apiCall({
    eventSource: 'iam.amazonaws.com',
    eventName: 'ListUsers',
    eventID: eventId(n),
    eventTime: new Date(Date.parse('2026-11-02T09:00:00Z') + minute * 60_000).toISOString().replace('.000Z', 'Z'),
    userIdentity: identities.iamUser('mallory'),
    errorCode: 'AccessDenied',
    errorMessage: 'User: arn:aws:iam::123456789012:user/mallory is not authorized to perform: iam:ListUsers',
  });

/** The opening alert at 09:00, repeats at 09:02, 09:07 and 09:14 (window 15 minutes). */
const burst = async (handler: ReturnType<typeof createHandler>) => {
  for (const [n, minute] of [[1, 0], [2, 2], [3, 7], [4, 14]] as const) await invoke(handler, busEvent(denied(n, minute), `eb-${n}`));
};

test('the next event after the window alerts, and one digest says how many, over what time, first and last eventID', async () => {
  // Prepare
  const handler = handlerFor('alert', { env: stageEnv({ STATE_TABLE: TABLE }) });
  await burst(handler);
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);

  // Act
  const next = await invoke(handler, busEvent(denied(5, 31), 'eb-5'));

  // Assess
  expect(next.result).toMatchObject({ status: 'alerted' });
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 3);
  const digest = sns.commandCalls(PublishCommand)[2]!.args[0].input;
  expect(digest.Subject).toBe('[trailguard test] digest: 3 repeats of MEDIUM unauthorized-api-call ListUsers by mallory');
  expect(digest.MessageAttributes).toMatchObject({
    kind: { DataType: 'String', StringValue: 'digest' },
    severity: { DataType: 'String', StringValue: 'MEDIUM' },
    ruleId: { DataType: 'String.Array', StringValue: '["account.unauthorized-api-call"]' },
    account: { DataType: 'String', StringValue: '123456789012' },
  });
  const { email, sms } = bodiesOf(digest.Message);
  expect(email).toContain(`3 repeats of the alert sent for CloudTrail event ${eventId(1)} were not sent on their own`);
  expect(email).toContain(`First repeat:    ${eventId(2)} at 2026-11-02 09:02:00 UTC`);
  expect(email).toContain(`Last repeat:     ${eventId(4)} at 2026-11-02 09:14:00 UTC`);
  expect(email).toContain('Window:          2026-11-02T09:00:00Z to 2026-11-02T09:15:00Z');
  expect(sms).toBe('MEDIUM unauthorized-api-call: 3 repeats suppressed ListUsers by mallory 09:02Z-09:14Z - acct 123456789012 - trailguard test');
  expect(gsm7Septets(SMS_DISPLAY_PREFIX + sms)).toBeLessThanOrEqual(160);
  expect(isSnsSubject(digest.Subject)).toBe(true);
  expect(next.metrics).toContainEqual({ name: 'AlertDigests', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS });
  expect(next.logs).toContainEqual(expect.objectContaining({ message: 'dedup digest published', suppressed: 3 }));
});

test('a window without repeats owes no digest, and a digest goes out once', async () => {
  // Prepare
  const handler = handlerFor('alert', { env: stageEnv({ STATE_TABLE: TABLE }) });
  await invoke(handler, busEvent(denied(1, 0)));
  await invoke(handler, busEvent(denied(2, 20)));
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
  await invoke(handler, busEvent(denied(3, 21)));

  // Act: the window of 09:20 closed with one repeat; the one after that had none.
  await invoke(handler, busEvent(denied(4, 40)));
  await invoke(handler, busEvent(denied(5, 60)));

  // Assess
  const subjects = sns.commandCalls(PublishCommand).map((call) => call.args[0].input.Subject);
  expect(subjects.filter((s) => s?.includes('digest'))).toEqual(['[trailguard test] digest: 1 repeat of MEDIUM unauthorized-api-call ListUsers by mallory']);
  expect(subjects).toHaveLength(5);
});

test('a digest that cannot be published fails the event; the retry sends the alert and the digest again', async () => {
  // Prepare
  const handler = handlerFor('alert', { env: stageEnv({ STATE_TABLE: TABLE }) });
  await burst(handler);
  sns.reset();
  sns
    .on(PublishCommand)
    .resolvesOnce({ MessageId: 'alert' })
    .rejectsOnce(Object.assign(new Error('KMS key disabled'), { name: 'KMSDisabledException', $fault: 'client', $metadata: { httpStatusCode: 400 } }))
    .resolves({ MessageId: 'retried' });
  const event = busEvent(denied(5, 31));

  // Act
  const first = await invoke(handler, event);
  const retry = await invoke(handler, event);

  // Assess
  expect(first.error).toBeDefined();
  expect(first.metrics.map((m) => m.name)).toContain('AlertsFailed');
  expect(retry.result).toMatchObject({ status: 'alerted' });
  const subjects = sns.commandCalls(PublishCommand).map((call) => call.args[0].input.Subject ?? '');
  expect(subjects.map((s) => s.includes('digest: 3 repeats'))).toEqual([false, true, false, true]);
});

test('with alerts going to the log (sls invoke local), the digest is logged too', async () => {
  // Prepare
  const handler = handlerFor('alert', { env: stageEnv({ STATE_TABLE: TABLE, TRAILGUARD_ALERT_TOPIC_ARN: 'log' }) });
  await burst(handler);

  // Act
  const next = await invoke(handler, busEvent(denied(5, 31)));

  // Assess
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  expect(next.logs).toContainEqual(expect.objectContaining({ message: 'dedup digest written to the log, not published', subject: expect.stringContaining('digest: 3 repeats') }));
});
