import { CloudTrailClient, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restartLogging, trailHomeRegion } from '../../../lib/remediation';
import { restartLoggingApplier } from '../../../lib/remediation/restart-logging/apply';
import { instantRetry } from '../support';

const cloudTrailMock = mockClient(CloudTrailClient);
const clientRegion = (n: number) => (cloudTrailMock.call(n).thisValue as CloudTrailClient).config.region();

beforeEach(() => {
  cloudTrailMock.reset();
  cloudTrailMock.on(StartLoggingCommand).resolves({ $metadata: { requestId: 'req-ok' } });
});

describe('restart-logging applied', () => {
  test('StartLogging with exactly the trail name, in the params region', async () => {
    // Prepare
    const params = restartLogging.parse({ trail: 'management-events', region: 'eu-central-1' });

    // Act
    const result = await restartLoggingApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(cloudTrailMock).toHaveReceivedCommandTimes(StartLoggingCommand, 1);
    expect(cloudTrailMock.commandCalls(StartLoggingCommand)[0]?.args[0].input).toStrictEqual({ Name: 'management-events' });
    await expect(clientRegion(0)).resolves.toBe('eu-central-1');
    expect(result).toStrictEqual({
      outcome: 'applied',
      detail: { call: 'cloudtrail:StartLogging', region: 'eu-central-1', trail: 'management-events', requestId: 'req-ok', attempts: 1 },
    });
  });

  test("a trail ARN goes to the trail's home region, not the region the event was recorded in", async () => {
    // Prepare
    const arn = 'arn:aws:cloudtrail:us-west-2:123456789012:trail/org-trail';
    const params = restartLogging.parse({ trail: arn, region: trailHomeRegion(arn, 'eu-west-1') });

    // Act
    const result = await restartLoggingApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(cloudTrailMock).toHaveReceivedCommandWith(StartLoggingCommand, { Name: arn });
    await expect(clientRegion(0)).resolves.toBe('us-west-2');
    expect(result.outcome).toBe('applied');
  });
});
