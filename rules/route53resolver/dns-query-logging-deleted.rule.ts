import { describeActor, fieldText, request, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { succeeded } from '../../lib/cloudtrail/record';
import { defineRule } from '../../lib/rule';

const EVENTS: ReadonlySet<string> = new Set(['DeleteResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig']);

/**
 * Stratus Red Team aws.defense-evasion.dns-delete-logs: a Route 53 Resolver query logging configuration deleted,
 * or a VPC detached from it, so DNS lookups (C2 domains, exfiltration over DNS) go unrecorded.
 */
export default defineRule({
  id: 'route53resolver.dns-query-logging-deleted',
  title: 'Route 53 Resolver query logging removed',
  description: 'DNS query logs show which domains instances resolve; removing them hides command-and-control traffic.',
  category: 'dns-query-logging-deleted',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('route53resolver', [...EVENTS]),
  classify: (record) => {
    if (!EVENTS.has(record.eventName) || !succeeded(record)) return null;
    const config = fieldText(request(record, 'resolverQueryLogConfigId'), 64);
    const vpc = fieldText(request(record, 'resourceId'), 64);
    const deleted = record.eventName === 'DeleteResolverQueryLogConfig';
    return {
      resources: resourceList(config, vpc),
      summary: deleted
        ? `${describeActor(record)} deleted Resolver query logging configuration ${config ?? '(unknown)'}`
        : `${describeActor(record)} stopped Resolver query logging for ${vpc ?? 'a VPC'} (configuration ${config ?? 'unknown'})`,
      facts: { ...viaService(record) },
    };
  },
  guidance:
    'If not planned: create the query logging configuration again and associate the VPCs with it ' +
    '(aws route53resolver create-resolver-query-log-config / associate-resolver-query-log-config).',
  references: {
    mitre: ['T1562.008'],
    stratus: ['aws.defense-evasion.dns-delete-logs'],
    links: ['https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-query-logs.html'],
  },
});
