import type { RuleCase } from '../../lib/rule';
import { serviceCall } from '../../tests/support/service-records';

const CONFIG = 'rqlc-0123456789abcdef';

export default [
  {
    name: 'Resolver query logging configuration deleted (Stratus dns-delete-logs)',
    record: serviceCall('route53resolver.amazonaws.com', 'DeleteResolverQueryLogConfig', { resolverQueryLogConfigId: CONFIG }, { resolverQueryLogConfig: { id: CONFIG, status: 'DELETING' } }),
    matches: true,
    findings: [{ category: 'dns-query-logging-deleted', severity: 'HIGH', resources: [CONFIG], action: 'none' }],
  },
  {
    name: 'a VPC detached from query logging',
    record: serviceCall('route53resolver.amazonaws.com', 'DisassociateResolverQueryLogConfig', { resolverQueryLogConfigId: CONFIG, resourceId: 'vpc-0a1b2c3d4e5f67890' }),
    matches: true,
    findings: [{ resources: [CONFIG, 'vpc-0a1b2c3d4e5f67890'] }],
  },
  {
    name: 'near miss: deletion refused while VPCs are associated',
    record: serviceCall('route53resolver.amazonaws.com', 'DeleteResolverQueryLogConfig', { resolverQueryLogConfigId: CONFIG }, null, {
      errorCode: 'InvalidRequestException',
      errorMessage: 'The query logging configuration is associated with one or more VPCs.',
    }),
    matches: false,
  },
  {
    name: 'near miss: query logging configuration created',
    record: serviceCall('route53resolver.amazonaws.com', 'CreateResolverQueryLogConfig', { name: 'vpc-dns-logs', destinationArn: 'arn:aws:s3:::dns-logs' }),
    matches: false,
  },
] satisfies readonly RuleCase[];
