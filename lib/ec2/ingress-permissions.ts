import { get, isObject, items, num, str, type CloudTrailRecord, type JsonObject } from '../cloudtrail/record';
import { canonicalCidr } from './cidr';
import { parseProtocol, protocolKey, protocolTextOf, type Protocol } from './protocol';

/*
 * The ingress permissions a security-group call adds, read from every place CloudTrail writes them:
 * - AuthorizeSecurityGroupIngress: `ipPermissions.items[]`, plus the legacy top-level ipProtocol/fromPort/toPort/
 *   cidrIp form; since 2021 the response's `securityGroupRuleSet` also lists each rule created, with its id.
 * - ModifySecurityGroupRules: `ModifySecurityGroupRulesRequest.SecurityGroupRule` (one object, or a list when
 *   several rules change), each a rule id and its complete new definition, ingress or egress alike.
 * Lists are read through `items`, so plain arrays (hand-written history) work as well as EC2's `{ items }`
 * wrappers. Every field is read defensively: a record CloudTrail would never write yields fewer permissions or
 * unknown values, never an exception.
 */

/** One source range of a permission, with the rule id the response gave it when known. */
export interface Source {
  readonly family: 'v4' | 'v6';
  readonly cidr: string;
  ruleId?: string;
}

/** One permission as the event added it (request, rule set or rule update), before judging it. */
export interface Permission {
  readonly protocolText: string | undefined;
  readonly protocol: Protocol;
  readonly fromPort: number | undefined;
  readonly toPort: number | undefined;
  readonly sources: Source[];
  /** The rule id the request names (ModifySecurityGroupRules) or the rule-set item it came from. */
  readonly ruleId?: string;
  /** The description a rule update sets (ModifySecurityGroupRules), for the command that redoes it. */
  readonly description?: string;
}

/** A port as EC2 allows it (-1…65535, integer), from a number or a numeric string; anything else is unknown. */
export const portOf = (value: unknown): number | undefined => {
  const port = num(value);
  return port !== undefined && Number.isInteger(port) && port >= -1 && port <= 65535 ? port : undefined;
};

export const permissionOf = (protocolValue: unknown, from: unknown, to: unknown, sources: Source[], ruleId?: string): Permission => {
  const protocolText = protocolTextOf(protocolValue);
  return {
    protocolText,
    protocol: parseProtocol(protocolText),
    fromPort: portOf(from),
    toPort: portOf(to),
    sources,
    ...(ruleId !== undefined ? { ruleId } : {}),
  };
};

/** A source as EC2 stores it: the request's `203.0.113.7/0` and the response's `0.0.0.0/0` are one rule. */
export const cidrSource = (family: Source['family'], value: unknown): Source[] => {
  const cidr = str(value)?.trim();
  return cidr ? [{ family, cidr: canonicalCidr(cidr) }] : [];
};

/** `ipPermissions.items[]` and the legacy top-level fields of an Authorize request. */
export const requestPermissions = (request: unknown): Permission[] => {
  const permissions = items(get(request, 'ipPermissions')).map((item) =>
    permissionOf(item.ipProtocol, item.fromPort, item.toPort, [
      ...items(item.ipRanges).flatMap((range) => cidrSource('v4', range.cidrIp)),
      ...items(item.ipv6Ranges).flatMap((range) => cidrSource('v6', range.cidrIpv6)),
    ]),
  );
  const legacyCidr = cidrSource('v4', get(request, 'cidrIp'));
  if (legacyCidr.length > 0 || get(request, 'ipProtocol') !== undefined) {
    permissions.push(permissionOf(get(request, 'ipProtocol'), get(request, 'fromPort'), get(request, 'toPort'), legacyCidr));
  }
  // `ipPermissions: {}` (written beside the legacy form) reads as one empty permission: it names nothing.
  return permissions.filter((permission) => permission.protocolText !== undefined || permission.sources.length > 0);
};

export const isEgressItem = (item: JsonObject): boolean => item.isEgress === true || item.isEgress === 'true';

/** The ingress rules the response says were created (written since rules got ids in 2021; older records lack it). */
export const ruleSetOf = (record: CloudTrailRecord): JsonObject[] =>
  items(get(record.responseElements, 'securityGroupRuleSet')).filter((item) => !isEgressItem(item));

export const ruleSetPermission = (item: JsonObject): Permission =>
  permissionOf(
    item.ipProtocol,
    item.fromPort,
    item.toPort,
    [...cidrSource('v4', item.cidrIpv4), ...cidrSource('v6', item.cidrIpv6)],
    str(item.securityGroupRuleId),
  );

/** Each rule update of a ModifySecurityGroupRules request, with the rule id it rewrites. */
export const modifiedRules = (record: CloudTrailRecord): Permission[] =>
  items(get(record.requestParameters, 'ModifySecurityGroupRulesRequest', 'SecurityGroupRule')).map((update) => {
    const rule = isObject(update.SecurityGroupRule) ? update.SecurityGroupRule : {};
    const permission = permissionOf(
      rule.IpProtocol,
      rule.FromPort,
      rule.ToPort,
      [...cidrSource('v4', rule.CidrIpv4), ...cidrSource('v6', rule.CidrIpv6)],
      str(update.SecurityGroupRuleId),
    );
    // An empty Description (what clearing it sends) is no description: the restore action takes none or a real one.
    const description = str(rule.Description);
    return description === undefined || description === '' ? permission : { ...permission, description };
  });

/** Same protocol once names and numbers are folded (`6` is tcp); ports matter for tcp/udp only. */
export const sameRule = (permission: Permission, source: Source, item: JsonObject): boolean => {
  const itemProtocol = parseProtocol(protocolTextOf(item.ipProtocol));
  if (protocolKey(itemProtocol) !== protocolKey(permission.protocol)) return false;
  if (itemProtocol.kind === 'tcp' || itemProtocol.kind === 'udp') {
    if (portOf(item.fromPort) !== permission.fromPort || portOf(item.toPort) !== permission.toPort) return false;
  }
  const cidr = str(source.family === 'v4' ? item.cidrIpv4 : item.cidrIpv6);
  return cidr !== undefined && canonicalCidr(cidr) === source.cidr;
};

/**
 * Gives each source the id of the rule the response created for it (a rule-set item with the same protocol, ports
 * and CIDR), each id used once.
 */
export const attachRuleIds = (
  entries: readonly { readonly permission: Permission; readonly sources: readonly Source[] }[],
  ruleSet: readonly JsonObject[],
): void => {
  const unused = [...ruleSet];
  for (const { permission, sources } of entries) {
    for (const source of sources) {
      const index = unused.findIndex((item) => sameRule(permission, source, item));
      if (index < 0) continue;
      source.ruleId = str(unused[index]!.securityGroupRuleId);
      unused.splice(index, 1);
    }
  }
};
