import type { JsonObject } from '../../../lib/cloudtrail/record';
import type { AccountWorld, Fleet, Vpc } from './fleet';
import { Rng, UPPER_ALNUM, BASE64 } from './prng';
import { javaDate, type CallSpec } from './record-factory';

/**
 * requestParameters / responseElements as CloudTrail writes them, per call. EC2 wraps lists as `{ items: [...] }`
 * and writes empty lists as `{}`; IAM and STS write dates in Java's default format; S3 data events carry the
 * bucket host and signature details; read-only calls mostly have a null response. Sizes follow real records:
 * Describe calls are small, RunInstances and UpdateFunctionCode answers are several kilobytes.
 */
export interface ShapeContext {
  readonly rng: Rng;
  readonly fleet: Fleet;
  readonly world: AccountWorld;
  readonly region: string;
  readonly time: number;
}

const list = (values: readonly JsonObject[]): JsonObject => (values.length > 0 ? { items: [...values] } : {});
const hexId = (rng: Rng, prefix: string): string => `${prefix}-0${rng.hex(16)}`;
const vpcOf = (c: ShapeContext): Vpc => c.world.vpcs[c.region] ?? Object.values(c.world.vpcs)[0]!;
const zone = (c: ShapeContext): string => `${c.region}${c.rng.pick(['a', 'b', 'c'])}`;
const privateIp = (c: ShapeContext): string => `${vpcOf(c).cidr.split('.').slice(0, 2).join('.')}.${c.rng.int(0, 31)}.${c.rng.int(4, 250)}`;
const accountOf = (c: ShapeContext): string => c.world.account;

// ---------------------------------------------------------------------------------------------------------------
// EC2

const ec2 = (eventName: string, requestParameters: JsonObject | null, response?: JsonObject | null): CallSpec => ({
  eventSource: 'ec2.amazonaws.com',
  eventName,
  requestParameters,
  responseElements: response === undefined ? null : response,
});
/** EC2 answers a mutating call with its request id and, when nothing else, `_return: true`. */
const ec2Write = (c: ShapeContext, eventName: string, requestParameters: JsonObject, result: JsonObject = { _return: true }): CallSpec =>
  ec2(eventName, requestParameters, { requestId: c.rng.uuid(), ...result });

const filters = (c: ShapeContext, name: string, values: readonly string[]): JsonObject =>
  c.rng.chance(0.5) ? list([{ name, valueSet: list(values.map((value) => ({ value }))) }]) : {};

export const ec2Reads = {
  describeInstances: (c: ShapeContext): CallSpec =>
    ec2('DescribeInstances', {
      instancesSet: c.rng.chance(0.3) ? list([{ instanceId: c.rng.pick(c.world.instances[c.region] ?? []) }]) : {},
      filterSet: filters(c, 'instance-state-name', ['running']),
    }),
  describeInstanceStatus: (c: ShapeContext): CallSpec =>
    ec2('DescribeInstanceStatus', { instancesSet: {}, filterSet: {}, includeAllInstances: false }),
  describeSecurityGroups: (c: ShapeContext): CallSpec =>
    ec2('DescribeSecurityGroups', {
      securityGroupSet: {},
      securityGroupIdSet: c.rng.chance(0.4) ? list([{ groupId: c.rng.pick(vpcOf(c).securityGroups).id }]) : {},
      filterSet: filters(c, 'vpc-id', [vpcOf(c).vpcId]),
    }),
  describeSecurityGroupRules: (c: ShapeContext): CallSpec =>
    ec2('DescribeSecurityGroupRules', { DescribeSecurityGroupRulesRequest: { Filter: { Name: 'group-id', Value: c.rng.pick(vpcOf(c).securityGroups).id, tag: 1 }, MaxResults: 1000 } }),
  describeVpcs: (c: ShapeContext): CallSpec => ec2('DescribeVpcs', { vpcSet: {}, filterSet: {} }),
  describeSubnets: (c: ShapeContext): CallSpec => ec2('DescribeSubnets', { subnetSet: {}, filterSet: filters(c, 'vpc-id', [vpcOf(c).vpcId]) }),
  describeNetworkInterfaces: (c: ShapeContext): CallSpec =>
    ec2('DescribeNetworkInterfaces', { networkInterfaceIdSet: {}, filterSet: filters(c, 'group-id', [c.rng.pick(vpcOf(c).securityGroups).id]) }),
  describeVolumes: (c: ShapeContext): CallSpec => ec2('DescribeVolumes', { volumeSet: {}, filterSet: {} }),
  describeImages: (c: ShapeContext): CallSpec =>
    ec2('DescribeImages', { executableBySet: {}, imagesSet: list([{ imageId: c.world.amis[c.region]! }]), ownersSet: {}, filterSet: {} }),
  describeTags: (c: ShapeContext): CallSpec =>
    ec2('DescribeTags', { filterSet: list([{ name: 'resource-id', valueSet: list([{ value: c.rng.pick(c.world.instances[c.region] ?? []) }]) }]) }),
  describeRouteTables: (c: ShapeContext): CallSpec => ec2('DescribeRouteTables', { routeTableIdSet: {}, filterSet: filters(c, 'vpc-id', [vpcOf(c).vpcId]) }),
  describeNetworkAcls: (c: ShapeContext): CallSpec => ec2('DescribeNetworkAcls', { networkAclIdSet: {}, filterSet: {} }),
  describeInternetGateways: (c: ShapeContext): CallSpec => ec2('DescribeInternetGateways', { internetGatewayIdSet: {}, filterSet: {} }),
  describeAvailabilityZones: (c: ShapeContext): CallSpec => ec2('DescribeAvailabilityZones', { availabilityZoneSet: {}, availabilityZoneIdSet: {} }),
  describeRegions: (c: ShapeContext): CallSpec => ec2('DescribeRegions', { regionSet: {}, allRegions: false }),
  describeLaunchTemplateVersions: (c: ShapeContext): CallSpec =>
    ec2('DescribeLaunchTemplateVersions', {
      DescribeLaunchTemplateVersionsRequest: { LaunchTemplateId: hexId(c.rng, 'lt'), LaunchTemplateVersion: { content: '$Latest', tag: 1 } },
    }),
  describeAddresses: (c: ShapeContext): CallSpec => ec2('DescribeAddresses', { publicIpsSet: {}, allocationIdsSet: {}, filterSet: {} }),
};

/** One instance of a RunInstances answer: the several-kilobyte structure that makes these records big. */
const launchedInstance = (c: ShapeContext, instanceId: string, index: number, group: { id: string; name: string }, tags: JsonObject[]): JsonObject => {
  const rng = c.rng;
  const vpc = vpcOf(c);
  const ip = privateIp(c);
  const dns = `ip-${ip.replace(/\./g, '-')}.${c.region === 'us-east-1' ? 'ec2.internal' : `${c.region}.compute.internal`}`;
  const subnetId = rng.pick(vpc.subnets);
  const groupSet = list([{ groupId: group.id, groupName: group.name }]);
  return {
    instanceId,
    imageId: c.world.amis[c.region],
    currentInstanceBootMode: 'legacy-bios',
    instanceState: { code: 0, name: 'pending' },
    privateDnsName: dns,
    amiLaunchIndex: index,
    productCodes: {},
    instanceType: rng.pick(['t3.medium', 'm6i.large', 'c6i.xlarge', 't3.large']),
    launchTime: c.time,
    placement: { availabilityZone: zone(c), tenancy: 'default' },
    monitoring: { state: 'disabled' },
    subnetId,
    vpcId: vpc.vpcId,
    privateIpAddress: ip,
    stateReason: { code: 'pending', message: 'pending' },
    architecture: 'x86_64',
    rootDeviceType: 'ebs',
    rootDeviceName: '/dev/xvda',
    blockDeviceMapping: {},
    virtualizationType: 'hvm',
    clientToken: rng.uuid(),
    tagSet: list(tags),
    groupSet,
    sourceDestCheck: true,
    hypervisor: 'xen',
    networkInterfaceSet: list([
      {
        networkInterfaceId: hexId(rng, 'eni'),
        subnetId,
        vpcId: vpc.vpcId,
        ownerId: accountOf(c),
        requesterManaged: false,
        status: 'in-use',
        macAddress: `0a:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}`,
        privateIpAddress: ip,
        privateDnsName: dns,
        sourceDestCheck: true,
        interfaceType: 'interface',
        groupSet,
        attachment: {
          attachmentId: hexId(rng, 'eni-attach'),
          deviceIndex: 0,
          networkCardIndex: 0,
          status: 'attaching',
          attachTime: c.time,
          deleteOnTermination: true,
        },
        privateIpAddressesSet: { item: [{ privateIpAddress: ip, privateDnsName: dns, primary: true }] },
        ipv6AddressesSet: {},
        tagSet: {},
      },
    ]),
    ebsOptimized: false,
    enaSupport: true,
    cpuOptions: { coreCount: 1, threadsPerCore: 2 },
    capacityReservationSpecification: { capacityReservationPreference: 'open' },
    hibernationOptions: { configured: false },
    enclaveOptions: { enabled: false },
    metadataOptions: {
      state: 'pending',
      httpTokens: 'required',
      httpPutResponseHopLimit: 2,
      httpEndpoint: 'enabled',
      httpProtocolIpv4: 'enabled',
      httpProtocolIpv6: 'disabled',
      instanceMetadataTags: 'disabled',
    },
    maintenanceOptions: { autoRecovery: 'default' },
    privateDnsNameOptions: { hostnameType: 'ip-name', enableResourceNameDnsARecord: false, enableResourceNameDnsAAAARecord: false },
  };
};

export const ec2Writes = {
  runInstances: (c: ShapeContext, options: { count?: number; autoscaling?: boolean } = {}): CallSpec => {
    const rng = c.rng;
    const count = options.count ?? rng.int(1, 2);
    const group = vpcOf(c).securityGroups.find((g) => g.name.endsWith('app')) ?? vpcOf(c).securityGroups[0]!;
    const tags = options.autoscaling
      ? [{ key: 'aws:autoscaling:groupName', value: 'web-asg' }, { key: 'Name', value: 'web' }, { key: 'aws:ec2launchtemplate:id', value: hexId(rng, 'lt') }]
      : [{ key: 'Name', value: rng.pick(['build-runner', 'load-test', 'web', 'worker']) }, { key: 'team', value: 'platform' }];
    return ec2Write(
      c,
      'RunInstances',
      {
        instancesSet: list([{ imageId: c.world.amis[c.region]!, minCount: count, maxCount: count }]),
        userData: '<sensitiveDataRemoved>',
        instanceType: 't3.medium',
        blockDeviceMapping: {},
        monitoring: { enabled: false },
        disableApiTermination: false,
        disableApiStop: false,
        clientToken: rng.uuid(),
        iamInstanceProfile: { name: 'web-instance-profile' },
        ...(options.autoscaling ? { launchTemplate: { launchTemplateId: hexId(rng, 'lt'), version: '14' } } : {}),
        tagSpecificationSet: list([{ resourceType: 'instance', tags: tags.map((t) => ({ key: t.key, value: t.value })) }]),
        metadataOptions: { httpTokens: 'required' },
      },
      {
        reservationId: hexId(rng, 'r'),
        ownerId: accountOf(c),
        ...(options.autoscaling ? { requesterId: '226008221399' } : {}),
        groupSet: {},
        instancesSet: list(Array.from({ length: count }, (_, i) => launchedInstance(c, hexId(rng, 'i'), i, group, tags))),
      },
    );
  },
  createTags: (c: ShapeContext, resourceIds: readonly string[], tags: readonly (readonly [string, string])[]): CallSpec =>
    ec2Write(c, 'CreateTags', {
      resourcesSet: list(resourceIds.map((resourceId) => ({ resourceId }))),
      tagSet: list(tags.map(([key, value]) => ({ key, value }))),
    }),
  terminateInstances: (c: ShapeContext): CallSpec => {
    const instanceId = c.rng.pick(c.world.instances[c.region] ?? []);
    return ec2Write(c, 'TerminateInstances', { instancesSet: list([{ instanceId }]) }, {
      instancesSet: list([{ instanceId, currentState: { code: 32, name: 'shutting-down' }, previousState: { code: 16, name: 'running' } }]),
    });
  },
};

// Security groups ------------------------------------------------------------------------------------------------

/** One permission of an Authorize/Revoke call. Ports are absent for protocol -1, as EC2 writes them. */
export interface Permission {
  readonly protocol: string;
  readonly from?: number;
  readonly to?: number;
  readonly v4?: readonly string[];
  readonly v6?: readonly string[];
  readonly groups?: readonly string[];
  readonly description?: string;
}

const permissionItem = (c: ShapeContext, p: Permission): JsonObject => ({
  ipProtocol: p.protocol,
  ...(p.from !== undefined ? { fromPort: p.from } : {}),
  ...(p.to !== undefined ? { toPort: p.to } : {}),
  groups: list((p.groups ?? []).map((groupId) => ({ userId: accountOf(c), groupId }))),
  ipRanges: list((p.v4 ?? []).map((cidrIp) => ({ cidrIp, ...(p.description ? { description: p.description } : {}) }))),
  ipv6Ranges: list((p.v6 ?? []).map((cidrIpv6) => ({ cidrIpv6, ...(p.description ? { description: p.description } : {}) }))),
  prefixListIds: {},
});

/** The rules EC2 reports creating: one per source, ports -1 for portless protocols. */
const ruleSet = (c: ShapeContext, groupId: string, permissions: readonly Permission[], isEgress: boolean): JsonObject[] =>
  permissions.flatMap((p) => {
    const portless = p.protocol === '-1';
    const sources: JsonObject[] = [
      ...(p.v4 ?? []).map((cidrIpv4) => ({ cidrIpv4 })),
      ...(p.v6 ?? []).map((cidrIpv6) => ({ cidrIpv6 })),
      ...(p.groups ?? []).map((id) => ({ referencedGroupInfo: { groupId: id, userId: accountOf(c) } })),
    ];
    return sources.map((source) => ({
      groupOwnerId: accountOf(c),
      groupId,
      securityGroupRuleId: `sgr-0${c.rng.hex(16)}`,
      isEgress,
      ipProtocol: p.protocol,
      fromPort: portless ? -1 : (p.from ?? -1),
      toPort: portless ? -1 : (p.to ?? -1),
      ...source,
      ...(p.description ? { description: p.description } : {}),
    }));
  });

export interface AuthorizeOptions {
  readonly groupId?: string;
  /** Default-VPC callers may name the group instead; the request then has no groupId. */
  readonly groupName?: string;
  readonly permissions: readonly Permission[];
  /**
   * `items`: `ipPermissions.items[]` (console, CLI --ip-permissions, SDKs). `legacy`: the top-level
   * ipProtocol/fromPort/toPort/cidrIp form (`--protocol --port --cidr`, older SDKs), one permission, one CIDR.
   */
  readonly shape?: 'items' | 'legacy';
  /** Records since 2021 list the created rules in `securityGroupRuleSet`; older ones do not. */
  readonly ruleSet?: boolean;
  readonly egress?: boolean;
}

export const securityGroups = {
  authorize: (c: ShapeContext, o: AuthorizeOptions): CallSpec => {
    const eventName = o.egress ? 'AuthorizeSecurityGroupEgress' : 'AuthorizeSecurityGroupIngress';
    const target = { ...(o.groupId ? { groupId: o.groupId } : {}), ...(o.groupName ? { groupName: o.groupName } : {}) };
    const first = o.permissions[0]!;
    const request: JsonObject =
      o.shape === 'legacy'
        ? {
            ...target,
            ipPermissions: {},
            ipProtocol: first.protocol,
            ...(first.from !== undefined ? { fromPort: first.from } : {}),
            ...(first.to !== undefined ? { toPort: first.to } : {}),
            cidrIp: first.v4?.[0] ?? '0.0.0.0/0',
          }
        : { ...target, ipPermissions: list(o.permissions.map((p) => permissionItem(c, p))) };
    const responseGroup = o.groupId ?? hexId(c.rng, 'sg');
    return ec2Write(c, eventName, request, {
      _return: true,
      ...(o.ruleSet === false ? {} : { securityGroupRuleSet: list(ruleSet(c, responseGroup, o.shape === 'legacy' ? [{ ...first, v4: first.v4?.slice(0, 1) ?? ['0.0.0.0/0'] }] : o.permissions, o.egress === true)) }),
    });
  },
  revoke: (c: ShapeContext, groupId: string, permissions: readonly Permission[], egress = false): CallSpec =>
    ec2Write(c, egress ? 'RevokeSecurityGroupEgress' : 'RevokeSecurityGroupIngress', {
      groupId,
      ipPermissions: list(permissions.map((p) => permissionItem(c, p))),
    }),
  create: (c: ShapeContext, groupName: string, description: string): CallSpec => {
    const groupId = hexId(c.rng, 'sg');
    return ec2Write(c, 'CreateSecurityGroup', { groupName, groupDescription: description, vpcId: vpcOf(c).vpcId }, {
      _return: true,
      groupId,
      securityGroupArn: `arn:aws:ec2:${c.region}:${accountOf(c)}:security-group/${groupId}`,
    });
  },
  delete: (c: ShapeContext, groupId: string): CallSpec => ec2Write(c, 'DeleteSecurityGroup', { groupId }, { _return: true, groupId }),
};

// Network ACLs, gateways, routes, VPCs ---------------------------------------------------------------------------

export interface AclEntry {
  readonly aclId: string;
  readonly ruleNumber: number;
  readonly egress?: boolean;
  readonly action: 'allow' | 'deny';
  /** IANA number as EC2 writes it: '-1' all, '6' tcp, '17' udp. */
  readonly protocol: string;
  readonly cidr: string;
  readonly ports?: readonly [number, number];
}

const aclEntryRequest = (e: AclEntry): JsonObject => ({
  networkAclId: e.aclId,
  ruleNumber: e.ruleNumber,
  egress: e.egress === true,
  ruleAction: e.action,
  icmpTypeCode: {},
  portRange: e.ports ? { from: e.ports[0], to: e.ports[1] } : {},
  aclProtocol: e.protocol,
  cidrBlock: e.cidr,
});

export const network = {
  createNetworkAcl: (c: ShapeContext): CallSpec => {
    const vpc = vpcOf(c);
    const deny = (egress: boolean): JsonObject => ({ ruleNumber: 32767, protocol: '-1', ruleAction: 'deny', egress, cidrBlock: '0.0.0.0/0' });
    return ec2Write(c, 'CreateNetworkAcl', { vpcId: vpc.vpcId }, {
      networkAcl: { networkAclId: hexId(c.rng, 'acl'), vpcId: vpc.vpcId, default: false, entrySet: list([deny(true), deny(false)]), associationSet: {}, tagSet: {}, ownerId: accountOf(c) },
    });
  },
  createNetworkAclEntry: (c: ShapeContext, e: AclEntry): CallSpec => ec2Write(c, 'CreateNetworkAclEntry', aclEntryRequest(e)),
  replaceNetworkAclEntry: (c: ShapeContext, e: AclEntry): CallSpec => ec2Write(c, 'ReplaceNetworkAclEntry', aclEntryRequest(e)),
  deleteNetworkAclEntry: (c: ShapeContext, aclId: string, ruleNumber: number): CallSpec =>
    ec2Write(c, 'DeleteNetworkAclEntry', { networkAclId: aclId, ruleNumber, egress: false }),
  replaceNetworkAclAssociation: (c: ShapeContext, aclId: string): CallSpec =>
    ec2Write(c, 'ReplaceNetworkAclAssociation', { associationId: hexId(c.rng, 'aclassoc'), networkAclId: aclId }, { newAssociationId: hexId(c.rng, 'aclassoc') }),

  createInternetGateway: (c: ShapeContext, igwId = hexId(c.rng, 'igw')): CallSpec =>
    ec2Write(c, 'CreateInternetGateway', {}, { internetGateway: { internetGatewayId: igwId, ownerId: accountOf(c), attachmentSet: {}, tagSet: {} } }),
  attachInternetGateway: (c: ShapeContext, igwId: string, vpcId: string): CallSpec =>
    ec2Write(c, 'AttachInternetGateway', { internetGatewayId: igwId, vpcId }),
  detachInternetGateway: (c: ShapeContext, igwId: string, vpcId: string): CallSpec =>
    ec2Write(c, 'DetachInternetGateway', { internetGatewayId: igwId, vpcId }),
  deleteInternetGateway: (c: ShapeContext, igwId: string): CallSpec => ec2Write(c, 'DeleteInternetGateway', { internetGatewayId: igwId }),
  createCustomerGateway: (c: ShapeContext, ip: string): CallSpec =>
    ec2Write(c, 'CreateCustomerGateway', { type: 'ipsec.1', ipAddress: ip, bgpAsn: 65000 }, {
      customerGateway: { customerGatewayId: hexId(c.rng, 'cgw'), state: 'available', type: 'ipsec.1', ipAddress: ip, bgpAsn: '65000', tagSet: {} },
    }),
  /** A NAT gateway is not an internet or customer gateway: CIS CloudWatch.12 leaves it out. */
  createNatGateway: (c: ShapeContext): CallSpec => {
    const vpc = vpcOf(c);
    const subnetId = c.rng.pick(vpc.subnets);
    return ec2Write(c, 'CreateNatGateway', { CreateNatGatewayRequest: { SubnetId: subnetId, AllocationId: hexId(c.rng, 'eipalloc'), ConnectivityType: 'public', ClientToken: c.rng.uuid() } }, {
      CreateNatGatewayResponse: {
        xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
        natGateway: { natGatewayId: hexId(c.rng, 'nat'), subnetId, vpcId: vpc.vpcId, state: 'pending', connectivityType: 'public', createTime: new Date(c.time).toISOString() },
      },
    });
  },

  createRouteTable: (c: ShapeContext, vpcId = vpcOf(c).vpcId, cidr = vpcOf(c).cidr, routeTableId = hexId(c.rng, 'rtb')): CallSpec =>
    ec2Write(c, 'CreateRouteTable', { vpcId }, {
      routeTable: {
        routeTableId,
        vpcId,
        ownerId: accountOf(c),
        routeSet: list([{ destinationCidrBlock: cidr, gatewayId: 'local', state: 'active', origin: 'CreateRouteTable' }]),
        associationSet: {},
        propagatingVgwSet: {},
        tagSet: {},
      },
    }),
  createRoute: (c: ShapeContext, routeTableId: string, destination: string, target: JsonObject): CallSpec =>
    ec2Write(c, 'CreateRoute', { routeTableId, destinationCidrBlock: destination, ...target }),
  replaceRoute: (c: ShapeContext, routeTableId: string, destination: string, target: JsonObject): CallSpec =>
    ec2Write(c, 'ReplaceRoute', { routeTableId, destinationCidrBlock: destination, ...target }),
  deleteRoute: (c: ShapeContext, routeTableId: string, destination: string): CallSpec =>
    ec2Write(c, 'DeleteRoute', { routeTableId, destinationCidrBlock: destination }),
  disassociateRouteTable: (c: ShapeContext): CallSpec => ec2Write(c, 'DisassociateRouteTable', { associationId: hexId(c.rng, 'rtbassoc') }),
  /** Transit-gateway routes live in TGW route tables, not VPC route tables. */
  createTransitGatewayRoute: (c: ShapeContext, destination: string): CallSpec => {
    const tableId = hexId(c.rng, 'tgw-rtb');
    const attachmentId = hexId(c.rng, 'tgw-attach');
    return ec2Write(c, 'CreateTransitGatewayRoute', { CreateTransitGatewayRouteRequest: { DestinationCidrBlock: destination, TransitGatewayRouteTableId: tableId, TransitGatewayAttachmentId: attachmentId } }, {
      CreateTransitGatewayRouteResponse: {
        xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
        route: { destinationCidrBlock: destination, transitGatewayAttachments: { item: { resourceId: vpcOf(c).vpcId, transitGatewayAttachmentId: attachmentId, resourceType: 'vpc' } }, type: 'static', state: 'active' },
      },
    });
  },

  createVpc: (c: ShapeContext, cidr: string, vpcId = hexId(c.rng, 'vpc')): CallSpec =>
    ec2Write(c, 'CreateVpc', { cidrBlock: cidr, amazonProvidedIpv6CidrBlock: false, instanceTenancy: 'default' }, {
      vpc: {
        vpcId,
        state: 'pending',
        ownerId: accountOf(c),
        cidrBlock: cidr,
        cidrBlockAssociationSet: list([{ cidrBlock: cidr, associationId: hexId(c.rng, 'vpc-cidr-assoc'), cidrBlockState: { state: 'associated' } }]),
        ipv6CidrBlockAssociationSet: {},
        dhcpOptionsId: hexId(c.rng, 'dopt'),
        instanceTenancy: 'default',
        tagSet: {},
        isDefault: false,
      },
    }),
  deleteVpc: (c: ShapeContext, vpcId: string): CallSpec => ec2Write(c, 'DeleteVpc', { vpcId }),
  modifyVpcAttribute: (c: ShapeContext, vpcId: string): CallSpec => ec2Write(c, 'ModifyVpcAttribute', { vpcId, enableDnsHostnames: { value: true } }),
  createVpcPeeringConnection: (c: ShapeContext, vpcId: string, peer: { vpcId: string; account: string; region: string }): CallSpec => {
    const id = hexId(c.rng, 'pcx');
    return ec2Write(c, 'CreateVpcPeeringConnection', { vpcId, peerVpcId: peer.vpcId, peerOwnerId: peer.account, peerRegion: peer.region }, {
      vpcPeeringConnection: {
        vpcPeeringConnectionId: id,
        requesterVpcInfo: { ownerId: accountOf(c), vpcId, cidrBlock: vpcOf(c).cidr, region: c.region },
        accepterVpcInfo: { ownerId: peer.account, vpcId: peer.vpcId, region: peer.region },
        status: { code: 'initiating-request', message: `Initiating Request to ${peer.account}` },
        expirationTime: new Date(c.time + 7 * 86_400_000).toISOString(),
        tagSet: {},
      },
    });
  },
  acceptVpcPeeringConnection: (c: ShapeContext, id: string): CallSpec =>
    ec2Write(c, 'AcceptVpcPeeringConnection', { vpcPeeringConnectionId: id }, { vpcPeeringConnection: { vpcPeeringConnectionId: id, status: { code: 'provisioning', message: 'Provisioning' } } }),
  deleteVpcPeeringConnection: (c: ShapeContext, id: string): CallSpec => ec2Write(c, 'DeleteVpcPeeringConnection', { vpcPeeringConnectionId: id }),
  /** A VPC endpoint changes how a VPC reaches a service, not the VPC or its peering (outside CloudWatch.14). */
  createVpcEndpoint: (c: ShapeContext): CallSpec => {
    const vpc = vpcOf(c);
    return ec2Write(c, 'CreateVpcEndpoint', { CreateVpcEndpointRequest: { VpcId: vpc.vpcId, ServiceName: `com.amazonaws.${c.region}.s3`, VpcEndpointType: 'Gateway', RouteTableId: { content: vpc.routeTables[0], tag: 1 } } }, {
      CreateVpcEndpointResponse: { xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/', vpcEndpoint: { vpcEndpointId: hexId(c.rng, 'vpce'), vpcEndpointType: 'Gateway', vpcId: vpc.vpcId, serviceName: `com.amazonaws.${c.region}.s3`, state: 'available' } },
    });
  },
};

// ---------------------------------------------------------------------------------------------------------------
// S3

const s3Extra = (c: ShapeContext, bytesIn: number, bytesOut: number): JsonObject => ({
  SignatureVersion: 'SigV4',
  CipherSuite: 'TLS_AES_128_GCM_SHA256',
  bytesTransferredIn: bytesIn,
  AuthenticationMethod: 'AuthHeader',
  'x-amz-id-2': c.rng.chars(76, BASE64),
  bytesTransferredOut: bytesOut,
});

const objectKeys = ['exports/2026/11/orders-', 'uploads/img-', 'reports/daily-', 'state/', 'assets/js/app.', 'invoices/INV-'];

const bucketIn = (c: ShapeContext, name?: string): { name: string; region: string } =>
  name ? (c.world.buckets.find((b) => b.name === name || b.name.startsWith(name)) ?? { name, region: c.region }) : c.rng.pick(c.world.buckets);

/** Object-level calls are data events: S3 request ids, the bucket host, the object and bucket as resources. */
const objectCall = (c: ShapeContext, eventName: string, request: JsonObject, bucket: { name: string; region: string }, key: string, bytesIn: number, bytesOut: number, response: JsonObject | null = null): CallSpec => ({
  eventSource: 's3.amazonaws.com',
  eventName,
  region: bucket.region,
  requestParameters: { bucketName: bucket.name, Host: `${bucket.name}.s3.${bucket.region}.amazonaws.com`, ...request },
  responseElements: response,
  additionalEventData: s3Extra(c, bytesIn, bytesOut),
  resources: [
    ...(key ? [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket.name}/${key}` }] : []),
    { accountId: accountOf(c), type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket.name}` },
  ],
  readOnly: eventName !== 'PutObject' && eventName !== 'PutObjectAcl' && eventName !== 'DeleteObject',
  data: true,
  requestId: 's3',
  host: `${bucket.name}.s3.${bucket.region}.amazonaws.com`,
});

/** Bucket-level calls are management events; S3 writes the XML body it received next to an empty query key. */
const bucketCall = (c: ShapeContext, eventName: string, bucketName: string | undefined, request: JsonObject): CallSpec => {
  const bucket = bucketIn(c, bucketName);
  return {
    eventSource: 's3.amazonaws.com',
    eventName,
    region: bucket.region,
    requestParameters: { bucketName: bucket.name, Host: `${bucket.name}.s3.${bucket.region}.amazonaws.com`, ...request },
    responseElements: null,
    additionalEventData: s3Extra(c, 0, 0),
    resources: [{ accountId: accountOf(c), type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket.name}` }],
    requestId: 's3',
    host: `${bucket.name}.s3.${bucket.region}.amazonaws.com`,
  };
};

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export const s3 = {
  getObject: (c: ShapeContext): CallSpec => {
    const bucket = bucketIn(c);
    const key = `${c.rng.pick(objectKeys)}${c.rng.hex(8)}.json`;
    return objectCall(c, 'GetObject', { key }, bucket, key, 0, c.rng.int(300, 900_000));
  },
  headObject: (c: ShapeContext): CallSpec => {
    const bucket = bucketIn(c);
    const key = `${c.rng.pick(objectKeys)}${c.rng.hex(8)}.json`;
    return objectCall(c, 'HeadObject', { key }, bucket, key, 0, 0);
  },
  listObjects: (c: ShapeContext): CallSpec => {
    const bucket = bucketIn(c);
    return objectCall(c, 'ListObjects', { 'list-type': '2', prefix: c.rng.pick(objectKeys).split('/')[0] + '/', 'encoding-type': 'url' }, bucket, '', 0, c.rng.int(600, 40_000));
  },
  putObject: (c: ShapeContext): CallSpec => {
    const bucket = bucketIn(c);
    const key = `${c.rng.pick(objectKeys)}${c.rng.hex(8)}.json`;
    const keyArn = `arn:aws:kms:${bucket.region}:${accountOf(c)}:key/${c.world.keys[bucket.region]?.[0] ?? c.rng.uuid()}`;
    return objectCall(c, 'PutObject', { key, 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': keyArn }, bucket, key, c.rng.int(300, 2_000_000), 0, {
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': keyArn,
      'x-amz-server-side-encryption-bucket-key-enabled': 'true',
    });
  },
  /** Object ACLs are data events and not in CIS CloudWatch.8 (bucket-level changes only). */
  putObjectAcl: (c: ShapeContext, bucketName?: string): CallSpec => {
    const bucket = bucketIn(c, bucketName);
    const key = `${c.rng.pick(objectKeys)}${c.rng.hex(8)}.png`;
    return objectCall(c, 'PutObjectAcl', { key, acl: '', 'x-amz-acl': 'public-read' }, bucket, key, 0, 0);
  },
  listBuckets: (c: ShapeContext): CallSpec => ({
    eventSource: 's3.amazonaws.com',
    eventName: 'ListBuckets',
    requestParameters: { Host: `s3.${c.region}.amazonaws.com` },
    additionalEventData: s3Extra(c, 0, 0),
    requestId: 's3',
    host: `s3.${c.region}.amazonaws.com`,
  }),
  getBucketPolicy: (c: ShapeContext, bucket?: string): CallSpec => bucketCall(c, 'GetBucketPolicy', bucket, { policy: '' }),
  getBucketAcl: (c: ShapeContext, bucket?: string): CallSpec => bucketCall(c, 'GetBucketAcl', bucket, { acl: '' }),
  getBucketPublicAccessBlock: (c: ShapeContext, bucket?: string): CallSpec => bucketCall(c, 'GetBucketPublicAccessBlock', bucket, { publicAccessBlock: '' }),
  getBucketTagging: (c: ShapeContext, bucket?: string): CallSpec => bucketCall(c, 'GetBucketTagging', bucket, { tagging: '' }),
  putBucketTagging: (c: ShapeContext, bucket?: string): CallSpec =>
    bucketCall(c, 'PutBucketTagging', bucket, { tagging: '', Tagging: { xmlns: XMLNS, TagSet: { Tag: [{ Key: 'team', Value: 'platform' }, { Key: 'cost-center', Value: 'cc-1042' }] } } }),
  putBucketPolicy: (c: ShapeContext, bucket: string | undefined, statements: readonly JsonObject[]): CallSpec =>
    bucketCall(c, 'PutBucketPolicy', bucket, { bucketPolicy: { Version: '2012-10-17', Statement: statements }, policy: '' }),
  deleteBucketPolicy: (c: ShapeContext, bucket?: string): CallSpec => bucketCall(c, 'DeleteBucketPolicy', bucket, { policy: '' }),
  putBucketAcl: (c: ShapeContext, bucket: string | undefined, publicRead: boolean): CallSpec =>
    bucketCall(c, 'PutBucketAcl', bucket, {
      acl: '',
      AccessControlPolicy: {
        xmlns: XMLNS,
        AccessControlList: {
          Grant: [
            { Grantee: { 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xsi:type': 'CanonicalUser', ID: c.rng.hex(64) }, Permission: 'FULL_CONTROL' },
            ...(publicRead ? [{ Grantee: { 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xsi:type': 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }] : []),
          ],
        },
        Owner: { ID: c.rng.hex(64) },
      },
    }),
  putBucketPublicAccessBlock: (c: ShapeContext, bucket: string | undefined, block: boolean): CallSpec =>
    bucketCall(c, 'PutBucketPublicAccessBlock', bucket, {
      publicAccessBlock: '',
      PublicAccessBlockConfiguration: { xmlns: XMLNS, RestrictPublicBuckets: block, BlockPublicPolicy: block, BlockPublicAcls: block, IgnorePublicAcls: block },
    }),
  deleteBucketPublicAccessBlock: (c: ShapeContext, bucket?: string): CallSpec => bucketCall(c, 'DeleteBucketPublicAccessBlock', bucket, { publicAccessBlock: '' }),
  /** CloudTrail names PutBucketLifecycleConfiguration `PutBucketLifecycle`. */
  putBucketLifecycle: (c: ShapeContext, bucket?: string): CallSpec =>
    bucketCall(c, 'PutBucketLifecycle', bucket, {
      lifecycle: '',
      LifecycleConfiguration: { xmlns: XMLNS, Rule: { ID: 'expire-exports', Status: 'Enabled', Filter: { Prefix: 'exports/' }, Expiration: { Days: 1 } } },
    }),
  putBucketCors: (c: ShapeContext, bucket?: string): CallSpec =>
    bucketCall(c, 'PutBucketCors', bucket, {
      cors: '',
      CORSConfiguration: { xmlns: XMLNS, CORSRule: { AllowedMethod: ['GET', 'PUT'], AllowedOrigin: '*', AllowedHeader: '*', MaxAgeSeconds: 3000 } },
    }),
};

// ---------------------------------------------------------------------------------------------------------------
// KMS, STS, SSM, logs, Lambda, DynamoDB, ECR, CloudWatch

const keyArn = (c: ShapeContext, keyId?: string): string =>
  `arn:aws:kms:${c.region}:${accountOf(c)}:key/${keyId ?? c.rng.pick(c.world.keys[c.region] ?? [c.rng.uuid()])}`;
const keyResource = (c: ShapeContext, arn: string): JsonObject[] => [{ accountId: accountOf(c), type: 'AWS::KMS::Key', ARN: arn }];

const encryptionContext = (c: ShapeContext): JsonObject =>
  c.rng.weighted<JsonObject>([
    [3, { 'aws:s3:arn': `arn:aws:s3:::${c.rng.pick(c.world.buckets).name}/${c.rng.pick(objectKeys)}${c.rng.hex(8)}.json` }],
    [2, { 'aws:lambda:FunctionArn': `arn:aws:lambda:${c.region}:${accountOf(c)}:function:${c.rng.pick(c.world.functions).name}` }],
    [1, { PARAMETER_ARN: `arn:aws:ssm:${c.region}:${accountOf(c)}:parameter${c.rng.pick(c.world.parameters)}` }],
    [1, { 'aws:dynamodb:tableName': c.rng.pick(c.world.tables), 'aws:dynamodb:subscriberId': accountOf(c) }],
  ]);

export const kms = {
  decrypt: (c: ShapeContext): CallSpec => ({
    eventSource: 'kms.amazonaws.com',
    eventName: 'Decrypt',
    requestParameters: { encryptionContext: encryptionContext(c), encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    resources: keyResource(c, keyArn(c)),
    readOnly: true,
  }),
  generateDataKey: (c: ShapeContext): CallSpec => {
    const arn = keyArn(c);
    return {
      eventSource: 'kms.amazonaws.com',
      eventName: 'GenerateDataKey',
      requestParameters: { keyId: arn, encryptionContext: encryptionContext(c), keySpec: 'AES_256' },
      resources: keyResource(c, arn),
      readOnly: true,
    };
  },
  describeKey: (c: ShapeContext, keyId?: string): CallSpec => {
    const arn = keyArn(c, keyId);
    return { eventSource: 'kms.amazonaws.com', eventName: 'DescribeKey', requestParameters: { keyId: arn }, resources: keyResource(c, arn) };
  },
  getKeyRotationStatus: (c: ShapeContext): CallSpec => {
    const arn = keyArn(c);
    return { eventSource: 'kms.amazonaws.com', eventName: 'GetKeyRotationStatus', requestParameters: { keyId: arn }, resources: keyResource(c, arn) };
  },
  keyState: (c: ShapeContext, eventName: 'DisableKey' | 'EnableKey', keyId?: string): CallSpec => {
    const arn = keyArn(c, keyId);
    return { eventSource: 'kms.amazonaws.com', eventName, requestParameters: { keyId: arn }, resources: keyResource(c, arn) };
  },
  scheduleKeyDeletion: (c: ShapeContext, keyId?: string, days = 7): CallSpec => {
    const arn = keyArn(c, keyId);
    return {
      eventSource: 'kms.amazonaws.com',
      eventName: 'ScheduleKeyDeletion',
      requestParameters: { keyId: arn.split('/')[1], pendingWindowInDays: days },
      responseElements: { keyId: arn, deletionDate: javaDate(c.time + days * 86_400_000), keyState: 'PendingDeletion', pendingWindowInDays: days },
      resources: keyResource(c, arn),
    };
  },
  /** A key policy: the account's root as in the default policy, then `statements`. */
  putKeyPolicy: (c: ShapeContext, keyId: string | undefined, statements: readonly JsonObject[]): CallSpec => {
    const arn = keyArn(c, keyId);
    const policy = { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountOf(c)}:root` }, Action: 'kms:*', Resource: '*' }, ...statements] };
    return {
      eventSource: 'kms.amazonaws.com',
      eventName: 'PutKeyPolicy',
      requestParameters: { keyId: arn.split('/')[1], policyName: 'default', policy: JSON.stringify(policy), bypassPolicyLockoutSafetyCheck: false },
      resources: keyResource(c, arn),
    };
  },
  cancelKeyDeletion: (c: ShapeContext, keyId?: string): CallSpec => {
    const arn = keyArn(c, keyId);
    return { eventSource: 'kms.amazonaws.com', eventName: 'CancelKeyDeletion', requestParameters: { keyId: arn.split('/')[1] }, responseElements: { keyId: arn }, resources: keyResource(c, arn) };
  },
  /** Service events: KMS itself rotating key material or finishing a scheduled deletion. */
  serviceEvent: (c: ShapeContext, eventName: 'RotateKey' | 'DeleteKey', keyId?: string): CallSpec => {
    const arn = keyArn(c, keyId);
    return {
      eventSource: 'kms.amazonaws.com',
      eventName,
      eventType: 'AwsServiceEvent',
      identity: { accountId: accountOf(c), invokedBy: 'kms.amazonaws.com' },
      additionalEventData: { keyId: arn.split('/')[1] },
      resources: keyResource(c, arn),
      readOnly: false,
      requestId: 'none',
      eventVersion: '1.08',
    };
  },
};

export const sts = {
  assumeRole: (c: ShapeContext, roleArn: string, session: string): CallSpec => ({
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    requestParameters: { roleArn, roleSessionName: session },
    responseElements: {
      credentials: { accessKeyId: `ASIA${c.rng.chars(16, UPPER_ALNUM)}`, sessionToken: c.rng.pick(c.fleet.sessionTokens), expiration: javaDate(c.time + 3_600_000) },
      assumedRoleUser: { assumedRoleId: `AROA${c.rng.chars(17, UPPER_ALNUM)}:${session}`, arn: roleArn.replace(':iam::', ':sts::').replace(/:role\/(.*\/)?/, ':assumed-role/') + `/${session}` },
    },
    resources: [{ accountId: accountOf(c), type: 'AWS::IAM::Role', ARN: roleArn }],
    readOnly: true,
  }),
  getCallerIdentity: (): CallSpec => ({ eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', readOnly: true }),
};

export const ssm = {
  getParameter: (c: ShapeContext): CallSpec => ({ eventSource: 'ssm.amazonaws.com', eventName: 'GetParameter', requestParameters: { name: c.rng.pick(c.world.parameters), withDecryption: true } }),
  getParameters: (c: ShapeContext): CallSpec => ({ eventSource: 'ssm.amazonaws.com', eventName: 'GetParameters', requestParameters: { names: [...c.world.parameters], withDecryption: true } }),
  updateInstanceInformation: (c: ShapeContext, instanceId: string): CallSpec => {
    const ip = privateIp(c);
    return {
      eventSource: 'ssm.amazonaws.com',
      eventName: 'UpdateInstanceInformation',
      requestParameters: {
        instanceId,
        agentVersion: '3.3.987.0',
        agentStatus: 'Active',
        platformType: 'Linux',
        platformName: 'Amazon Linux',
        platformVersion: '2023',
        iPAddress: ip,
        computerName: `ip-${ip.replace(/\./g, '-')}.ec2.internal`,
        agentName: 'amazon-ssm-agent',
        availabilityZone: zone(c),
        availabilityZoneId: `${c.region.replace(/-(\w)\w*-/, (_, d: string) => d)}-az${c.rng.int(1, 4)}`,
      },
      readOnly: false,
    };
  },
  listInstanceAssociations: (c: ShapeContext, instanceId: string): CallSpec => ({ eventSource: 'ssm.amazonaws.com', eventName: 'ListInstanceAssociations', requestParameters: { instanceId, maxResults: 20 } }),
};

const logGroupFor = (c: ShapeContext, fn?: string): string => `/aws/lambda/${fn ?? c.rng.pick(c.world.functions).name}`;

export const logs = {
  createLogStream: (c: ShapeContext, fn?: string): CallSpec => {
    const day = new Date(c.time).toISOString().slice(0, 10).replace(/-/g, '/');
    return { eventSource: 'logs.amazonaws.com', eventName: 'CreateLogStream', requestParameters: { logGroupName: logGroupFor(c, fn), logStreamName: `${day}/[$LATEST]${c.rng.hex(32)}` } };
  },
  createLogGroup: (c: ShapeContext, fn?: string): CallSpec => ({ eventSource: 'logs.amazonaws.com', eventName: 'CreateLogGroup', requestParameters: { logGroupName: logGroupFor(c, fn) } }),
  describeLogGroups: (c: ShapeContext): CallSpec => ({ eventSource: 'logs.amazonaws.com', eventName: 'DescribeLogGroups', requestParameters: { logGroupNamePrefix: '/aws/lambda/' } }),
  putRetentionPolicy: (c: ShapeContext): CallSpec => ({ eventSource: 'logs.amazonaws.com', eventName: 'PutRetentionPolicy', requestParameters: { logGroupName: logGroupFor(c), retentionInDays: 30 } }),
};

const functionArn = (c: ShapeContext, name: string): string => `arn:aws:lambda:${c.region}:${accountOf(c)}:function:${name}`;

export const lambda = {
  /** Invoke is a data event; CloudTrail writes the function ARN and the version that ran. */
  invoke: (c: ShapeContext, name = c.rng.pick(c.world.functions).name): CallSpec => {
    const arn = functionArn(c, name);
    return {
      eventSource: 'lambda.amazonaws.com',
      eventName: 'Invoke',
      requestParameters: { functionName: arn, invocationType: c.rng.pick(['RequestResponse', 'Event']), sourceArn: `arn:aws:execute-api:${c.region}:${accountOf(c)}:${c.rng.chars(10, 'abcdefghijklmnopqrstuvwxyz0123456789')}/prod/POST/orders` },
      additionalEventData: { functionVersion: `${arn}:$LATEST` },
      resources: [{ accountId: accountOf(c), type: 'AWS::Lambda::Function', ARN: arn }],
      readOnly: false,
      data: true,
    };
  },
  getFunction: (c: ShapeContext): CallSpec => ({ eventSource: 'lambda.amazonaws.com', eventName: 'GetFunction20150331v2', requestParameters: { functionName: c.rng.pick(c.world.functions).name }, readOnly: true }),
  listFunctions: (): CallSpec => ({ eventSource: 'lambda.amazonaws.com', eventName: 'ListFunctions20150331', readOnly: true }),
  updateFunctionCode: (c: ShapeContext): CallSpec => {
    const fn = c.rng.pick(c.world.functions);
    const arn = functionArn(c, fn.name);
    return {
      eventSource: 'lambda.amazonaws.com',
      eventName: 'UpdateFunctionCode20150331v2',
      requestParameters: { functionName: fn.name, publish: true, dryRun: false, architectures: ['arm64'] },
      responseElements: {
        functionName: fn.name,
        functionArn: `${arn}:${c.rng.int(20, 400)}`,
        runtime: fn.runtime,
        role: `arn:aws:iam::${accountOf(c)}:role/service-role/${fn.name}-role`,
        handler: fn.runtime.startsWith('python') ? 'app.handler' : 'index.handler',
        codeSize: c.rng.int(200_000, 9_000_000),
        description: '',
        timeout: 30,
        memorySize: 512,
        lastModified: new Date(c.time).toISOString().replace('Z', '+0000'),
        codeSha256: c.rng.chars(43, BASE64) + '=',
        version: String(c.rng.int(20, 400)),
        environment: {},
        tracingConfig: { mode: 'Active' },
        revisionId: c.rng.uuid(),
        layers: [{ arn: `arn:aws:lambda:${c.region}:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:20`, codeSize: 1_482_301 }],
        state: 'Active',
        lastUpdateStatus: 'InProgress',
        lastUpdateStatusReason: 'The function is being created.',
        lastUpdateStatusReasonCode: 'Creating',
        packageType: 'Zip',
        architectures: ['arm64'],
        ephemeralStorage: { size: 512 },
        snapStart: { applyOn: 'None', optimizationStatus: 'Off' },
        runtimeVersionConfig: { runtimeVersionArn: `arn:aws:lambda:${c.region}::runtime:${c.rng.hex(64)}` },
        loggingConfig: { logFormat: 'JSON', applicationLogLevel: 'INFO', systemLogLevel: 'WARN', logGroup: `/aws/lambda/${fn.name}` },
      },
    };
  },
};

const tableArn = (c: ShapeContext, table: string): string => `arn:aws:dynamodb:${c.region}:${accountOf(c)}:table/${table}`;

export const dynamodb = {
  describeTable: (c: ShapeContext): CallSpec => ({ eventSource: 'dynamodb.amazonaws.com', eventName: 'DescribeTable', requestParameters: { tableName: c.rng.pick(c.world.tables) } }),
  /** Item-level calls are data events with the key in the request. */
  item: (c: ShapeContext, eventName: 'GetItem' | 'PutItem' | 'Query' | 'DeleteItem'): CallSpec => {
    const table = c.rng.pick(c.world.tables);
    const key = { pk: `ORDER#${c.rng.int(100000, 999999)}`, ...(eventName === 'Query' ? {} : { sk: 'META' }) };
    return {
      eventSource: 'dynamodb.amazonaws.com',
      eventName,
      requestParameters: eventName === 'Query' ? { tableName: table, keyConditionExpression: 'pk = :pk', limit: 25 } : eventName === 'PutItem' ? { tableName: table, key } : { tableName: table, key, consistentRead: false },
      resources: [{ accountId: accountOf(c), type: 'AWS::DynamoDB::Table', ARN: tableArn(c, table) }],
      readOnly: eventName === 'GetItem' || eventName === 'Query',
      data: true,
    };
  },
};

export const ecr = {
  getAuthorizationToken: (): CallSpec => ({ eventSource: 'ecr.amazonaws.com', eventName: 'GetAuthorizationToken', requestParameters: null }),
  batchGetImage: (c: ShapeContext): CallSpec => ({
    eventSource: 'ecr.amazonaws.com',
    eventName: 'BatchGetImage',
    requestParameters: {
      repositoryName: c.rng.pick(c.world.repositories),
      registryId: accountOf(c),
      imageIds: [{ imageTag: c.rng.pick(['latest', `v1.${c.rng.int(10, 80)}.${c.rng.int(0, 9)}`]) }],
      acceptedMediaTypes: ['application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.oci.image.manifest.v1+json'],
    },
    resources: [{ accountId: accountOf(c), ARN: `arn:aws:ecr:${c.region}:${accountOf(c)}:repository/${c.rng.pick(c.world.repositories)}` }],
    readOnly: true,
  }),
};

export const cloudwatch = {
  /** CloudWatch metric writes are recorded as data events. */
  putMetricData: (c: ShapeContext): CallSpec => ({
    eventSource: 'monitoring.amazonaws.com',
    eventName: 'PutMetricData',
    requestParameters: {
      namespace: 'CWAgent',
      metricData: [
        { metricName: 'mem_used_percent', dimensions: [{ name: 'InstanceId', value: c.rng.pick(c.world.instances[c.region] ?? ['i-0']) }], value: Math.round(c.rng.next() * 8000) / 100, unit: 'Percent' },
        { metricName: 'disk_used_percent', dimensions: [{ name: 'path', value: '/' }, { name: 'fstype', value: 'xfs' }], value: Math.round(c.rng.next() * 9000) / 100, unit: 'Percent' },
      ],
    },
    readOnly: false,
    data: true,
  }),
  getMetricData: (c: ShapeContext): CallSpec => ({
    eventSource: 'monitoring.amazonaws.com',
    eventName: 'GetMetricData',
    requestParameters: {
      metricDataQueries: [{ id: 'm1', metricStat: { metric: { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: [{ name: 'FunctionName', value: c.rng.pick(c.world.functions).name }] }, period: 300, stat: 'Sum' }, returnData: true }],
      startTime: javaDate(c.time - 3 * 3_600_000),
      endTime: javaDate(c.time),
    },
  }),
};

// ---------------------------------------------------------------------------------------------------------------
// IAM, CloudTrail, Config, Organizations and the odd ones out

const iamCall = (eventName: string, requestParameters: JsonObject | null, responseElements: JsonObject | null = null): CallSpec => ({
  eventSource: 'iam.amazonaws.com',
  eventName,
  requestParameters,
  responseElements,
});

export const policyDocument = (statements: readonly JsonObject[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

export const iam = {
  getRole: (c: ShapeContext, roleName = `${c.rng.pick(c.world.functions).name}-role`): CallSpec => iamCall('GetRole', { roleName }),
  listAttachedRolePolicies: (c: ShapeContext): CallSpec => iamCall('ListAttachedRolePolicies', { roleName: `${c.rng.pick(c.world.functions).name}-role` }),
  listRolePolicies: (c: ShapeContext): CallSpec => iamCall('ListRolePolicies', { roleName: `${c.rng.pick(c.world.functions).name}-role` }),
  getPolicy: (c: ShapeContext): CallSpec => iamCall('GetPolicy', { policyArn: `arn:aws:iam::${accountOf(c)}:policy/${c.rng.pick(c.world.functions).name}-access` }),
  getPolicyVersion: (c: ShapeContext): CallSpec =>
    iamCall('GetPolicyVersion', { policyArn: `arn:aws:iam::${accountOf(c)}:policy/${c.rng.pick(c.world.functions).name}-access`, versionId: `v${c.rng.int(1, 6)}` }),
  listRoles: (): CallSpec => iamCall('ListRoles', null),
  listUsers: (): CallSpec => iamCall('ListUsers', null),
  listPolicies: (): CallSpec => iamCall('ListPolicies', { scope: 'Local', onlyAttached: false }),
  getUser: (userName?: string): CallSpec => iamCall('GetUser', userName ? { userName } : null),
  listAccessKeys: (userName?: string): CallSpec => iamCall('ListAccessKeys', userName ? { userName } : null),
  getAccountAuthorizationDetails: (): CallSpec => iamCall('GetAccountAuthorizationDetails', { filter: ['User', 'Role', 'Group', 'LocalManagedPolicy'] }),
  getAccountSummary: (): CallSpec => iamCall('GetAccountSummary', null),
  /** Without userName the key is the caller's own: for the root user, a root access key. */
  createAccessKey: (c: ShapeContext, userName?: string): CallSpec =>
    iamCall('CreateAccessKey', userName ? { userName } : null, {
      accessKey: { ...(userName ? { userName } : {}), accessKeyId: `AKIA${c.rng.chars(16, UPPER_ALNUM)}`, status: 'Active', createDate: javaDate(c.time) },
    }),
  deleteAccessKey: (userName: string, accessKeyId: string): CallSpec => iamCall('DeleteAccessKey', { userName, accessKeyId }),
  updateAccessKey: (userName: string, accessKeyId: string, status: 'Active' | 'Inactive'): CallSpec => iamCall('UpdateAccessKey', { userName, accessKeyId, status }),
  attachRolePolicy: (roleName: string, policyArn: string): CallSpec => iamCall('AttachRolePolicy', { roleName, policyArn }),
  detachRolePolicy: (roleName: string, policyArn: string): CallSpec => iamCall('DetachRolePolicy', { roleName, policyArn }),
  putUserPolicy: (userName: string, policyName: string, document: string): CallSpec => iamCall('PutUserPolicy', { userName, policyName, policyDocument: document }),
  deleteUserPolicy: (userName: string, policyName: string): CallSpec => iamCall('DeleteUserPolicy', { userName, policyName }),
  putRolePolicy: (roleName: string, policyName: string, document: string): CallSpec => iamCall('PutRolePolicy', { roleName, policyName, policyDocument: document }),
  createPolicy: (c: ShapeContext, policyName: string, document: string): CallSpec =>
    iamCall('CreatePolicy', { policyName, policyDocument: document, description: `Managed by Terraform` }, {
      policy: {
        policyName,
        policyId: `ANPA${c.rng.chars(17, UPPER_ALNUM)}`,
        arn: `arn:aws:iam::${accountOf(c)}:policy/${policyName}`,
        path: '/',
        defaultVersionId: 'v1',
        attachmentCount: 0,
        permissionsBoundaryUsageCount: 0,
        isAttachable: true,
        createDate: javaDate(c.time),
        updateDate: javaDate(c.time),
      },
    }),
  createPolicyVersion: (c: ShapeContext, policyArn: string, document: string): CallSpec =>
    iamCall('CreatePolicyVersion', { policyArn, policyDocument: document, setAsDefault: true }, {
      policyVersion: { versionId: `v${c.rng.int(2, 5)}`, isDefaultVersion: true, createDate: javaDate(c.time) },
    }),
  tagRole: (roleName: string): CallSpec => iamCall('TagRole', { roleName, tags: [{ key: 'owner', value: 'platform' }] }),
};

const trailCall = (eventName: string, requestParameters: JsonObject | null, responseElements: JsonObject | null = null): CallSpec => ({
  eventSource: 'cloudtrail.amazonaws.com',
  eventName,
  requestParameters,
  responseElements,
});

export const cloudtrail = {
  lookupEvents: (c: ShapeContext): CallSpec =>
    trailCall('LookupEvents', {
      maxResults: 50,
      ...(c.rng.chance(0.6) ? { lookupAttributes: [{ attributeKey: c.rng.pick(['EventName', 'Username', 'ResourceName']), attributeValue: c.rng.pick(['ConsoleLogin', 'RunInstances', 'ci-deploy', 'AuthorizeSecurityGroupIngress']) }] } : {}),
      startTime: javaDate(c.time - 86_400_000),
      endTime: javaDate(c.time),
    }),
  describeTrails: (): CallSpec => trailCall('DescribeTrails', { trailNameList: [], includeShadowTrails: true }),
  getTrailStatus: (c: ShapeContext): CallSpec => trailCall('GetTrailStatus', { name: c.world.trail.arn }),
  getEventSelectors: (c: ShapeContext): CallSpec => trailCall('GetEventSelectors', { trailName: c.world.trail.name }),
  logging: (eventName: 'StopLogging' | 'StartLogging', name: string): CallSpec => trailCall(eventName, { name }),
  deleteTrail: (name: string): CallSpec => trailCall('DeleteTrail', { name }),
  updateTrail: (c: ShapeContext, changes: JsonObject): CallSpec =>
    trailCall('UpdateTrail', { name: c.world.trail.name, ...changes }, {
      name: c.world.trail.name,
      s3BucketName: c.world.trail.bucket,
      includeGlobalServiceEvents: true,
      isMultiRegionTrail: true,
      trailARN: c.world.trail.arn,
      logFileValidationEnabled: true,
      isOrganizationTrail: false,
      ...changes,
    }),
  createTrail: (c: ShapeContext, name: string, bucket: string): CallSpec =>
    trailCall('CreateTrail', { name, s3BucketName: bucket, isMultiRegionTrail: false, includeGlobalServiceEvents: false, enableLogFileValidation: false }, {
      name,
      s3BucketName: bucket,
      includeGlobalServiceEvents: false,
      isMultiRegionTrail: false,
      trailARN: `arn:aws:cloudtrail:${c.region}:${accountOf(c)}:trail/${name}`,
      logFileValidationEnabled: false,
      isOrganizationTrail: false,
    }),
  /** Event selectors that leave management events out: the trail keeps "logging" but records nothing useful. */
  putEventSelectors: (c: ShapeContext): CallSpec => {
    const selectors = [{ readWriteType: 'ReadOnly', includeManagementEvents: false, dataResources: [], excludeManagementEventSources: [] }];
    return trailCall('PutEventSelectors', { trailName: c.world.trail.name, eventSelectors: selectors }, { trailARN: c.world.trail.arn, eventSelectors: selectors });
  },
};

const configCall = (eventName: string, requestParameters: JsonObject | null, responseElements: JsonObject | null = null): CallSpec => ({
  eventSource: 'config.amazonaws.com',
  eventName,
  requestParameters,
  responseElements,
});

export const config = {
  describeRecorderStatus: (): CallSpec => configCall('DescribeConfigurationRecorderStatus', { configurationRecorderNames: [] }),
  describeRecorders: (): CallSpec => configCall('DescribeConfigurationRecorders', { configurationRecorderNames: [] }),
  describeComplianceByConfigRule: (): CallSpec => configCall('DescribeComplianceByConfigRule', { configRuleNames: [], complianceTypes: ['NON_COMPLIANT'] }),
  /** What a custom Config rule's Lambda sends back: thousands of these in a busy account. */
  putEvaluations: (c: ShapeContext): CallSpec =>
    configCall('PutEvaluations', {
      evaluations: [
        {
          complianceResourceType: 'AWS::S3::Bucket',
          complianceResourceId: c.rng.pick(c.world.buckets).name,
          complianceType: c.rng.chance(0.9) ? 'COMPLIANT' : 'NON_COMPLIANT',
          orderingTimestamp: javaDate(c.time - 60_000),
        },
      ],
      resultToken: `eyJyZXN1bHRUb2tlbiI6${c.rng.chars(280, BASE64)}`,
      testMode: false,
    }, { failedEvaluations: [] }),
  recorder: (eventName: 'StopConfigurationRecorder' | 'StartConfigurationRecorder'): CallSpec => configCall(eventName, { configurationRecorderName: 'default' }),
  deleteDeliveryChannel: (): CallSpec => configCall('DeleteDeliveryChannel', { deliveryChannelName: 'default' }),
  putDeliveryChannel: (c: ShapeContext): CallSpec =>
    configCall('PutDeliveryChannel', {
      deliveryChannel: { name: 'default', s3BucketName: `acme-config-history-${accountOf(c)}`, configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' } },
    }),
  putConfigurationRecorder: (c: ShapeContext): CallSpec =>
    configCall('PutConfigurationRecorder', {
      configurationRecorder: {
        name: 'default',
        roleARN: `arn:aws:iam::${accountOf(c)}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: c.region === 'us-east-1' },
      },
    }),
};

const orgCall = (eventName: string, requestParameters: JsonObject | null, responseElements: JsonObject | null = null): CallSpec => ({
  eventSource: 'organizations.amazonaws.com',
  eventName,
  requestParameters,
  responseElements,
});

export const organizations = {
  describeOrganization: (): CallSpec => orgCall('DescribeOrganization', null),
  listAccounts: (): CallSpec => orgCall('ListAccounts', null),
  listPoliciesForTarget: (targetId: string): CallSpec => orgCall('ListPoliciesForTarget', { targetId, filter: 'SERVICE_CONTROL_POLICY' }),
  policyTarget: (eventName: 'AttachPolicy' | 'DetachPolicy', policyId: string, targetId: string): CallSpec => orgCall(eventName, { policyId, targetId }),
  moveAccount: (accountId: string, source: string, destination: string): CallSpec =>
    orgCall('MoveAccount', { accountId, sourceParentId: source, destinationParentId: destination }),
};

export const misc = {
  /** Auto Scaling's DeletePolicy: same name as IAM's, different service. */
  autoscalingDeletePolicy: (): CallSpec => ({
    eventSource: 'autoscaling.amazonaws.com',
    eventName: 'DeletePolicy',
    requestParameters: { autoScalingGroupName: 'web-asg', policyName: 'cpu-target-tracking' },
  }),
  autoscalingDescribe: (): CallSpec => ({ eventSource: 'autoscaling.amazonaws.com', eventName: 'DescribeAutoScalingGroups', requestParameters: { autoScalingGroupNames: ['web-asg'] } }),
  /** API Gateway v2's CreateRoute: an HTTP API route, nothing to do with VPC routing. */
  apigatewayCreateRoute: (c: ShapeContext): CallSpec => {
    const apiId = c.rng.chars(10, 'abcdefghijklmnopqrstuvwxyz0123456789');
    return {
      eventSource: 'apigateway.amazonaws.com',
      eventName: 'CreateRoute',
      requestParameters: { apiId, routeKey: 'POST /orders/{id}/refund', target: `integrations/${c.rng.chars(7, 'abcdefghijklmnopqrstuvwxyz0123456789')}`, authorizationType: 'JWT' },
      responseElements: { apiKeyRequired: false, routeId: c.rng.chars(7, 'abcdefghijklmnopqrstuvwxyz0123456789'), routeKey: 'POST /orders/{id}/refund', authorizationType: 'JWT' },
    };
  },
  /** IoT's AttachPolicy: same name as the Organizations call. */
  iotAttachPolicy: (c: ShapeContext): CallSpec => ({
    eventSource: 'iot.amazonaws.com',
    eventName: 'AttachPolicy',
    requestParameters: { policyName: 'sensor-telemetry', target: `arn:aws:iot:${c.region}:${accountOf(c)}:cert/${c.rng.hex(64)}` },
  }),
  /** Billing console views are console actions, not API calls. */
  billingView: (c: ShapeContext, eventName = 'GetTotal'): CallSpec => ({
    eventSource: 'billingconsole.amazonaws.com',
    eventName,
    eventType: 'AwsConsoleAction',
    requestParameters: null,
    readOnly: true,
    requestId: 'none',
    eventVersion: '1.08',
  }),
  /** The root password reset flow: service events, which root-activity must not count. */
  passwordRecovery: (c: ShapeContext, eventName: 'PasswordRecoveryRequested' | 'PasswordRecoveryCompleted'): CallSpec => ({
    eventSource: 'signin.amazonaws.com',
    eventName,
    eventType: 'AwsServiceEvent',
    region: 'us-east-1',
    responseElements: { [eventName]: 'Success' },
    readOnly: false,
    requestId: 'none',
    eventVersion: '1.05',
  }),
  /** Trusted Advisor run on behalf of the account owner: a root call with invokedBy, which CIS excludes. */
  trustedAdvisorCheck: (): CallSpec => ({
    eventSource: 'support.amazonaws.com',
    eventName: 'DescribeTrustedAdvisorChecks',
    requestParameters: { language: 'en' },
  }),
};
