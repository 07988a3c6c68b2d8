import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, identities } from '../../tests/support/records';
import { cisIdentities, ec2Call } from '../../tests/support/service-records';

const ACL = 'acl-0a1b2c3d4e5f60718';
const VPC = 'vpc-0123456789abcdef0';
const ASSOCIATION = 'aclassoc-0a1b2c3d4e5f60718';
const NEW_ASSOCIATION = 'aclassoc-0fedcba9876543210';

const entry = (overrides: Record<string, unknown> = {}) => ({
  networkAclId: ACL,
  ruleNumber: 100,
  egress: false,
  ruleAction: 'allow',
  icmpTypeCode: {},
  portRange: { from: 22, to: 22 },
  aclProtocol: '6',
  cidrBlock: '0.0.0.0/0',
  ...overrides,
});

const { cidrBlock: _ipv4, ...ipv6Entry } = entry();

export default [
  {
    name: 'CreateNetworkAcl',
    record: ec2Call('CreateNetworkAcl', { vpcId: VPC, clientToken: 'c0a8f1e2-3b4c-4d5e-8f90-123456789abc' }, {
      networkAcl: {
        networkAclId: ACL,
        vpcId: VPC,
        default: false,
        entrySet: {
          items: [
            { ruleNumber: 32767, protocol: '-1', ruleAction: 'deny', egress: true, cidrBlock: '0.0.0.0/0' },
            { ruleNumber: 32767, protocol: '-1', ruleAction: 'deny', egress: false, cidrBlock: '0.0.0.0/0' },
          ],
        },
        associationSet: {},
        tagSet: {},
        ownerId: ACCOUNT,
      },
    }),
    matches: true,
    findings: [{ category: 'nacl-change', severity: 'MEDIUM', resources: [ACL, VPC], action: 'none' }],
  },
  {
    name: 'CreateNetworkAclEntry allowing SSH from anywhere',
    record: ec2Call('CreateNetworkAclEntry', entry()),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [ACL] }],
  },
  {
    name: 'CreateNetworkAclEntry allowing all egress, protocol and rule number written as strings',
    record: ec2Call('CreateNetworkAclEntry', entry({ ruleNumber: '500', egress: true, aclProtocol: '-1', portRange: {} })),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [ACL] }],
  },
  {
    name: 'ReplaceNetworkAclEntry widening a rule to all ports',
    record: ec2Call('ReplaceNetworkAclEntry', entry({ portRange: { from: 0, to: 65535 } })),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [ACL] }],
  },
  {
    name: 'DeleteNetworkAclEntry removing a deny rule',
    record: ec2Call('DeleteNetworkAclEntry', { networkAclId: ACL, ruleNumber: 90, egress: false }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [ACL] }],
  },
  {
    name: 'DeleteNetworkAcl',
    record: ec2Call('DeleteNetworkAcl', { networkAclId: ACL }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [ACL] }],
  },
  {
    name: 'ReplaceNetworkAclAssociation moving a subnet to another ACL',
    record: ec2Call('ReplaceNetworkAclAssociation', { associationId: ASSOCIATION, networkAclId: ACL }, { newAssociationId: NEW_ASSOCIATION }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [ACL, ASSOCIATION, NEW_ASSOCIATION] }],
  },
  {
    name: 'console user adds an IPv6 entry',
    record: ec2Call('CreateNetworkAclEntry', { ...ipv6Entry, ipv6CidrBlock: '::/0', ruleNumber: 101 }, { _return: true }, {
      userIdentity: identities.iamUser('alice', ACCOUNT, true),
      userAgent: 'console.ec2.amazonaws.com',
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [ACL] }],
  },
  {
    name: 'near miss: CreateNetworkAclEntry with a rule number already in use',
    record: ec2Call('CreateNetworkAclEntry', entry(), {}, {
      responseElements: null,
      errorCode: 'Client.NetworkAclEntryAlreadyExists',
      errorMessage: 'The network acl entry identified by 100 already exists.',
    }),
    matches: false,
  },
  {
    name: 'near miss: DeleteNetworkAcl not authorized (account.unauthorized-api-call reports it)',
    record: ec2Call('DeleteNetworkAcl', { networkAclId: ACL }, {}, {
      responseElements: null,
      errorCode: 'Client.UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation.',
    }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'near miss: DescribeNetworkAcls',
    record: ec2Call('DescribeNetworkAcls', { networkAclIdSet: { items: [{ networkAclId: ACL }] }, filterSet: {} }, {}, { responseElements: null }),
    matches: false,
  },
  {
    name: 'near miss: Firewall Manager\'s service-linked role enforcing a network ACL policy',
    record: ec2Call('ReplaceNetworkAclEntry', entry({ ruleNumber: 1, ruleAction: 'deny', cidrBlock: '198.51.100.0/24', portRange: {}, aclProtocol: '-1' }), { _return: true }, {
      userIdentity: cisIdentities.serviceLinkedRole('fms.amazonaws.com', 'AWSServiceRoleForFMS'),
      sourceIPAddress: 'fms.amazonaws.com',
      userAgent: 'fms.amazonaws.com',
    }),
    matches: true,
    findings: [],
  },
] satisfies readonly RuleCase[];
