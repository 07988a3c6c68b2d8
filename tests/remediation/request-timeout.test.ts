import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { createClients, requestTimeoutFor } from '../../lib/aws/client-factory';
import { DeadlineExceededError, InvocationDeadline } from '../../lib/aws/deadline';
import { withRetry } from '../../lib/aws/retry';
import { settleWithin, startLoopbackAws } from '../support/loopback-aws';

// A request the other side never answers must end in an error the retry loop sees, within the time the
// invocation has left: against a real SDK client and a local endpoint that holds every request open.
const credentials = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const saved = { ...process.env };
let server: Awaited<ReturnType<typeof startLoopbackAws>>;

beforeAll(async () => {
  Object.assign(process.env, credentials);
  server = await startLoopbackAws({ Publish: 'hang' });
});
afterAll(async () => {
  await server.stop();
  for (const key of Object.keys(credentials)) if (saved[key] === undefined) delete process.env[key];
});
beforeEach(() => {
  server.received.length = 0;
});

const publish = (sns: SNSClient) => sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:t', Message: 'm' }));
const timeoutOf = (error: unknown): number => Number(/configured (\d+) ms requestTimeout/.exec(String((error as Error)?.message))?.[1]);

describe('request timeout', () => {
  test('a request that is never answered throws a retryable TimeoutError at the request timeout', async () => {
    // Prepare
    const sns = createClients({ sns: SNSClient }, { endpoint: server.endpoint, requestTimeoutMs: 300, deadline: new InvocationDeadline() }).sns('us-east-1');

    // Act
    const outcome = await settleWithin(publish(sns), 5_000);

    // Assess
    expect(outcome).not.toBe('still pending');
    const { error } = outcome as { error: Error };
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(timeoutOf(error)).toBe(300);
  });

  test('the retry loop retries the timeout and gives up after its attempts, each one sent', async () => {
    // Prepare
    const sns = createClients({ sns: SNSClient }, { endpoint: server.endpoint, requestTimeoutMs: 200, deadline: new InvocationDeadline() }).sns('us-east-1');

    // Act
    const outcome = await settleWithin(withRetry(() => publish(sns), { maxAttempts: 3, sleep: async () => undefined }), 5_000);

    // Assess
    expect(outcome).not.toBe('still pending');
    expect((outcome as { error: Error }).error).toMatchObject({ name: 'TimeoutError', $metadata: { attempts: 3 } });
    expect(server.received.map((r) => r.action)).toEqual(['Publish', 'Publish', 'Publish']);
  });
});

describe('invocation deadline', () => {
  test('a request gets no more time than the invocation has left (minus the shutdown reserve)', async () => {
    // Prepare: 1.6 s left, 1 s kept for shutting down: the 5 s request timeout shrinks to at most 600 ms
    const deadline = new InvocationDeadline();
    deadline.start(1_600);
    const sns = createClients({ sns: SNSClient }, { endpoint: server.endpoint, deadline }).sns('us-east-1');

    // Act
    const outcome = await settleWithin(publish(sns), 5_000);

    // Assess
    const { error } = outcome as { error: Error };
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(timeoutOf(error)).toBeGreaterThan(0);
    expect(timeoutOf(error)).toBeLessThanOrEqual(600);
  });

  test('with no time left the request is not sent, and the error says why', async () => {
    // Prepare
    const deadline = new InvocationDeadline();
    deadline.start(1_100);
    const sns = createClients({ sns: SNSClient }, { endpoint: server.endpoint, deadline }).sns('us-east-1');

    // Act
    const outcome = await settleWithin(publish(sns), 5_000);

    // Assess
    const { error } = outcome as { error: Error };
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(error.message).toMatch(/^SNS call not attempted: \d+ ms left before the invocation's deadline$/);
    expect(server.received).toHaveLength(0);
  });

  test('a remediation call leaves the alert its time: EC2 stops 10 s before SNS does', async () => {
    // Prepare: 11.1 s left: SNS may still call (10.1 s after the shutdown reserve), EC2 may not (0.1 s)
    const deadline = new InvocationDeadline();
    deadline.start(11_100);
    const { EC2Client, DescribeSecurityGroupsCommand } = await import('@aws-sdk/client-ec2');
    const clients = createClients({ ec2: EC2Client }, { endpoint: server.endpoint, deadline });

    // Act
    const outcome = await settleWithin(clients.ec2('us-east-1').send(new DescribeSecurityGroupsCommand({})), 5_000);

    // Assess
    expect((outcome as { error: Error }).error).toBeInstanceOf(DeadlineExceededError);
    expect(server.received).toHaveLength(0);
  });

  test('no retry starts once the backoff would run past the deadline', async () => {
    // Prepare
    const deadline = new InvocationDeadline();
    deadline.start(1_300);
    let calls = 0;
    const timeout = Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });

    // Act
    const outcome = await withRetry(async () => {
      calls += 1;
      throw timeout;
    }, { deadline, sleep: async () => undefined, random: () => 0.99, baseDelayMs: 200 }).catch((error: unknown) => error);

    // Assess: 300 ms left after the shutdown reserve, a 198 ms backoff would leave less than a usable attempt
    expect(outcome).toBe(timeout);
    expect(calls).toBe(1);
  });
});

describe('request timeout per service', () => {
  test('CloudTrail (event history, slow pages) gets 15 s by default, every other service 5 s; a configured one applies to all', () => {
    // Act & Assess
    expect(requestTimeoutFor('cloudtrail', undefined)).toBe(15_000);
    expect(requestTimeoutFor('other', undefined)).toBe(5_000);
    expect(requestTimeoutFor('cloudtrail', 300)).toBe(300);
    expect(requestTimeoutFor('other', 300)).toBe(300);
  });
});
