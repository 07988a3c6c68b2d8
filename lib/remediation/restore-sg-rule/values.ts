import { get, isObject, items, num, str, type JsonObject } from '../../cloudtrail/record';
import { IPV4_CIDR, IPV6_CIDR, canonicalCidr } from '../../ec2/cidr';
import { PREFIX_LIST_ID as PREFIX_LIST, SECURITY_GROUP_ID as GROUP_ID } from '../../ec2/ids';
import { IP_PROTOCOL as PROTOCOL } from '../../ec2/protocol';

/** One security-group rule's definition, the way ModifySecurityGroupRules takes it (one source per rule). */
export interface RuleValues {
  readonly ipProtocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrIpv4?: string;
  readonly cidrIpv6?: string;
  readonly prefixListId?: string;
  readonly referencedGroupId?: string;
  readonly description?: string;
}

const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = { tcp: '6', udp: '17', icmp: '1', icmpv6: '58', all: '-1' };

/** `tcp`, `6` and `TCP` are one protocol; `all` and `-1` another. */
const protocolKey = (protocol: string): string => {
  const text = protocol.trim().toLowerCase();
  return PROTOCOL_NUMBERS[text] ?? text;
};

/** Ports as EC2 reports them: protocols without ports (all traffic) read as -1/-1. */
const portKey = (values: RuleValues): string =>
  protocolKey(values.ipProtocol) === '-1' ? '-1:-1' : `${values.fromPort ?? -1}:${values.toPort ?? -1}`;

export const sourceOf = (values: RuleValues): string =>
  values.cidrIpv4 ?? values.cidrIpv6 ?? values.prefixListId ?? values.referencedGroupId ?? 'no source';

/** What makes two rules grant the same access (the description does not). */
export const accessKey = (values: RuleValues): string => `${protocolKey(values.ipProtocol)}|${portKey(values)}|${sourceOf(values)}`;

export const sameAccess = (a: RuleValues, b: RuleValues): boolean => accessKey(a) === accessKey(b);

export const isWorldOpen = (values: RuleValues): boolean =>
  (values.cidrIpv4 ?? '').endsWith('/0') || (values.cidrIpv6 ?? '').endsWith('/0');

/**
 * Values learned from AWS (Config, CloudTrail, Describe) that are fit to be sent back to EC2 and printed in a
 * command: anything else (a truncated record, a source of a kind this code does not know) is not used.
 */
export const usableValues = (values: RuleValues): boolean => {
  const sources = [values.cidrIpv4, values.cidrIpv6, values.prefixListId, values.referencedGroupId].filter((s) => s !== undefined);
  return (
    PROTOCOL.test(values.ipProtocol) &&
    sources.length === 1 &&
    (values.cidrIpv4 === undefined || IPV4_CIDR.test(values.cidrIpv4)) &&
    (values.cidrIpv6 === undefined || IPV6_CIDR.test(values.cidrIpv6)) &&
    (values.prefixListId === undefined || PREFIX_LIST.test(values.prefixListId)) &&
    (values.referencedGroupId === undefined || GROUP_ID.test(values.referencedGroupId)) &&
    (values.description === undefined || values.description.length <= 255)
  );
};

const portOf = (value: unknown): number | undefined => {
  const port = num(value);
  return port !== undefined && Number.isInteger(port) && port >= -1 && port <= 65535 ? port : undefined;
};

const protocolOf = (value: unknown): string | undefined => {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  const text = str(value)?.trim().toLowerCase();
  return text ? text : undefined;
};

/** A CIDR as EC2 stores it, so a request's `198.51.100.1/0` and what Describe then shows (`0.0.0.0/0`) compare equal. */
const cidrOf = (value: unknown): string | undefined => {
  const text = str(value)?.trim();
  return text ? canonicalCidr(text) : undefined;
};

/** Drops absent fields, so values compare and print the same whatever shape they were read from. */
const compact = (values: Record<string, unknown>): RuleValues =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== '')) as unknown as RuleValues;

/**
 * A rule definition in any of the shapes AWS writes one: CloudTrail's ModifySecurityGroupRules request
 * (`IpProtocol`, `CidrIpv4`, `ReferencedGroupId`), its AuthorizeSecurityGroup* `securityGroupRuleSet` items
 * (`ipProtocol`, `cidrIpv4`, `referencedGroupInfo.groupId`) and DescribeSecurityGroupRules output (`IpProtocol`,
 * `ReferencedGroupInfo.GroupId`).
 */
export const ruleValuesOf = (rule: JsonObject): RuleValues | undefined => {
  const pick = (pascal: string): unknown => rule[pascal] ?? rule[pascal[0]!.toLowerCase() + pascal.slice(1)];
  const ipProtocol = protocolOf(pick('IpProtocol'));
  if (ipProtocol === undefined) return undefined;
  return compact({
    ipProtocol,
    fromPort: portOf(pick('FromPort')),
    toPort: portOf(pick('ToPort')),
    cidrIpv4: cidrOf(pick('CidrIpv4')),
    cidrIpv6: cidrOf(pick('CidrIpv6')),
    prefixListId: str(pick('PrefixListId')),
    referencedGroupId: str(pick('ReferencedGroupId')) ?? str(get(pick('ReferencedGroupInfo'), 'GroupId')) ?? str(get(pick('ReferencedGroupInfo'), 'groupId')),
    description: str(pick('Description')),
  });
};

/**
 * The rules of one direction of an AWS Config AWS::EC2::SecurityGroup configuration, one per source (the shape
 * of DescribeSecurityGroups in camelCase: `ipPermissions[]` with `ipv4Ranges[{cidrIp,description}]` (older
 * items: `ipRanges` as plain strings), `ipv6Ranges[{cidrIpv6}]`, `prefixListIds[{prefixListId}]` and
 * `userIdGroupPairs[{groupId}]`).
 */
export const configRules = (configuration: JsonObject, egress: boolean): RuleValues[] =>
  items(configuration[egress ? 'ipPermissionsEgress' : 'ipPermissions']).flatMap((permission) => {
    const ipProtocol = protocolOf(permission.ipProtocol);
    if (ipProtocol === undefined) return [];
    const base = { ipProtocol, fromPort: portOf(permission.fromPort), toPort: portOf(permission.toPort) };
    const v4 = items(permission.ipv4Ranges);
    const legacy = Array.isArray(permission.ipRanges) ? permission.ipRanges : [];
    const ipv4 = v4.length > 0
      ? v4.map((range) => ({ cidrIpv4: cidrOf(range.cidrIp), description: str(range.description) }))
      : legacy.map((range) => (isObject(range) ? { cidrIpv4: cidrOf(range.cidrIp), description: str(range.description) } : { cidrIpv4: cidrOf(range) }));
    return [
      ...ipv4,
      ...items(permission.ipv6Ranges).map((range) => ({ cidrIpv6: cidrOf(range.cidrIpv6), description: str(range.description) })),
      ...items(permission.prefixListIds).map((entry) => ({ prefixListId: str(entry.prefixListId), description: str(entry.description) })),
      ...items(permission.userIdGroupPairs).map((pair) => ({ referencedGroupId: str(pair.groupId), description: str(pair.description) })),
    ].map((source) => compact({ ...base, ...source }));
  });
