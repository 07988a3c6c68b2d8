import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, identities } from '../../tests/support/records';
import { cisIdentities, ec2Call, serviceCall } from '../../tests/support/service-records';

const RTB = 'rtb-0a1b2c3d4e5f60718';
const VPC = 'vpc-0123456789abcdef0';
const IGW = 'igw-0c1d2e3f4a5b6c7d8';
const NAT = 'nat-0f1e2d3c4b5a69788';
const PCX = 'pcx-0a9b8c7d6e5f40312';
const SUBNET = 'subnet-0123456789abcdef0';
const ASSOCIATION = 'rtbassoc-0a1b2c3d4e5f60718';
const NEW_ASSOCIATION = 'rtbassoc-0fedcba9876543210';

export default [
  {
    name: 'CreateRoute sending the default route to an internet gateway',
    record: ec2Call('CreateRoute', { routeTableId: RTB, destinationCidrBlock: '0.0.0.0/0', gatewayId: IGW }),
    matches: true,
    findings: [{ category: 'route-table-change', severity: 'MEDIUM', resources: [RTB, IGW], action: 'none' }],
  },
  {
    name: 'CreateRoute to a peering connection from the console',
    record: ec2Call('CreateRoute', { routeTableId: RTB, destinationCidrBlock: '172.31.0.0/16', vpcPeeringConnectionId: PCX }, { _return: true }, {
      userIdentity: identities.iamUser('alice', ACCOUNT, true),
      userAgent: 'console.ec2.amazonaws.com',
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [RTB, PCX] }],
  },
  {
    name: 'CreateRouteTable',
    record: ec2Call('CreateRouteTable', { vpcId: VPC }, {
      routeTable: {
        routeTableId: RTB,
        vpcId: VPC,
        routeSet: { items: [{ destinationCidrBlock: '10.0.0.0/16', gatewayId: 'local', state: 'active', origin: 'CreateRouteTable' }] },
        associationSet: {},
        propagatingVgwSet: {},
        tagSet: {},
        ownerId: ACCOUNT,
      },
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [RTB] }],
  },
  {
    name: 'ReplaceRoute moving the default route from a NAT gateway to an instance',
    record: ec2Call('ReplaceRoute', { routeTableId: RTB, destinationCidrBlock: '0.0.0.0/0', instanceId: 'i-0abcdef1234567890' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [RTB, 'i-0abcdef1234567890'] }],
  },
  {
    name: 'ReplaceRouteTableAssociation',
    record: ec2Call('ReplaceRouteTableAssociation', { associationId: ASSOCIATION, routeTableId: RTB }, {
      newAssociationId: NEW_ASSOCIATION,
      associationState: { state: 'associated' },
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [RTB, ASSOCIATION, NEW_ASSOCIATION] }],
  },
  {
    name: 'DeleteRouteTable',
    record: ec2Call('DeleteRouteTable', { routeTableId: RTB }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [RTB] }],
  },
  {
    name: 'DeleteRoute removing an IPv6 default route',
    record: ec2Call('DeleteRoute', { routeTableId: RTB, destinationIpv6CidrBlock: '::/0' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [RTB] }],
  },
  {
    name: 'DisassociateRouteTable',
    record: ec2Call('DisassociateRouteTable', { associationId: ASSOCIATION }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [ASSOCIATION] }],
  },
  {
    name: 'AssociateRouteTable making a subnet public (addition)',
    record: ec2Call('AssociateRouteTable', { routeTableId: RTB, subnetId: SUBNET }, {
      associationId: ASSOCIATION,
      associationState: { state: 'associated' },
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [RTB, SUBNET, ASSOCIATION] }],
  },
  {
    name: 'odd record: CreateRoute with null requestParameters',
    record: ec2Call('CreateRoute', null),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [] }],
  },
  {
    name: 'near miss: CreateRoute for a destination that already has a route',
    record: ec2Call('CreateRoute', { routeTableId: RTB, destinationCidrBlock: '0.0.0.0/0', natGatewayId: NAT }, {}, {
      responseElements: null,
      errorCode: 'Client.RouteAlreadyExists',
      errorMessage: `The route identified by 0.0.0.0/0 already exists.`,
    }),
    matches: false,
  },
  {
    name: 'near miss: ReplaceRoute not authorized (account.unauthorized-api-call reports it)',
    record: ec2Call('ReplaceRoute', { routeTableId: RTB, destinationCidrBlock: '0.0.0.0/0', gatewayId: IGW }, {}, {
      responseElements: null,
      errorCode: 'Client.UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation.',
    }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'near miss: DescribeRouteTables',
    record: ec2Call('DescribeRouteTables', { routeTableIdSet: {}, filterSet: { items: [{ name: 'vpc-id', valueSet: { items: [{ value: VPC }] } }] } }, {}, {
      responseElements: null,
    }),
    matches: false,
  },
  {
    name: 'near miss: API Gateway CreateRoute adds an HTTP API route',
    record: serviceCall(
      'apigateway.amazonaws.com',
      'CreateRoute',
      { apiId: 'a1b2c3d4e5', routeKey: 'GET /reports', target: 'integrations/abc123d' },
      { routeId: 'r1s2t3u', routeKey: 'GET /reports', target: 'integrations/abc123d', apiKeyRequired: false, authorizationType: 'NONE' },
    ),
    matches: false,
  },
  {
    name: 'near miss: App Mesh DeleteRoute',
    record: serviceCall('appmesh.amazonaws.com', 'DeleteRoute', { meshName: 'apps', virtualRouterName: 'reports-router', routeName: 'reports-route' }),
    matches: false,
  },
  {
    name: 'near miss: a transit gateway route is a different call',
    record: ec2Call('CreateTransitGatewayRoute', {
      CreateTransitGatewayRouteRequest: { DestinationCidrBlock: '10.1.0.0/16', TransitGatewayRouteTableId: 'tgw-rtb-0a1b2c3d4e5f60718', TransitGatewayAttachmentId: 'tgw-attach-0a1b2c3d4e5f60718' },
    }),
    matches: false,
  },
  {
    name: 'near miss: Elastic Disaster Recovery\'s service-linked role creating a route in the recovery VPC',
    record: ec2Call('CreateRoute', { routeTableId: RTB, destinationCidrBlock: '0.0.0.0/0', gatewayId: IGW }, { _return: true }, {
      userIdentity: cisIdentities.serviceLinkedRole('drs.amazonaws.com', 'AWSServiceRoleForElasticDisasterRecovery'),
      sourceIPAddress: 'drs.amazonaws.com',
      userAgent: 'drs.amazonaws.com',
    }),
    matches: true,
    findings: [],
  },
] satisfies readonly RuleCase[];
