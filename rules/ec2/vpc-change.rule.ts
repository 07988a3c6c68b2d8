import { awsServiceCaller, describeActor, fieldText, firstFieldText, request, resourceList, response, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { accountOf, isObject, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { defineRule } from '../../lib/rule';

/**
 * Security Hub CloudWatch.14 / CIS v1.4 4.14, complete. ClassicLink was retired in 2022 and its calls now fail,
 * but the names stay so the list matches the benchmark and old history replays the same.
 */
const EVENTS = [
  'CreateVpc',
  'DeleteVpc',
  'ModifyVpcAttribute',
  'AcceptVpcPeeringConnection',
  'CreateVpcPeeringConnection',
  'DeleteVpcPeeringConnection',
  'RejectVpcPeeringConnection',
  'AttachClassicLinkVpc',
  'DetachClassicLinkVpc',
  'DisableVpcClassicLink',
  'EnableVpcClassicLink',
] as const;

/**
 * CreateDefaultVpc builds a whole internet-facing network in one call: a VPC, an internet gateway attached to it, a
 * default route to that gateway and a public subnet in every Availability Zone. CloudTrail records only this event
 * (no CreateVpc, CreateInternetGateway or CreateRoute), so without it the new network would pass unseen.
 */
const EXTRA_EVENTS = ['CreateDefaultVpc'] as const;

const EVENT_SET: ReadonlySet<string> = new Set([...EVENTS, ...EXTRA_EVENTS]);

const VPC_ATTRIBUTES = ['enableDnsSupport', 'enableDnsHostnames', 'enableNetworkAddressUsageMetrics'] as const;

/** `enableDnsHostnames=true`: ModifyVpcAttribute changes one attribute per call, written as `{ "value": … }`. */
const describeAttribute = (record: CloudTrailRecord): string | undefined => {
  for (const attribute of VPC_ATTRIBUTES) {
    const field = request(record, attribute);
    if (field === undefined) continue;
    const value = isObject(field) ? field.value : field;
    return `${attribute}=${typeof value === 'boolean' || typeof value === 'number' ? String(value) : (fieldText(value, 20) ?? '?')}`;
  }
  return undefined;
};

/** Both ends of a peering connection, from the request (create) or the response (create/accept). */
const peeringFacts = (record: CloudTrailRecord): Record<string, string> => {
  const facts: Record<string, string> = {};
  const peerAccount = firstFieldText(request(record, 'peerOwnerId'), response(record, 'vpcPeeringConnection', 'accepterVpcInfo', 'ownerId'));
  const peerVpc = firstFieldText(request(record, 'peerVpcId'), response(record, 'vpcPeeringConnection', 'accepterVpcInfo', 'vpcId'));
  const peerRegion = firstFieldText(request(record, 'peerRegion'), response(record, 'vpcPeeringConnection', 'accepterVpcInfo', 'region'));
  const requester = firstFieldText(response(record, 'vpcPeeringConnection', 'requesterVpcInfo', 'ownerId'));
  const requesterVpc = firstFieldText(response(record, 'vpcPeeringConnection', 'requesterVpcInfo', 'vpcId'));
  if (record.eventName === 'AcceptVpcPeeringConnection') {
    if (requester) facts['Requester account'] = requester;
    if (requesterVpc) facts['Requester VPC'] = requesterVpc;
  } else {
    if (peerAccount) facts['Peer account'] = peerAccount;
    if (peerVpc) facts['Peer VPC'] = peerVpc;
    if (peerRegion) facts['Peer region'] = peerRegion;
  }
  const other = record.eventName === 'AcceptVpcPeeringConnection' ? requester : peerAccount;
  if (other !== undefined && other !== accountOf(record)) facts['Cross-account'] = 'yes';
  return facts;
};

const VERBS: Readonly<Record<string, string>> = {
  CreateVpc: 'created VPC',
  CreateDefaultVpc: 'created a default VPC (with an internet gateway and public subnets)',
  DeleteVpc: 'deleted VPC',
  ModifyVpcAttribute: 'changed an attribute of VPC',
  CreateVpcPeeringConnection: 'requested VPC peering connection',
  AcceptVpcPeeringConnection: 'accepted VPC peering connection',
  RejectVpcPeeringConnection: 'rejected VPC peering connection',
  DeleteVpcPeeringConnection: 'deleted VPC peering connection',
  AttachClassicLinkVpc: 'linked an EC2-Classic instance to VPC',
  DetachClassicLinkVpc: 'unlinked an EC2-Classic instance from VPC',
  EnableVpcClassicLink: 'enabled ClassicLink on VPC',
  DisableVpcClassicLink: 'disabled ClassicLink on VPC',
};

/**
 * Security Hub CloudWatch.14 (CIS v1.4 4.14): a successful VPC or VPC peering change, plus CreateDefaultVpc.
 * Peering joins two networks, possibly another account's, so it is a quiet path for lateral movement or
 * exfiltration. Changes AWS services make with their service-linked roles are not reported.
 */
export default defineRule({
  id: 'ec2.vpc-change',
  title: 'VPC or VPC peering changed',
  description: 'A VPC, one of its attributes, or a VPC peering connection changed: the network layout is different now.',
  category: 'vpc-change',
  // MEDIUM: new networks and peerings change what can reach what, but are mostly planned work.
  severity: 'MEDIUM',
  status: 'active',
  pattern: apiCallPattern('ec2', [...EVENTS, ...EXTRA_EVENTS]),
  classify: (record) => {
    if (record.eventSource !== 'ec2.amazonaws.com' || !EVENT_SET.has(record.eventName) || !succeeded(record)) return null;
    if (awsServiceCaller(record) !== undefined) return null;

    const peering = record.eventName.includes('PeeringConnection');
    const vpc = firstFieldText(request(record, 'vpcId'), response(record, 'vpc', 'vpcId'));
    const connection = firstFieldText(
      request(record, 'vpcPeeringConnectionId'),
      response(record, 'vpcPeeringConnection', 'vpcPeeringConnectionId'),
    );
    const instance = fieldText(request(record, 'instanceId'));
    const cidr = firstFieldText(request(record, 'cidrBlock'), response(record, 'vpc', 'cidrBlock'));
    const attribute = record.eventName === 'ModifyVpcAttribute' ? describeAttribute(record) : undefined;
    const subject = peering ? (connection ?? (vpc ? `from ${vpc}` : '(unknown)')) : (vpc ?? '(unknown)');
    return {
      resources: resourceList(peering ? connection : undefined, vpc, instance),
      summary: `${describeActor(record)} ${VERBS[record.eventName] ?? 'changed VPC'} ${subject}${attribute ? `: ${attribute}` : ''}`,
      facts: {
        ...(cidr && record.eventName.startsWith('Create') && !peering ? { CIDR: cidr } : {}),
        ...(record.eventName === 'CreateDefaultVpc' ? { Internet: 'internet gateway attached, default route and public subnets created' } : {}),
        ...(attribute ? { Attribute: attribute } : {}),
        ...(peering ? peeringFacts(record) : {}),
        ...(instance ? { Instance: instance } : {}),
        ...viaService(record),
      },
    };
  },
  guidance:
    'Check the change against the network design; for peering, confirm the other account and VPC are yours. To ' +
    'undo: DeleteVpcPeeringConnection, ModifyVpcAttribute back, or DeleteVpc once it is confirmed unused.',
  // CIS AWS Foundations Benchmark v1.4.0 numbering (unchanged in v3.0.0; 3.14 in v1.2.0).
  references: {
    cis: ['4.14'],
    securityHub: ['CloudWatch.14'],
    mitre: ['T1599', 'T1537'],
    links: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-14'],
  },
});
