import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, identities } from '../../tests/support/records';
import { cisIdentities, ec2Call } from '../../tests/support/service-records';

const IGW = 'igw-0c1d2e3f4a5b6c7d8';
const CGW = 'cgw-0e1f2a3b4c5d6e7f8';
const VPC = 'vpc-0123456789abcdef0';

export default [
  {
    name: 'CreateCustomerGateway for a VPN peer',
    record: ec2Call(
      'CreateCustomerGateway',
      { type: 'ipsec.1', ipAddress: '198.51.100.7', bgpAsn: 65000, deviceName: 'branch-router' },
      { customerGateway: { customerGatewayId: CGW, state: 'available', type: 'ipsec.1', ipAddress: '198.51.100.7', bgpAsn: '65000', deviceName: 'branch-router', tagSet: {} } },
    ),
    matches: true,
    findings: [{ category: 'network-gateway-change', severity: 'MEDIUM', resources: [CGW], action: 'none' }],
  },
  {
    name: 'DeleteCustomerGateway',
    record: ec2Call('DeleteCustomerGateway', { customerGatewayId: CGW }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [CGW] }],
  },
  {
    name: 'CreateInternetGateway',
    record: ec2Call('CreateInternetGateway', {}, { internetGateway: { internetGatewayId: IGW, attachmentSet: {}, ownerId: ACCOUNT, tagSet: {} } }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [IGW] }],
  },
  {
    name: 'AttachInternetGateway gives a VPC a way out',
    record: ec2Call('AttachInternetGateway', { internetGatewayId: IGW, vpcId: VPC }, { _return: true }, {
      userIdentity: identities.assumedRole('NetworkAdmin', 'alice'),
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [IGW, VPC] }],
  },
  {
    name: 'DetachInternetGateway',
    record: ec2Call('DetachInternetGateway', { internetGatewayId: IGW, vpcId: VPC }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [IGW, VPC] }],
  },
  {
    name: 'DeleteInternetGateway',
    record: ec2Call('DeleteInternetGateway', { internetGatewayId: IGW }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [IGW] }],
  },
  {
    name: 'CloudFormation attaching an internet gateway for a user\'s stack',
    record: ec2Call('AttachInternetGateway', { internetGatewayId: IGW, vpcId: VPC }, { _return: true }, {
      userIdentity: { ...identities.assumedRole('Deployer', 'alice'), invokedBy: 'cloudformation.amazonaws.com' },
      sourceIPAddress: 'cloudformation.amazonaws.com',
      userAgent: 'cloudformation.amazonaws.com',
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [IGW, VPC] }],
  },
  {
    name: 'near miss: AttachInternetGateway to a VPC that already has one',
    record: ec2Call('AttachInternetGateway', { internetGatewayId: IGW, vpcId: VPC }, {}, {
      responseElements: null,
      errorCode: 'Client.Resource.AlreadyAssociated',
      errorMessage: `resource ${IGW} is already attached to network ${VPC}`,
    }),
    matches: false,
  },
  {
    name: 'near miss: DeleteInternetGateway not authorized (account.unauthorized-api-call reports it)',
    record: ec2Call('DeleteInternetGateway', { internetGatewayId: IGW }, {}, {
      responseElements: null,
      errorCode: 'Client.UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation.',
    }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'near miss: DescribeInternetGateways',
    record: ec2Call('DescribeInternetGateways', { internetGatewayIdSet: {}, filterSet: {} }, {}, { responseElements: null }),
    matches: false,
  },
  {
    name: 'near miss: an egress-only internet gateway is not in the CIS list',
    record: ec2Call('CreateEgressOnlyInternetGateway', { vpcId: VPC }, {
      egressOnlyInternetGateway: { egressOnlyInternetGatewayId: 'eigw-0a1b2c3d4e5f60718', attachmentSet: { items: [{ vpcId: VPC, state: 'attached' }] } },
    }),
    matches: false,
  },
  {
    name: 'near miss: Elastic Disaster Recovery\'s service-linked role recreating a gateway in the recovery VPC',
    record: ec2Call('CreateInternetGateway', {}, { internetGateway: { internetGatewayId: IGW, attachmentSet: {}, ownerId: ACCOUNT, tagSet: {} } }, {
      userIdentity: cisIdentities.serviceLinkedRole('drs.amazonaws.com', 'AWSServiceRoleForElasticDisasterRecovery'),
      sourceIPAddress: 'drs.amazonaws.com',
      userAgent: 'drs.amazonaws.com',
    }),
    matches: true,
    findings: [],
  },
] satisfies readonly RuleCase[];
