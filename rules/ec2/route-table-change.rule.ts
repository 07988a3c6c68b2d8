import { awsServiceCaller, describeActor, fieldText, firstFieldText, request, resourceList, response, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { defineRule } from '../../lib/rule';

/** Security Hub CloudWatch.13 / CIS v1.4 4.13, complete. */
const CIS_EVENTS = [
  'CreateRoute',
  'CreateRouteTable',
  'ReplaceRoute',
  'ReplaceRouteTableAssociation',
  'DeleteRouteTable',
  'DeleteRoute',
  'DisassociateRouteTable',
] as const;

/**
 * The benchmark lists DisassociateRouteTable but not its inverse: associating a subnet with a table that routes
 * to an internet gateway makes the subnet public in one call.
 */
const EXTRA_EVENTS = ['AssociateRouteTable'] as const;

const EVENTS: ReadonlySet<string> = new Set([...CIS_EVENTS, ...EXTRA_EVENTS]);

const TARGET_FIELDS = [
  'gatewayId',
  'natGatewayId',
  'transitGatewayId',
  'vpcPeeringConnectionId',
  'networkInterfaceId',
  'instanceId',
  'egressOnlyInternetGatewayId',
  'vpcEndpointId',
  'localGatewayId',
  'carrierGatewayId',
  'coreNetworkArn',
] as const;

/** `0.0.0.0/0 -> igw-0abc…` for CreateRoute/ReplaceRoute, `0.0.0.0/0` for DeleteRoute. */
const describeRoute = (record: CloudTrailRecord): { route?: string; target?: string } => {
  const destination = firstFieldText(
    request(record, 'destinationCidrBlock'),
    request(record, 'destinationIpv6CidrBlock'),
    request(record, 'destinationPrefixListId'),
  );
  const target = firstFieldText(...TARGET_FIELDS.map((field) => request(record, field)));
  if (destination === undefined) return target === undefined ? {} : { target };
  return { route: target === undefined ? destination : `${destination} -> ${target}`, ...(target ? { target } : {}) };
};

/**
 * Security Hub CloudWatch.13 (CIS v1.4 4.13): a successful route or route-table change, eventSource ec2 only
 * (API Gateway and App Mesh also have CreateRoute/DeleteRoute calls). A new default route to an internet gateway,
 * NAT or peering connection changes where a subnet's traffic can go. Routes AWS services manage with their
 * service-linked roles are not reported.
 */
export default defineRule({
  id: 'ec2.route-table-change',
  title: 'Route table changed',
  description: 'A route or route table, or the subnet it serves, changed: traffic in the VPC may now take a different path.',
  category: 'route-table-change',
  // MEDIUM: can expose a private subnet or divert traffic through an attacker's instance, but mostly deliberate.
  severity: 'MEDIUM',
  status: 'active',
  pattern: apiCallPattern('ec2', [...CIS_EVENTS, ...EXTRA_EVENTS]),
  classify: (record) => {
    if (record.eventSource !== 'ec2.amazonaws.com' || !EVENTS.has(record.eventName) || !succeeded(record)) return null;
    if (awsServiceCaller(record) !== undefined) return null;

    const table = firstFieldText(request(record, 'routeTableId'), response(record, 'routeTable', 'routeTableId'));
    const vpc = firstFieldText(request(record, 'vpcId'), response(record, 'routeTable', 'vpcId'));
    const subnet = fieldText(request(record, 'subnetId'));
    const association = firstFieldText(request(record, 'associationId'), response(record, 'associationId'));
    const newAssociation = fieldText(response(record, 'newAssociationId'));
    const { route, target } = describeRoute(record);
    const tableText = table ?? '(unknown)';

    let change: string;
    switch (record.eventName) {
      case 'CreateRoute':
        change = `added route ${route ?? '(unknown)'} to ${tableText}`;
        break;
      case 'ReplaceRoute':
        change = `replaced route ${route ?? '(unknown)'} in ${tableText}`;
        break;
      case 'DeleteRoute':
        change = `deleted route ${route ?? '(unknown)'} from ${tableText}`;
        break;
      case 'CreateRouteTable':
        change = `created route table ${tableText}${vpc ? ` in ${vpc}` : ''}`;
        break;
      case 'DeleteRouteTable':
        change = `deleted route table ${tableText}`;
        break;
      case 'AssociateRouteTable':
        change = `associated route table ${tableText} with ${subnet ?? target ?? 'a subnet or gateway'}`;
        break;
      case 'ReplaceRouteTableAssociation':
        change = `replaced route table association ${association ?? '(unknown)'} with ${tableText}`;
        break;
      case 'DisassociateRouteTable':
        change = `disassociated route table association ${association ?? '(unknown)'}`;
        break;
      default:
        change = `changed route table ${tableText}`;
    }
    return {
      resources: resourceList(table, target, subnet, association, newAssociation),
      summary: `${describeActor(record)} ${change}`,
      facts: {
        ...(route ? { Route: route } : {}),
        ...(vpc ? { VPC: vpc } : {}),
        ...(newAssociation ? { 'New association': newAssociation } : {}),
        ...viaService(record),
      },
    };
  },
  guidance:
    'Compare with the intended routing (DescribeRouteTables). To undo: DeleteRoute or ReplaceRoute back to the ' +
    'previous target, or ReplaceRouteTableAssociation back to the previous table.',
  // CIS AWS Foundations Benchmark v1.4.0 numbering (unchanged in v3.0.0; 3.13 in v1.2.0).
  references: {
    cis: ['4.13'],
    securityHub: ['CloudWatch.13'],
    mitre: ['T1562.007', 'T1599'],
    links: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-13'],
  },
});
