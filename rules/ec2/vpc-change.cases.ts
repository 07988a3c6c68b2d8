import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, identities } from '../../tests/support/records';
import { THIRD_ACCOUNT, cisIdentities, ec2Call } from '../../tests/support/service-records';

const VPC = 'vpc-0123456789abcdef0';
const PEER_VPC = 'vpc-0fedcba9876543210';
const PCX = 'pcx-0a9b8c7d6e5f40312';
const INSTANCE = 'i-0abcdef1234567890';
const DEFAULT_VPC = 'vpc-0d1e2f3a4b5c6d7e8';

/** ClassicLink calls were retired in 2022; these records come from older history. */
const classic = { eventTime: '2021-06-14T10:05:00Z', eventVersion: '1.08' };

const peering = (status: string, requesterOwner = ACCOUNT, accepterOwner = THIRD_ACCOUNT) => ({
  vpcPeeringConnection: {
    vpcPeeringConnectionId: PCX,
    requesterVpcInfo: { ownerId: requesterOwner, vpcId: VPC, cidrBlock: '10.0.0.0/16', region: 'us-east-1' },
    accepterVpcInfo: { ownerId: accepterOwner, vpcId: PEER_VPC, region: 'us-east-1' },
    status: { code: status, message: status === 'initiating-request' ? `Initiating Request to ${accepterOwner}` : 'Provisioning' },
    tagSet: {},
  },
});

export default [
  {
    name: 'CreateVpc',
    record: ec2Call('CreateVpc', { cidrBlock: '10.20.0.0/16', instanceTenancy: 'default', amazonProvidedIpv6CidrBlock: false }, {
      vpc: {
        vpcId: VPC,
        state: 'pending',
        ownerId: ACCOUNT,
        cidrBlock: '10.20.0.0/16',
        cidrBlockAssociationSet: { items: [{ cidrBlock: '10.20.0.0/16', associationId: 'vpc-cidr-assoc-0a1b2c3d4e5f60718', cidrBlockState: { state: 'associated' } }] },
        ipv6CidrBlockAssociationSet: {},
        dhcpOptionsId: 'dopt-0a1b2c3d4e5f60718',
        instanceTenancy: 'default',
        tagSet: {},
        isDefault: false,
      },
    }),
    matches: true,
    findings: [{ category: 'vpc-change', severity: 'MEDIUM', resources: [VPC], action: 'none' }],
  },
  {
    name: 'CreateDefaultVpc brings back a default VPC with an internet gateway (addition)',
    record: ec2Call('CreateDefaultVpc', {}, {
      vpc: {
        vpcId: DEFAULT_VPC,
        state: 'pending',
        ownerId: ACCOUNT,
        cidrBlock: '172.31.0.0/16',
        cidrBlockAssociationSet: { items: [{ cidrBlock: '172.31.0.0/16', associationId: 'vpc-cidr-assoc-0f1e2d3c4b5a69788', cidrBlockState: { state: 'associated' } }] },
        ipv6CidrBlockAssociationSet: {},
        dhcpOptionsId: 'dopt-0a1b2c3d4e5f60718',
        instanceTenancy: 'default',
        tagSet: {},
        isDefault: true,
      },
    }, { userAgent: 'AWS Internal', sessionCredentialFromConsole: 'true' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [DEFAULT_VPC] }],
  },
  {
    name: 'near miss: CreateDefaultVpc when the region already has one',
    record: ec2Call('CreateDefaultVpc', {}, {}, {
      responseElements: null,
      errorCode: 'Client.DefaultVpcAlreadyExists',
      errorMessage: 'A Default VPC already exists for this account in this region.',
    }),
    matches: false,
  },
  {
    name: 'DeleteVpc',
    record: ec2Call('DeleteVpc', { vpcId: VPC }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [VPC] }],
  },
  {
    name: 'ModifyVpcAttribute turning DNS hostnames on',
    record: ec2Call('ModifyVpcAttribute', { vpcId: VPC, enableDnsHostnames: { value: true } }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [VPC] }],
  },
  {
    name: 'CreateVpcPeeringConnection to another account',
    record: ec2Call('CreateVpcPeeringConnection', { vpcId: VPC, peerVpcId: PEER_VPC, peerOwnerId: THIRD_ACCOUNT }, peering('initiating-request')),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [PCX, VPC] }],
  },
  {
    name: 'AcceptVpcPeeringConnection from another account',
    record: ec2Call('AcceptVpcPeeringConnection', { vpcPeeringConnectionId: PCX }, peering('provisioning', THIRD_ACCOUNT, ACCOUNT), {
      userIdentity: identities.assumedRole('NetworkAdmin', 'alice'),
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [PCX] }],
  },
  {
    name: 'RejectVpcPeeringConnection',
    record: ec2Call('RejectVpcPeeringConnection', { vpcPeeringConnectionId: PCX }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [PCX] }],
  },
  {
    name: 'DeleteVpcPeeringConnection',
    record: ec2Call('DeleteVpcPeeringConnection', { vpcPeeringConnectionId: PCX }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [PCX] }],
  },
  {
    name: 'EnableVpcClassicLink (2021 history)',
    record: ec2Call('EnableVpcClassicLink', { vpcId: VPC }, { _return: true }, classic),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [VPC] }],
  },
  {
    name: 'AttachClassicLinkVpc (2021 history)',
    record: ec2Call(
      'AttachClassicLinkVpc',
      { instanceId: INSTANCE, vpcId: VPC, groupSet: { items: [{ groupId: 'sg-0123456789abcdef0' }] } },
      { _return: true },
      classic,
    ),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [VPC, INSTANCE] }],
  },
  {
    name: 'DetachClassicLinkVpc (2021 history)',
    record: ec2Call('DetachClassicLinkVpc', { instanceId: INSTANCE, vpcId: VPC }, { _return: true }, classic),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [VPC, INSTANCE] }],
  },
  {
    name: 'DisableVpcClassicLink (2021 history)',
    record: ec2Call('DisableVpcClassicLink', { vpcId: VPC }, { _return: true }, classic),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [VPC] }],
  },
  {
    name: 'odd record: ModifyVpcAttribute with the attribute as a bare string',
    record: ec2Call('ModifyVpcAttribute', { vpcId: VPC, enableDnsSupport: 'false' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [VPC] }],
  },
  {
    name: 'near miss: CreateVpcPeeringConnection to a VPC that does not exist',
    record: ec2Call('CreateVpcPeeringConnection', { vpcId: VPC, peerVpcId: 'vpc-0000000000000000f', peerOwnerId: THIRD_ACCOUNT }, {}, {
      responseElements: null,
      errorCode: 'Client.InvalidVpcID.NotFound',
      errorMessage: "The vpc ID 'vpc-0000000000000000f' does not exist",
    }),
    matches: false,
  },
  {
    name: 'near miss: DeleteVpc not authorized (account.unauthorized-api-call reports it)',
    record: ec2Call('DeleteVpc', { vpcId: VPC }, {}, {
      responseElements: null,
      errorCode: 'Client.UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation.',
    }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'near miss: DescribeVpcs',
    record: ec2Call('DescribeVpcs', { vpcSet: { items: [{ vpcId: VPC }] }, filterSet: {} }, {}, { responseElements: null }),
    matches: false,
  },
  {
    name: 'near miss: DescribeVpcPeeringConnections',
    record: ec2Call('DescribeVpcPeeringConnections', { vpcPeeringConnectionIdSet: {}, filterSet: {} }, {}, { responseElements: null }),
    matches: false,
  },
  {
    name: 'near miss: CreateSubnet is not a VPC change in CIS terms',
    record: ec2Call('CreateSubnet', { vpcId: VPC, cidrBlock: '10.20.1.0/24', availabilityZone: 'us-east-1a' }, {
      subnet: { subnetId: 'subnet-0123456789abcdef0', vpcId: VPC, cidrBlock: '10.20.1.0/24', state: 'available' },
    }),
    matches: false,
  },
  {
    name: 'near miss: Elastic Disaster Recovery\'s service-linked role recreating the source VPC',
    record: ec2Call('CreateVpc', { cidrBlock: '10.20.0.0/16', instanceTenancy: 'default' }, { vpc: { vpcId: VPC, state: 'pending', ownerId: ACCOUNT, cidrBlock: '10.20.0.0/16' } }, {
      userIdentity: cisIdentities.serviceLinkedRole('drs.amazonaws.com', 'AWSServiceRoleForElasticDisasterRecovery'),
      sourceIPAddress: 'drs.amazonaws.com',
      userAgent: 'drs.amazonaws.com',
    }),
    matches: true,
    findings: [],
  },
] satisfies readonly RuleCase[];
