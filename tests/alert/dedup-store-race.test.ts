import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import 'aws-sdk-client-mock-jest';
import { StateTableDedup, dedupItemId, DEDUP_RETAIN_MS } from '../../lib/alert/dedup-store';
import { alertCandidate } from '../../lib/alert/dedup-window';
import type { Finding } from '../../lib/finding';
import { logger, metrics } from '../../lib/lambda/powertools';
import { fakeStateTable } from '../support/state-table';

// Containers share one table: a key's first event alerts once however many containers race on it; the losers
// of the conditional write re-read and count a repeat.
const TABLE = 'trailguard-test-state';
const table = fakeStateTable(TABLE);
afterAll(() => table.stub.restore());
beforeEach(() => {
  table.stub.resetHistory();
  table.items.clear();
  table.before = undefined;
});

const WINDOW = 15 * 60_000;
const T0 = Date.UTC(2026, 10, 2, 9, 0);
const finding = (n: number, minute: number): Finding => ({
  type: 'finding',
  eventId: `e-${n}`,
  eventName: 'ListUsers',
  eventTime: new Date(T0 + minute * 60_000).toISOString(),
  account: '123456789012',
  region: 'us-east-1',
  ruleId: 'account.unauthorized-api-call',
  category: 'unauthorized-api-call',
  severity: 'MEDIUM',
  actor: 'arn:aws:iam::123456789012:user/mallory',
  sourceIp: '192.0.2.10',
  resources: [],
  remediation: { action: 'none', status: 'not-applicable', detail: {} },
  summary: 'mallory was denied ListUsers',
});
const candidate = (n: number, minute: number) => alertCandidate([finding(n, minute)])!;
const container = () => new StateTableDedup({ tableName: TABLE, client: () => new DynamoDBClient({ region: 'us-east-1' }), windowMs: WINDOW, logger, metrics });

test('two containers deciding the same key at once: one alerts, the other counts a repeat', async () => {
  // Prepare: both read before either writes (the barrier), as two Lambda containers would.
  let reads = 0;
  let release: () => void = () => undefined;
  const bothRead = new Promise<void>((resolve) => (release = resolve));
  table.before = async (command) => {
    if (command !== 'GetItem' || reads >= 2) return;
    reads++;
    if (reads === 2) release();
    await bothRead;
  };

  // Act
  const decisions = await Promise.all([container().decide(candidate(1, 0), new Date(T0)), container().decide(candidate(2, 0), new Date(T0))]);

  // Assess
  expect(decisions.map((d) => d.alert).sort()).toEqual([false, true]);
  expect(table.stub).toHaveReceivedCommandTimes(PutItemCommand, 3);
  const stored = table.items.get(dedupItemId(candidate(1, 0).key!))!;
  const window = JSON.parse(stored.window!.S!);
  expect(window).toMatchObject({ suppressed: 1, opensAt: T0, closesAt: T0 + WINDOW });
  expect(stored.version!.N).toBe('2');
  expect(Number(stored.expiration!.N)).toBe(Math.ceil((T0 + WINDOW + DEDUP_RETAIN_MS) / 1000));
});

test('reads are consistent and writes conditioned on the version read', async () => {
  // Act
  await container().decide(candidate(1, 0), new Date(T0));
  await container().decide(candidate(2, 1), new Date(T0));

  // Assess
  expect(table.stub).toHaveReceivedCommandWith(GetItemCommand, { TableName: TABLE, ConsistentRead: true });
  expect(table.stub).toHaveReceivedNthSpecificCommandWith(1, PutItemCommand, { ConditionExpression: 'attribute_not_exists(id)' });
  expect(table.stub).toHaveReceivedNthSpecificCommandWith(2, PutItemCommand, {
    ConditionExpression: 'version = :version',
    ExpressionAttributeValues: { ':version': { N: '1' } },
  });
  expect(table.stub.commandCalls(PutItemCommand).map((call) => call.args[0].input.Item!.id!.S)).toEqual([
    expect.stringMatching(/^dedup#[A-Za-z0-9_-]{43}$/),
    expect.stringMatching(/^dedup#/),
  ]);
});

test('after the window the next event alerts with the digest: count, first and last repeat', async () => {
  // Prepare
  const dedup = container();
  for (const [n, minute] of [[1, 0], [2, 3], [3, 9], [4, 14]] as const) await dedup.decide(candidate(n, minute), new Date(T0));

  // Act
  const next = await container().decide(candidate(5, 20), new Date(T0));

  // Assess
  expect(next.alert).toBe(true);
  expect(next.digest).toMatchObject({
    eventId: 'e-1',
    suppressed: 3,
    opensAt: T0,
    at: T0 + WINDOW,
    firstRepeat: { eventId: 'e-2', at: T0 + 3 * 60_000 },
    lastRepeat: { eventId: 'e-4', at: T0 + 14 * 60_000 },
  });
});

test('the event that opened the window, retried, alerts again with the same digest; a retried repeat is counted once', async () => {
  // Prepare: a window with one repeat closes; e-3 opens the next one carrying the digest.
  const dedup = container();
  await dedup.decide(candidate(1, 0), new Date(T0));
  await dedup.decide(candidate(2, 1), new Date(T0));
  const opened = await dedup.decide(candidate(3, 16), new Date(T0));
  await dedup.decide(candidate(4, 17), new Date(T0));

  // Act
  const retried = await container().decide(candidate(3, 16), new Date(T0));
  const retriedRepeat = await container().decide(candidate(4, 17), new Date(T0));

  // Assess
  expect(opened).toMatchObject({ alert: true, digest: { suppressed: 1, firstRepeat: { eventId: 'e-2' } } });
  expect(retried).toMatchObject({ alert: true, digest: opened.digest });
  expect(retriedRepeat.alert).toBe(false);
  expect(JSON.parse(table.items.values().next().value!.window!.S!).suppressed).toBe(1);
});

test('an event with a remediation or a window of 0 never touches the table', async () => {
  // Prepare
  const withRemediation = alertCandidate([{ ...finding(1, 0), remediation: { action: 'revoke-ingress', status: 'applied', detail: {} } }]);
  const off = new StateTableDedup({ tableName: TABLE, client: () => new DynamoDBClient({ region: 'us-east-1' }), windowMs: 0, logger, metrics });

  // Act
  const decisions = [await container().decide(withRemediation, new Date(T0)), await off.decide(candidate(2, 0), new Date(T0))];

  // Assess
  expect(decisions).toEqual([{ alert: true }, { alert: true }]);
  expect(table.stub.calls()).toHaveLength(0);
});
