import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { RDSClient } from '@aws-sdk/client-rds';
import { SNSClient } from '@aws-sdk/client-sns';
import { createClients, type AwsClientOptions, type AwsClients } from './client-factory';

export * from './client-factory';

/**
 * Every client trailguard uses, for code that may call any service (tests, tools). Lambda handlers wire only
 * their own (lib/lambda/wiring), so each function's bundle holds only the SDK clients it calls.
 *
 * @example
 * const clients = createAwsClients();
 * await clients.cloudtrail('eu-west-1').send(new StartLoggingCommand({ Name: 'org-trail' }));
 */
export const createAwsClients = (options: AwsClientOptions = {}): AwsClients =>
  createClients(
    { ec2: EC2Client, cloudtrail: CloudTrailClient, config: ConfigServiceClient, sns: SNSClient, dynamodb: DynamoDBClient, iam: IAMClient, eventbridge: EventBridgeClient, lambda: LambdaClient, rds: RDSClient, kms: KMSClient },
    options,
  );
