import type { RuleCase } from '../../lib/rule';
import { ec2Call } from '../../tests/support/service-records';

/** A central stage's flowLogs: each entry names its account and region (lib/config.ts refuses one without). */
const CENTRAL_FLOW_LOGS = [
  { resourceId: 'vpc-0a1b2c3d4e5f67890', destination: 'arn:aws:s3:::central-flow-logs/123456789012', trafficType: 'ALL', account: '123456789012', region: 'us-east-1' },
  { resourceId: 'vpc-0fedcba987654321f', destination: 'arn:aws:s3:::central-flow-logs/210987654321', trafficType: 'ALL', account: '210987654321', region: 'us-east-1' },
  { resourceId: 'vpc-0123456789abcdef0', destination: 'arn:aws:s3:::central-flow-logs/123456789012', trafficType: 'REJECT', account: '123456789012', region: 'eu-west-1' },
] as const;

export default [
  {
    name: 'flow log deleted, EC2 request shape (Stratus vpc-remove-flow-logs)',
    record: ec2Call('DeleteFlowLogs', { DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-0123456789abcdef0', tag: 1 } } }, { DeleteFlowLogsResponse: { xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/', unsuccessful: '', requestId: 'a1b2c3d4-5678-4e90-8abc-def012345678' } }),
    matches: true,
    findings: [
      {
        category: 'flow-logs-deleted',
        severity: 'HIGH',
        resources: ['fl-0123456789abcdef0'],
        action: 'recreate-flow-logs',
        notPlannedReason: 'the stage declares no flow logs for account 123456789012 in us-east-1 (flowLogs param)',
      },
    ],
  },
  {
    name: 'flow log deleted in a stage that declares the account\'s flow logs: those of the event\'s region are recreated if missing',
    record: ec2Call('DeleteFlowLogs', { DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-0123456789abcdef0', tag: 1 } } }),
    context: {
      remediationSettings: {
        flowLogs: [
          { resourceId: 'vpc-0a1b2c3d4e5f67890', destination: 'arn:aws:s3:::flow-logs-123456789012/vpc', trafficType: 'ALL' },
          { resourceId: 'vpc-0fedcba987654321f', destination: 'arn:aws:s3:::flow-logs-123456789012/eu', trafficType: 'REJECT', region: 'eu-west-1' },
        ],
      },
    },
    matches: true,
    findings: [
      {
        resources: ['fl-0123456789abcdef0'],
        action: 'recreate-flow-logs',
        params: {
          region: 'us-east-1',
          deletedFlowLogIds: ['fl-0123456789abcdef0'],
          flowLogs: [{ resourceId: 'vpc-0a1b2c3d4e5f67890', destination: 'arn:aws:s3:::flow-logs-123456789012/vpc', trafficType: 'ALL' }],
        },
      },
    ],
  },
  {
    name: 'CloudWatch Logs destinations: the log group of the event\'s account and region is recreated with its delivery role, another account\'s is not',
    record: ec2Call('DeleteFlowLogs', { DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-0123456789abcdef0', tag: 1 } } }),
    context: {
      remediationSettings: {
        flowLogs: [
          {
            resourceId: 'vpc-0a1b2c3d4e5f67890',
            destination: 'arn:aws:logs:us-east-1:123456789012:log-group:/vpc/flow-logs',
            trafficType: 'ALL',
            region: 'us-east-1',
            deliverLogsRoleArn: 'arn:aws:iam::123456789012:role/flow-logs-delivery',
          },
          {
            resourceId: 'vpc-0fedcba987654321f',
            destination: 'arn:aws:logs:us-east-1:210987654321:log-group:/vpc/flow-logs',
            trafficType: 'ALL',
            region: 'us-east-1',
            deliverLogsRoleArn: 'arn:aws:iam::210987654321:role/flow-logs-delivery',
          },
        ],
      },
    },
    matches: true,
    findings: [
      {
        action: 'recreate-flow-logs',
        params: {
          region: 'us-east-1',
          deletedFlowLogIds: ['fl-0123456789abcdef0'],
          flowLogs: [
            {
              resourceId: 'vpc-0a1b2c3d4e5f67890',
              destination: 'arn:aws:logs:us-east-1:123456789012:log-group:/vpc/flow-logs',
              trafficType: 'ALL',
              // A log group entry always carries its group's region.
              region: 'us-east-1',
              deliverLogsRoleArn: 'arn:aws:iam::123456789012:role/flow-logs-delivery',
            },
          ],
        },
      },
    ],
  },
  {
    name: 'central stage (every entry names its account and region): only the entry of the event\'s account and region is recreated, without those fields',
    record: ec2Call('DeleteFlowLogs', { DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-0123456789abcdef0', tag: 1 } } }),
    context: { remediationSettings: { flowLogs: CENTRAL_FLOW_LOGS } },
    matches: true,
    findings: [
      {
        action: 'recreate-flow-logs',
        params: {
          region: 'us-east-1',
          deletedFlowLogIds: ['fl-0123456789abcdef0'],
          flowLogs: [{ resourceId: 'vpc-0a1b2c3d4e5f67890', destination: 'arn:aws:s3:::central-flow-logs/123456789012', trafficType: 'ALL' }],
        },
      },
    ],
  },
  {
    name: 'central stage: a DeleteFlowLogs in a member account no entry names plans nothing there (the declared VPCs are other accounts\')',
    record: ec2Call('DeleteFlowLogs', { DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-0123456789abcdef0', tag: 1 } } }, {}, { recipientAccountId: '333333333333' }),
    context: { remediationSettings: { flowLogs: CENTRAL_FLOW_LOGS } },
    matches: true,
    findings: [{ action: 'recreate-flow-logs', notPlannedReason: 'the stage declares no flow logs for account 333333333333 in us-east-1 (flowLogs param)' }],
  },
  {
    name: 'central stage: a DeleteFlowLogs in a region no entry of that account names plans nothing there',
    record: ec2Call('DeleteFlowLogs', { DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-0123456789abcdef0', tag: 1 } } }, {}, { recipientAccountId: '210987654321', awsRegion: 'ap-southeast-2' }),
    context: { remediationSettings: { flowLogs: CENTRAL_FLOW_LOGS } },
    matches: true,
    findings: [{ action: 'recreate-flow-logs', notPlannedReason: 'the stage declares no flow logs for account 210987654321 in ap-southeast-2 (flowLogs param)' }],
  },
  {
    name: 'two flow logs deleted, plain id list',
    record: ec2Call('DeleteFlowLogs', { flowLogIds: ['fl-0123456789abcdef0', 'fl-0fedcba9876543210'] }),
    matches: true,
    findings: [{ resources: ['fl-0123456789abcdef0', 'fl-0fedcba9876543210'] }],
  },
  {
    name: 'near miss: deletion denied (account.unauthorized-api-call reports it)',
    record: ec2Call('DeleteFlowLogs', { DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-0123456789abcdef0', tag: 1 } } }, {}, {
      errorCode: 'Client.UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation.',
    }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'near miss: nothing deleted (the only id was not found: EC2 lists it as unsuccessful)',
    record: ec2Call('DeleteFlowLogs', { DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-0123456789abcdef0', tag: 1 } } }, {
      DeleteFlowLogsResponse: {
        unsuccessful: { item: { error: { code: 'InvalidFlowLogId.NotFound', message: 'These flow log ids in the input list are not found: [TotalCount: 1] fl-0123456789abcdef0' }, resourceId: 'fl-0123456789abcdef0' } },
        requestId: 'a1b2c3d4-5678-4e90-8abc-def012345678',
      },
    }),
    matches: true,
    findings: [],
  },
  {
    name: 'one of two deleted: only the deleted one is reported',
    record: ec2Call('DeleteFlowLogs', { flowLogIds: ['fl-0123456789abcdef0', 'fl-0fedcba9876543210'] }, { unsuccessful: [{ error: { code: 'InvalidFlowLogId.NotFound' }, resourceId: 'fl-0fedcba9876543210' }] }),
    matches: true,
    findings: [{ resources: ['fl-0123456789abcdef0'] }],
  },
  {
    name: 'near miss: flow logs created',
    record: ec2Call('CreateFlowLogs', { CreateFlowLogsRequest: { ResourceId: { content: 'vpc-0a1b2c3d', tag: 1 }, TrafficType: 'ALL' } }),
    matches: false,
  },
] satisfies readonly RuleCase[];
