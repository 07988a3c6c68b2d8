import { DynamoDBClient, DynamoDBServiceException, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { authorizeSecurityGroup, groupIdFor } from '../support/ec2-records';
import { ec2Error } from '../remediation/support';
import { BASE_DIMENSIONS, busEvent, handlerFor, invoke, lambdaHarness, stageEnv } from './support';
import { STATE_TABLE } from './state-table';

// The state table guards against acting or paging twice; it must never stop trailguard from acting or paging
// once. When DynamoDB throttles past the SDK's retries or refuses the role (a broken policy, a deleted table), the
// event is handled without the guarantee (a duplicate may then alert again), the error is logged and StateErrors
// is counted for the alarm.
const { ec2, sns, dynamodb } = lambdaHarness({ ec2: EC2Client, sns: SNSClient, dynamodb: DynamoDBClient });

const dynamoError = (name: string, httpStatusCode: number): DynamoDBServiceException =>
  new DynamoDBServiceException({ name, $fault: 'client', $metadata: { httpStatusCode }, message: `${name} (test)` });

const env = stageEnv({ STATE_TABLE, AWS_LAMBDA_FUNCTION_NAME: 'trailguard-test-securityGroup' });

beforeEach(() => {
  sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
});

describe.each([
  ['throttled (ProvisionedThroughputExceededException)', dynamoError('ProvisionedThroughputExceededException', 400)],
  ['access denied (AccessDeniedException)', dynamoError('AccessDeniedException', 400)],
  ['table deleted (ResourceNotFoundException)', dynamoError('ResourceNotFoundException', 400)],
])('the state table is %s', (_name, error) => {
  test('the revert and the alert still happen, once; the invocation succeeds', async () => {
    // Prepare
    dynamodb.onAnyCommand().rejects(error);
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    const record = authorizeSecurityGroup({ groupId: groupIdFor(`state-${error.name}`), permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] });

    // Act
    const run = await invoke(handlerFor('security-group', { env }), busEvent(record));

    // Assess
    expect(run.error).toBeUndefined();
    expect(run.result).toMatchObject({ status: 'alerted', messageId: 'msg-1', findings: [{ status: 'applied' }, {}] });
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  test('each unavailable guard is logged with the DynamoDB error and counted as StateErrors', async () => {
    // Prepare
    dynamodb.onAnyCommand().rejects(error);
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    const record = authorizeSecurityGroup({ groupId: groupIdFor(`state-log-${error.name}`), permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] });

    // Act
    const run = await invoke(handlerFor('security-group', { env }), busEvent(record));

    // Assess: the event, the remediation step and the alert step.
    const problems = run.logs.filter((line) => line.message === 'state table unavailable: going on without it (a duplicate may act or alert again)');
    expect(problems.map((line) => line.operation)).toEqual(['event', expect.stringMatching(/^step remediation ec2\.sg-open-ingress revoke-ingress /), 'step alert']);
    for (const line of problems) {
      expect(line).toMatchObject({ level: 'ERROR', eventId: record.eventID, error: { name: 'IdempotencyPersistenceLayerError' } });
      expect(JSON.stringify(line.error)).toContain(error.name);
    }
    expect(run.metrics.filter((m) => m.name === 'StateErrors')).toEqual([{ name: 'StateErrors', namespace: 'Trailguard', value: [1, 1, 1], dimensions: BASE_DIMENSIONS }]);
  });

  test('a failed revert still pages (the failure count is unknown: the generic retry words)', async () => {
    // Prepare
    dynamodb.onAnyCommand().rejects(error);
    ec2.on(RevokeSecurityGroupIngressCommand).rejects(ec2Error('UnauthorizedOperation', 403));
    const record = authorizeSecurityGroup({ groupId: groupIdFor(`state-fail-${error.name}`), permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] });

    // Act
    const run = await invoke(handlerFor('security-group', { env }), busEvent(record));

    // Assess
    expect(run.error).toBeDefined();
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(dynamodb).toHaveReceivedCommandWith(UpdateItemCommand, { Key: { id: { S: `failures#trailguard-test-securityGroup#${record.eventID}` } } });
    expect(run.logs).toContainEqual(expect.objectContaining({ level: 'ERROR', operation: 'failure count' }));
  });
});

describe('a conditional-check failure is not an error: it is the guard working', () => {
  test('a put refused because the record exists reads it instead (no StateErrors)', async () => {
    // Prepare: the event is already COMPLETED; Powertools' put is refused with the old item.
    const { ConditionalCheckFailedException } = await import('@aws-sdk/client-dynamodb');
    const stored = { status: 'alerted', eventId: 'x', messageId: 'msg-0', findings: [] };
    dynamodb.on(PutItemCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: { id: { S: 'any' }, status: { S: 'COMPLETED' }, expiration: { N: String(Math.floor(Date.now() / 1000) + 3600) }, data: { M: { status: { S: 'alerted' }, eventId: { S: 'x' }, messageId: { S: 'msg-0' }, findings: { L: [] } } } },
      }),
    );
    const record = authorizeSecurityGroup({ groupId: groupIdFor('state-done'), permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] });

    // Act
    const run = await invoke(handlerFor('security-group', { env }), busEvent(record));

    // Assess
    expect(run.result).toEqual(stored);
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 0);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    expect(run.metrics.map((m) => m.name)).not.toContain('StateErrors');
    expect(run.metrics).toContainEqual({ name: 'DuplicateDeliveries', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS });
  });
});
