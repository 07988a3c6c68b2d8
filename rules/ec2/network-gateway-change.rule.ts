import { awsServiceCaller, describeActor, fieldText, firstFieldText, request, resourceList, response, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { num, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { defineRule } from '../../lib/rule';

/** Security Hub CloudWatch.12 / CIS v1.4 4.12, complete. */
const EVENTS = [
  'CreateCustomerGateway',
  'DeleteCustomerGateway',
  'AttachInternetGateway',
  'CreateInternetGateway',
  'DeleteInternetGateway',
  'DetachInternetGateway',
] as const;

const EVENT_SET: ReadonlySet<string> = new Set(EVENTS);

const describeChange = (record: CloudTrailRecord, gateway: string, vpc: string | undefined): string => {
  switch (record.eventName) {
    case 'CreateCustomerGateway':
      return `created customer gateway ${gateway}`;
    case 'DeleteCustomerGateway':
      return `deleted customer gateway ${gateway}`;
    case 'CreateInternetGateway':
      return `created internet gateway ${gateway}`;
    case 'DeleteInternetGateway':
      return `deleted internet gateway ${gateway}`;
    case 'AttachInternetGateway':
      return `attached internet gateway ${gateway} to ${vpc ?? 'a VPC'}`;
    case 'DetachInternetGateway':
      return `detached internet gateway ${gateway} from ${vpc ?? 'a VPC'}`;
    default:
      return `changed gateway ${gateway}`;
  }
};

/**
 * Security Hub CloudWatch.12 (CIS v1.4 4.12): a successful customer or internet gateway change. An internet
 * gateway attached to a private VPC gives it a way out; a customer gateway is the far end of a VPN into the VPC.
 * Changes AWS services make with their service-linked roles are not reported.
 */
export default defineRule({
  id: 'ec2.network-gateway-change',
  title: 'Network gateway changed',
  description:
    'An internet gateway or customer (VPN) gateway was created, deleted, attached or detached: the ways in and out of a VPC changed.',
  category: 'network-gateway-change',
  // MEDIUM: rare outside network build-outs and it changes the VPC's perimeter, but usually deliberate.
  severity: 'MEDIUM',
  status: 'active',
  pattern: apiCallPattern('ec2', [...EVENTS]),
  classify: (record) => {
    if (record.eventSource !== 'ec2.amazonaws.com' || !EVENT_SET.has(record.eventName) || !succeeded(record)) return null;
    if (awsServiceCaller(record) !== undefined) return null;

    const gateway = firstFieldText(
      request(record, 'internetGatewayId'),
      response(record, 'internetGateway', 'internetGatewayId'),
      request(record, 'customerGatewayId'),
      response(record, 'customerGateway', 'customerGatewayId'),
    );
    const vpc = fieldText(request(record, 'vpcId'));
    const peerIp = firstFieldText(request(record, 'ipAddress'), response(record, 'customerGateway', 'ipAddress'));
    const asn = num(request(record, 'bgpAsn')) ?? num(response(record, 'customerGateway', 'bgpAsn'));
    return {
      resources: resourceList(gateway, vpc),
      summary: `${describeActor(record)} ${describeChange(record, gateway ?? '(unknown)', vpc)}`,
      facts: {
        ...(vpc ? { VPC: vpc } : {}),
        ...(peerIp ? { 'VPN peer address': peerIp } : {}),
        ...(asn !== undefined ? { 'BGP ASN': String(asn) } : {}),
        ...viaService(record),
      },
    };
  },
  guidance:
    'Check the change against the network design. To undo an unexpected attachment: DetachInternetGateway; for ' +
    'an unknown customer gateway, find and delete the VPN connections that use it, then the gateway.',
  // CIS AWS Foundations Benchmark v1.4.0 numbering (unchanged in v3.0.0; 3.12 in v1.2.0).
  references: {
    cis: ['4.12'],
    securityHub: ['CloudWatch.12'],
    mitre: ['T1562.007', 'T1048'],
    links: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-12'],
  },
});
