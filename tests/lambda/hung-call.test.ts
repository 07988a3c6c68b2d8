import { EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { createClients } from '../../lib/aws/client-factory';
import { invocationDeadline } from '../../lib/aws/deadline';
import { ResponseFailedError } from '../../lib/errors';
import { createHandler } from '../../lib/lambda/create-handler';
import { WIRING } from '../../lib/lambda/wiring';
import { RULES } from '../../rules';
import { authorizeSecurityGroup, groupIdFor } from '../support/ec2-records';
import { PUBLISH_RESPONSE, settleWithin, startLoopbackAws } from '../support/loopback-aws';
import { BASE_DIMENSIONS, bodiesOf, busEvent, context, enableLogs, invoke, stageEnv, type Invocation } from './support';

// A revert whose connection hangs (EC2 never answers) used to run to the Lambda timeout: no retry, no alert, no
// metric. Now every call fits into the invocation's remaining time: the hung call times out, is retried while
// there is time, and the alert that says the revert failed still goes out before the invocation fails. Real SDK
// clients against a local endpoint that holds every RevokeSecurityGroupIngress open and answers Publish.
const credentials = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const saved = { ...process.env };
const GROUP = groupIdFor('hung-call');
// 12.5 s left: 1 s is kept for shutting down and 10 s for the alert, so the revert gets 1.5 s.
const REMAINING_MS = 12_500;

let server: Awaited<ReturnType<typeof startLoopbackAws>>;
let restoreLogs: () => void;
let run: Invocation | 'still pending';

beforeAll(async () => {
  // Prepare
  Object.assign(process.env, credentials);
  restoreLogs = enableLogs();
  server = await startLoopbackAws({ RevokeSecurityGroupIngress: 'hang', Publish: PUBLISH_RESPONSE });
  const wiring = WIRING['security-group'];
  const handler = createHandler(wiring, RULES, { env: stageEnv(), clients: createClients(wiring.clients, { endpoint: server.endpoint }) });
  const record = authorizeSecurityGroup({ groupId: GROUP, permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] });
  const ctx = { ...context(), getRemainingTimeInMillis: () => REMAINING_MS };

  // Act: bounded well below the remaining time, so a regression shows as a failure rather than a hung test
  run = await settleWithin(invoke(handler, busEvent(record), ctx), 8_000).then((outcome) => (outcome === 'still pending' ? outcome : outcome.value!));
}, 20_000);

afterAll(async () => {
  await server.stop();
  restoreLogs();
  for (const key of Object.keys(credentials)) if (saved[key] === undefined) delete process.env[key];
});

const finished = (): Invocation => {
  expect(run).not.toBe('still pending');
  return run as Invocation;
};

describe('a revert whose connection hangs', () => {
  test('the invocation ends well within its time and fails, so Lambda retries it and finally dead-letters it', () => {
    // Assess
    const { error } = finished();
    expect(error).toBeInstanceOf(ResponseFailedError);
    expect((error as Error).message).toContain('revoke-ingress');
  });

  test('the hung call was sent, timed out and not retried past the time kept for the alert', () => {
    // Assess
    finished();
    const actions = server.received.map((r) => r.action);
    expect(actions.filter((a) => a === 'RevokeSecurityGroupIngress')).toHaveLength(1);
    expect(actions[actions.length - 1]).toBe('Publish');
  });

  test('the alert went out, saying the revert failed and why', () => {
    // Assess
    finished();
    const publish = server.received.find((r) => r.action === 'Publish');
    expect(publish).toBeDefined();
    const bodies = bodiesOf(publish!.body.get('Message') ?? undefined);
    expect(bodies.sms).toContain('REVERT FAILED');
    expect(bodies.email).toMatch(/TimeoutError|requestTimeout/);
  });

  test('the failure is counted: Remediations with outcome failed, and the alert as published', () => {
    // Assess
    const { metrics } = finished();
    expect(metrics).toContainEqual(expect.objectContaining({ name: 'Remediations', value: 1, dimensions: { ...BASE_DIMENSIONS, action: 'revoke-ingress', outcome: 'failed' } }));
    expect(metrics).toContainEqual(expect.objectContaining({ name: 'AlertsPublished', value: 1 }));
  });

  test('the deadline is cleared once the invocation ends', () => {
    finished();
    expect(invocationDeadline.remaining()).toBe(Number.POSITIVE_INFINITY);
  });
});
