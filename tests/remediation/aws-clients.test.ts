import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../lib/aws/clients';
import { TrailguardError } from '../../lib/errors';

describe('AWS client factory', () => {
  test('creates one client per service and region, lazily, and reuses it', () => {
    // Prepare
    const clients = createAwsClients();

    // Act
    const first = clients.ec2('eu-west-1');

    // Assess
    expect(clients.ec2('eu-west-1')).toBe(first);
    expect(clients.ec2('us-east-1')).not.toBe(first);
    expect(first).toBeInstanceOf(EC2Client);
    expect(clients.cloudtrail('eu-west-1')).toBeInstanceOf(CloudTrailClient);
    expect(clients.sns('eu-west-1')).toBeInstanceOf(SNSClient);
  });

  test('clients are bound to the region asked for and make one attempt per send (retries are ours)', async () => {
    // Prepare
    const clients = createAwsClients();

    // Act
    const ec2 = clients.ec2('ap-northeast-1');
    const cloudtrail = clients.cloudtrail('sa-east-1');
    const sns = clients.sns('ca-central-1');

    // Assess
    await expect(ec2.config.region()).resolves.toBe('ap-northeast-1');
    await expect(cloudtrail.config.region()).resolves.toBe('sa-east-1');
    await expect(sns.config.region()).resolves.toBe('ca-central-1');
    for (const client of [ec2, cloudtrail, sns]) await expect(client.config.maxAttempts()).resolves.toBe(1);
  });

  test('mockClient intercepts the clients the factory builds', async () => {
    // Prepare
    const ec2Mock = mockClient(EC2Client);
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });

    // Act
    const output = await createAwsClients().ec2('us-east-1').send(new DescribeSecurityGroupsCommand({}));

    // Assess
    expect(output.SecurityGroups).toEqual([]);
    expect(ec2Mock).toHaveReceivedCommandTimes(DescribeSecurityGroupsCommand, 1);
    ec2Mock.restore();
  });

  test('an invalid region is refused before any client exists', () => {
    expect(() => createAwsClients().ec2('us-east-1 ')).toThrow(TrailguardError);
    expect(() => createAwsClients().cloudtrail('')).toThrow('invalid region');
  });
});
