import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { DEDUP_MAX_ATTEMPTS } from '../../lib/alert/dedup-store';
import { apiCall, identities } from '../support/records';
import { fakeStateTable, serviceError } from '../support/state-table';
import { BASE_DIMENSIONS, busEvent, handlerFor, invoke, lambdaHarness, stageEnv } from './support';

// Dedup never costs an alert: when the state table cannot be used, every event alerts (repeats included), and the
// failure is logged with its AWS error code and counted as DedupErrors (the dashboard's dedup widget).
const { sns } = lambdaHarness({ sns: SNSClient });
const TABLE = 'trailguard-test-state';
const table = fakeStateTable(TABLE);
afterAll(() => {
  sns.restore();
  table.stub.restore();
});
beforeEach(() => {
  table.items.clear();
  table.stub.resetHistory();
  table.before = undefined;
  sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
});

const denied = (n: number) =>
  apiCall({
    eventSource: 'iam.amazonaws.com',
    eventName: 'ListUsers',
    eventID: `dddddddd-0000-4000-8000-${String(n).padStart(12, '0')}`,
    eventTime: `2026-11-02T09:0${n}:00Z`,
    userIdentity: identities.iamUser('mallory'),
    errorCode: 'AccessDenied',
    errorMessage: 'User: arn:aws:iam::123456789012:user/mallory is not authorized to perform: iam:ListUsers',
  });

const FAILURES: readonly [string, () => Error, string][] = [
  ['throttled reads', () => serviceError('ThrottlingException', 400, 'Rate of requests exceeds the allowed throughput.'), 'ThrottlingException'],
  ['throttled writes', () => serviceError('ProvisionedThroughputExceededException', 400), 'ProvisionedThroughputExceededException'],
  ['access denied', () => serviceError('AccessDeniedException', 400, 'User is not authorized to perform: dynamodb:GetItem'), 'AccessDeniedException'],
  ['an unreachable endpoint', () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' }), 'ECONNREFUSED'],
];

test.each(FAILURES)('%s: three repeats all alert, each logs and counts the dedup error', async (label, error, code) => {
  // Prepare: reads fail, except for throttled writes, where the reads work and the writes fail.
  table.before = (command) => {
    if (label === 'throttled writes' ? command === 'PutItem' : command === 'GetItem') throw error();
  };
  const handler = handlerFor('alert', { env: stageEnv({ STATE_TABLE: TABLE }) });

  // Act
  const runs = [];
  for (let n = 1; n <= 3; n++) runs.push(await invoke(handler, busEvent(denied(n))));

  // Assess
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 3);
  for (const run of runs) {
    expect(run.result).toMatchObject({ status: 'alerted' });
    expect(run.metrics).toContainEqual({ name: 'DedupErrors', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS });
    expect(run.metrics.map((m) => m.name)).not.toContain('AlertsSuppressed');
    expect(run.logs).toContainEqual(
      expect.objectContaining({ level: 'ERROR', message: 'alert dedup failed: alerting anyway (dedup never costs an alert)', reason: code, table: TABLE }),
    );
  }
});

test('writers that keep losing the conditional write give up after a bounded number of rounds and alert', async () => {
  // Prepare: every write finds the item changed since it was read.
  table.before = (command) => {
    if (command === 'PutItem') throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } });
  };
  const handler = handlerFor('alert', { env: stageEnv({ STATE_TABLE: TABLE }) });

  // Act
  const run = await invoke(handler, busEvent(denied(1)));

  // Assess
  expect(run.result).toMatchObject({ status: 'alerted' });
  // Only the dedup's own items count: the idempotency records live in the same table.
  const dedupCalls = (command: typeof GetItemCommand | typeof PutItemCommand) =>
    table.stub.commandCalls(command as typeof GetItemCommand).filter((call) => JSON.stringify(call.args[0].input).includes('"dedup#'));
  expect(dedupCalls(GetItemCommand)).toHaveLength(DEDUP_MAX_ATTEMPTS);
  expect(dedupCalls(PutItemCommand)).toHaveLength(DEDUP_MAX_ATTEMPTS);
  expect(run.logs).toContainEqual(expect.objectContaining({ level: 'ERROR', reason: `still racing other writers after ${DEDUP_MAX_ATTEMPTS} attempts` }));
  expect(run.metrics).toContainEqual({ name: 'DedupErrors', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS });
});

test('a malformed item is replaced (still conditioned on its version), not trusted and not fatal', async () => {
  // Prepare: the first event opens the window; then someone overwrites the item with garbage.
  const handler = handlerFor('alert', { env: stageEnv({ STATE_TABLE: TABLE }) });
  await invoke(handler, busEvent(denied(1)));
  const [id, item] = [...table.items.entries()][0]!;
  table.items.set(id, { ...item, window: { S: '{"eventId": 7}' } });

  // Act
  const run = await invoke(handler, busEvent(denied(2)));

  // Assess: no window to be a repeat of, so it alerts and opens a new one.
  expect(run.result).toMatchObject({ status: 'alerted' });
  expect(JSON.parse(table.items.get(id)!.window!.S!)).toMatchObject({ eventId: denied(2).eventID, suppressed: 0 });
  expect(table.items.get(id)!.version!.N).toBe('2');
});

test('a stored digest that is incomplete is dropped: the retried opener still alerts, without it', async () => {
  // Prepare: event 1 opened the window; its stored digest lost its repeats (a hand edit).
  const handler = handlerFor('alert', { env: stageEnv({ STATE_TABLE: TABLE }) });
  await invoke(handler, busEvent(denied(1)));
  const [id, item] = [...table.items.entries()][0]!;
  const window = JSON.parse(item.window!.S!);
  table.items.set(id, { ...item, window: { S: JSON.stringify({ ...window, openedWith: { eventId: 'e-0', severity: 'MEDIUM', opensAt: 0, at: 1, suppressed: 2 } }) } });
  sns.resetHistory();

  // Act
  const retry = await invoke(handler, busEvent(denied(1)));

  // Assess
  expect(retry.result).toMatchObject({ status: 'alerted' });
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  expect(sns.commandCalls(PublishCommand)[0]!.args[0].input.Subject).not.toContain('digest');
});
