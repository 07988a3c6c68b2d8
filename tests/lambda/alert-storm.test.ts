import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { apiCall, identities } from '../support/records';
import { fakeStateTable } from '../support/state-table';
import { BASE_DIMENSIONS, busEvent, handlerFor, invoke, lambdaHarness, stageEnv } from './support';

// An attacker enumerating with denied calls must not page someone once per call: the first alert goes out, repeats by
// the same actor within the window are suppressed and counted (in the shared state table), the findings themselves
// are still counted.
const { sns } = lambdaHarness({ sns: SNSClient });
const TABLE = 'trailguard-test-state';
const table = fakeStateTable(TABLE);
const env = (overrides: Record<string, string> = {}) => stageEnv({ STATE_TABLE: TABLE, ...overrides });
afterAll(() => {
  table.stub.restore();
});
beforeEach(() => {
  table.items.clear();
  table.stub.resetHistory();
  sns.on(PublishCommand).resolves({ MessageId: 'msg-storm' });
});

const denied = (n: number, user = 'mallory', minute = n) =>
  apiCall({
    eventTime: new Date(Date.parse('2026-11-02T09:00:00Z') + minute * 60_000).toISOString().replace('.000Z', 'Z'),
    eventSource: 'iam.amazonaws.com',
    eventName: 'ListUsers',
    eventID: `dddddddd-0000-4000-8000-${String(n).padStart(12, '0')}`,
    userIdentity: identities.iamUser(user),
    errorCode: 'AccessDenied',
    errorMessage: `User: arn:aws:iam::123456789012:user/${user} is not authorized to perform: iam:ListUsers`,
  });

test('a burst of denied calls by one actor alerts once; the rest are counted as suppressed', async () => {
  // Prepare
  const handler = handlerFor('alert', { env: env() });

  // Act
  const runs = [];
  for (let n = 0; n < 5; n++) runs.push(await invoke(handler, busEvent(denied(n), `eb-${n}`)));

  // Assess
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  expect(runs.map((run) => (run.result as { status: string }).status)).toEqual(['alerted', 'suppressed', 'suppressed', 'suppressed', 'suppressed']);
  for (const run of runs.slice(1)) {
    expect(run.metrics).toEqual(expect.arrayContaining([
      { name: 'AlertsSuppressed', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS },
      expect.objectContaining({ name: 'Findings', dimensions: { ...BASE_DIMENSIONS, category: 'unauthorized-api-call', severity: expect.any(String) } }),
    ]));
  }
});

test('after the window, or for another actor, alerts go out again', async () => {
  // Prepare
  const handler = handlerFor('alert', { env: env({ TRAILGUARD_ALERT_DEDUP_MINUTES: '10' }) });

  // Act
  await invoke(handler, busEvent(denied(1)));
  await invoke(handler, busEvent(denied(2, 'eve')));
  const later = await invoke(handler, busEvent(denied(3, 'mallory', 11)));

  // Assess: no repeat was suppressed, so no digest either.
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 3);
  expect(later.result).toMatchObject({ status: 'alerted' });
});

test('a failed publish does not cost the alert: the retried event finds the window it opened and alerts', async () => {
  // Prepare
  const handler = handlerFor('alert', { env: env() });
  sns
    .on(PublishCommand)
    .rejectsOnce(Object.assign(new Error('denied'), { name: 'AuthorizationErrorException', $fault: 'client', $metadata: { httpStatusCode: 403 } }))
    .resolves({ MessageId: 'msg-retry' });
  const event = busEvent(denied(1));

  // Act
  const first = await invoke(handler, event);
  const retry = await invoke(handler, event);

  // Assess
  expect(first.error).toBeDefined();
  expect(retry.result).toMatchObject({ status: 'alerted' });
});

test('TRAILGUARD_ALERT_DEDUP_MINUTES=0 turns suppression off', async () => {
  const handler = handlerFor('alert', { env: env({ TRAILGUARD_ALERT_DEDUP_MINUTES: '0' }) });
  for (let n = 0; n < 3; n++) await invoke(handler, busEvent(denied(n)));
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 3);
  expect(table.stub.calls().filter((call) => JSON.stringify(call.args[0].input).includes('"dedup#'))).toHaveLength(0);
});

test('root creating two access keys alerts twice: the keys are different resources', async () => {
  const handler = handlerFor('alert', { env: env() });
  const rootKey = (n: number) => apiCall({ eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', eventID: `eeeeeeee-0000-4000-8000-00000000000${n}`, userIdentity: identities.root(), responseElements: { accessKey: { accessKeyId: `AKIAEXAMPLEROOTKEY0${n}`, status: 'Active' } } });
  await invoke(handler, busEvent(rootKey(1)));
  await invoke(handler, busEvent(rootKey(2)));
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
});

test('without a state table (sls invoke local) every alert goes out and the table is never called', async () => {
  const handler = handlerFor('alert');
  for (let n = 0; n < 3; n++) await invoke(handler, busEvent(denied(n)));
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 3);
  expect(table.stub.calls().filter((call) => JSON.stringify(call.args[0].input).includes('"dedup#'))).toHaveLength(0);
});
