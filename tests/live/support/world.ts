import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import {
  CreateTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import type { CfnResource, Template } from '../../deploy/packaged';
import { SqsQueues } from './sqs';
import { CreatedResources } from './template';

/*
 * The stack's own resources that the functions talk to, created in moto from the packaged template's definitions
 * (so the suite follows the template: a table added there is created here from its own properties), plus one SQS
 * queue per SNS subscription of the alert topic, subscribed with that subscription's filter policy, which captures
 * what the subscription would have received. EventBridge rules and Lambda functions are not created: the suite
 * routes events itself (eventbridge.ts) and runs the packaged bundles under Node 22 (lambda.ts).
 */

export const ACCOUNT = '123456789012'; // moto's default account
export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing', sessionToken: 'testing' } as const;

export interface AwsClients {
  readonly ec2: EC2Client;
  readonly cloudtrail: CloudTrailClient;
  readonly sns: SNSClient;
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly iam: IAMClient;
  readonly kms: KMSClient;
  readonly sqs: SqsQueues;
}

/** Closes the clients' kept-alive connections. */
export const destroyClients = (aws: AwsClients): void => {
  for (const client of [aws.ec2, aws.cloudtrail, aws.sns, aws.s3, aws.dynamodb, aws.iam, aws.kms]) client.destroy();
};

export const awsClients = (endpoint: string): AwsClients => {
  const config = { region: REGION, endpoint, credentials: CREDENTIALS, maxAttempts: 1 };
  return {
    ec2: new EC2Client(config),
    cloudtrail: new CloudTrailClient(config),
    sns: new SNSClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    dynamodb: new DynamoDBClient(config),
    iam: new IAMClient(config),
    kms: new KMSClient(config),
    sqs: new SqsQueues(endpoint, REGION),
  };
};

/** A queue standing in for one SNS subscription of a topic. */
export interface CaptureQueue {
  /** The subscription's logical id in the template (AlertEmailSubscription, AlertSmsSubscription). */
  readonly subscription: string;
  readonly protocol: string;
  readonly topicArn: string;
  readonly url: string;
  readonly filterPolicy?: string;
  readonly filterPolicyScope?: string;
}

export interface StackWorld {
  readonly created: CreatedResources;
  readonly captures: readonly CaptureQueue[];
}

const tableInput = (properties: Record<string, any>): CreateTableCommandInput => {
  // CreateTable takes the resource's properties under the same names, except the ones CloudFormation applies with
  // other calls (TTL, point-in-time recovery, resource policy, contributor insights, Kinesis streaming) and the
  // stream specification, which the API spells with StreamEnabled.
  const {
    TimeToLiveSpecification: _ttl,
    PointInTimeRecoverySpecification: _pitr,
    ResourcePolicy: _policy,
    ContributorInsightsSpecification: _insights,
    KinesisStreamSpecification: _kinesis,
    ImportSourceSpecification: _import,
    StreamSpecification,
    ...rest
  } = properties;
  return {
    ...(rest as CreateTableCommandInput),
    ...(StreamSpecification ? { StreamSpecification: { StreamEnabled: true, ...StreamSpecification } } : {}),
  };
};

/** Creates one template resource in moto and records what CloudFormation would return for it. */
const createResource = async (aws: AwsClients, created: CreatedResources, logicalId: string, resource: CfnResource): Promise<void> => {
  // Only the properties the create call uses are resolved: the others (a role's policies, say) may refer to
  // resources the suite has no reason to create.
  const raw = (resource.Properties ?? {}) as Record<string, unknown>;
  const USED: Record<string, readonly string[]> = {
    'AWS::KMS::Key': ['Description', 'KeyPolicy'],
    'AWS::IAM::Role': ['RoleName', 'Path', 'AssumeRolePolicyDocument', 'Description'],
    'AWS::SQS::Queue': ['QueueName'],
    'AWS::SNS::Topic': ['TopicName', 'DisplayName', 'KmsMasterKeyId'],
  };
  const keys = USED[resource.Type] ?? Object.keys(raw);
  const properties = Object.fromEntries(keys.filter((key) => key in raw).map((key) => [key, created.resolve(raw[key])])) as Record<string, any>;
  const { stackName } = created.pseudo;
  switch (resource.Type) {
    case 'AWS::KMS::Key': {
      const { KeyMetadata } = await aws.kms.send(
        new CreateKeyCommand({ Description: properties.Description, Policy: JSON.stringify(properties.KeyPolicy) }),
      );
      created.set(logicalId, KeyMetadata!.KeyId!, { Arn: KeyMetadata!.Arn!, KeyId: KeyMetadata!.KeyId! });
      return;
    }
    case 'AWS::IAM::Role': {
      const { Role } = await aws.iam.send(
        new CreateRoleCommand({
          RoleName: properties.RoleName ?? `${stackName}-${logicalId}`.slice(0, 64),
          Path: properties.Path,
          AssumeRolePolicyDocument: JSON.stringify(properties.AssumeRolePolicyDocument),
          Description: properties.Description,
        }),
      );
      created.set(logicalId, Role!.RoleName!, { Arn: Role!.Arn!, RoleId: Role!.RoleId! });
      return;
    }
    case 'AWS::SQS::Queue': {
      const name = properties.QueueName ?? `${stackName}-${logicalId}`;
      const { url, arn } = await aws.sqs.create(name);
      created.set(logicalId, url, { Arn: arn, QueueName: name, QueueUrl: url });
      return;
    }
    case 'AWS::DynamoDB::Table': {
      const input = tableInput({ TableName: `${stackName}-${logicalId}`, ...properties });
      const { TableDescription } = await aws.dynamodb.send(new CreateTableCommand(input));
      const ttl = properties.TimeToLiveSpecification;
      if (ttl?.Enabled) {
        await aws.dynamodb.send(
          new UpdateTimeToLiveCommand({ TableName: input.TableName, TimeToLiveSpecification: { Enabled: true, AttributeName: ttl.AttributeName } }),
        );
      }
      created.set(logicalId, input.TableName!, {
        Arn: TableDescription!.TableArn!,
        ...(TableDescription!.LatestStreamArn ? { StreamArn: TableDescription!.LatestStreamArn } : {}),
      });
      return;
    }
    case 'AWS::SNS::Topic': {
      const attributes: Record<string, string> = {};
      if (properties.DisplayName !== undefined) attributes.DisplayName = String(properties.DisplayName);
      if (properties.KmsMasterKeyId !== undefined) attributes.KmsMasterKeyId = String(properties.KmsMasterKeyId);
      const { TopicArn } = await aws.sns.send(new CreateTopicCommand({ Name: properties.TopicName, Attributes: attributes }));
      created.set(logicalId, TopicArn!, { TopicArn: TopicArn!, TopicName: properties.TopicName });
      return;
    }
    default:
      throw new Error(`live suite: no way to create ${logicalId} (${resource.Type}) in moto`);
  }
};

/** The order CloudFormation's dependencies impose on the types created here (keys before topics, and so on). */
const CREATED_TYPES = ['AWS::KMS::Key', 'AWS::IAM::Role', 'AWS::SQS::Queue', 'AWS::DynamoDB::Table', 'AWS::SNS::Topic'] as const;

/** Creates the stack's resources in moto and one capture queue per SNS subscription (see above). */
export const createStackWorld = async (aws: AwsClients, template: Template, stage: string): Promise<StackWorld> => {
  const created = new CreatedResources(template, {
    region: REGION,
    account: ACCOUNT,
    partition: 'aws',
    urlSuffix: 'amazonaws.com',
    stackName: `trailguard-${stage}`,
  });
  const exists = (resource: CfnResource) => resource.Condition === undefined || created.condition(resource.Condition);
  for (const type of CREATED_TYPES) {
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      if (resource.Type === type && exists(resource)) await createResource(aws, created, logicalId, resource);
    }
  }
  const captures = await subscribeCaptures(aws, created);
  return { created, captures };
};

/** One queue per SNS subscription in the template, subscribed to the same topic with the same filter. */
export const subscribeCaptures = async (aws: AwsClients, created: CreatedResources): Promise<CaptureQueue[]> => {
  const captures: CaptureQueue[] = [];
  for (const [logicalId, resource] of Object.entries(created.template.Resources)) {
    if (resource.Type !== 'AWS::SNS::Subscription') continue;
    if (resource.Condition !== undefined && !created.condition(resource.Condition)) continue;
    const properties = created.resolve(resource.Properties) as Record<string, any>;
    const queue = await aws.sqs.create(`capture-${logicalId}-${captures.length}-${Date.now()}`);
    const filterPolicy = properties.FilterPolicy === undefined ? undefined : JSON.stringify(properties.FilterPolicy);
    const filterPolicyScope = properties.FilterPolicyScope as string | undefined;
    await aws.sns.send(
      new SubscribeCommand({
        TopicArn: properties.TopicArn,
        Protocol: 'sqs',
        Endpoint: queue.arn,
        Attributes: {
          ...(filterPolicy ? { FilterPolicy: filterPolicy } : {}),
          ...(filterPolicyScope ? { FilterPolicyScope: filterPolicyScope } : {}),
        },
      }),
    );
    captures.push({
      subscription: logicalId,
      protocol: String(properties.Protocol),
      topicArn: properties.TopicArn,
      url: queue.url,
      ...(filterPolicy ? { filterPolicy } : {}),
      ...(filterPolicyScope ? { filterPolicyScope } : {}),
    });
  }
  return captures;
};
