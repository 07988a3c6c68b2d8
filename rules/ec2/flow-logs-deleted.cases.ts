import type { RuleCase } from '../../lib/rule';
import { ec2Call } from '../../tests/support/service-records';

export default [
  {
    name: 'flow log deleted, EC2 request shape (Stratus vpc-remove-flow-logs)',
    record: ec2Call('DeleteFlowLogs', { DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-0123456789abcdef0', tag: 1 } } }, { DeleteFlowLogsResponse: { xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/', unsuccessful: '', requestId: 'a1b2c3d4-5678-4e90-8abc-def012345678' } }),
    matches: true,
    findings: [{ category: 'flow-logs-deleted', severity: 'HIGH', resources: ['fl-0123456789abcdef0'], action: 'none' }],
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
