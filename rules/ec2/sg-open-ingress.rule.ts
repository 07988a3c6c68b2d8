import {
  actorOf,
  get,
  isObject,
  items,
  num,
  str,
  succeeded,
  type CloudTrailRecord,
  type JsonObject,
} from '../../lib/cloudtrail/record';
import { restoreSgRule, revokeIngress, type EditedRule, type RevokedPermission } from '../../lib/remediation';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { defineRule, severityRank, type FindingDraft, type RuleContext, type Severity } from '../../lib/rule';

/*
 * What "opened to the world" means here, shape by shape (every field is read defensively; a record CloudTrail
 * would never write yields either no finding or a finding without remediation, never an exception):
 *
 * - World = any CIDR whose prefix length is /0. EC2 canonicalises CIDRs, so `203.0.113.7/0` becomes 0.0.0.0/0 and
 *   `::/0` is the IPv6 world; matching the prefix length (suffix `/0`) is exact (no other prefix ends in `/0`).
 *   Prefix lists and referenced groups are never world: their contents are not in the record.
 * - AuthorizeSecurityGroupIngress: the request is the source of truth for what was added
 *   (`ipPermissions.items[]`, plus the legacy top-level ipProtocol/fromPort/toPort/cidrIp form). When the request
 *   names no permission at all (null, truncated or garbage requestParameters), the response's
 *   `securityGroupRuleSet` (ingress items only) says what was created and is used instead; with neither there is
 *   nothing to judge and no finding.
 * - ModifySecurityGroupRules: `ModifySecurityGroupRulesRequest.SecurityGroupRule` (one object, or a list when
 *   several rules change) gives each rule's id and its complete new definition, but neither what the rule was
 *   before nor whether it is ingress or egress (the API edits both and the response is only `return: true`). So
 *   the revert is restore-sg-rule, which reads the rule first: it leaves an egress rule alone (reporting that the
 *   edit opened nothing) and puts an ingress rule back to its previous values rather than deleting it.
 * - Ports: a permission is allowed publicly only if every port of its range is in publicPorts (80-443 is not).
 *   tcp/udp with missing, -1, non-integer or inverted ports count as all ports (the worst reading of a range the
 *   record does not state). Protocol -1/all opens everything. ICMP/ICMPv6 have no ports: reachability by ping is
 *   not an open-port exposure, so no finding. Any other protocol number (ESP 50, GRE 47…) opens that whole
 *   protocol: HIGH. A missing or unrecognisable protocol on a world range opens something unknown: CRITICAL,
 *   reported but never reverted (the revert could not name it).
 * - Lists are read through `items`, so plain arrays (hand-written history) work as well as EC2's `{ items }`
 *   wrappers; the deployed pattern covers the wrapped shapes, which are the only ones CloudTrail writes.
 */

const REMOTE_ADMIN_PORTS: readonly number[] = [22, 3389];
const GROUP_ID = /^sg-[0-9a-f]{8,17}$/;
const RULE_ID = /^sgr-[0-9a-f]{8,17}$/;
/** Protocol text revoke-ingress accepts (lib/remediation/revoke-ingress.ts). */
const REVOCABLE_PROTOCOL = /^(-1|tcp|udp|icmp|icmpv6|\d{1,3})$/;
/** How many opened permissions the summary spells out; the facts list every one. */
const SUMMARY_LIMIT = 3;

type Protocol =
  | { readonly kind: 'all' }
  | { readonly kind: 'tcp' | 'udp' }
  | { readonly kind: 'icmp' }
  | { readonly kind: 'other'; readonly number: number }
  | { readonly kind: 'unknown' };

/** One source range of a permission, with the rule id the response gave it when known. */
interface Source {
  readonly family: 'v4' | 'v6';
  readonly cidr: string;
  ruleId?: string;
}

/** One permission as the event added it (request, rule set or rule update), before judging it. */
interface Permission {
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

/** A permission that exposes something to the world, restricted to its world ranges. */
interface Exposure {
  readonly permission: Permission;
  readonly world: readonly Source[];
  readonly severity: Severity;
  readonly label: string;
}

const isWorldCidr = (cidr: string): boolean => cidr.trim().endsWith('/0');

/** Protocol name or number as written (`tcp`, `"6"`, 6, `-1`, `all`); case and surrounding blanks do not matter. */
const protocolTextOf = (value: unknown): string | undefined => {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : undefined;
  const text = str(value)?.trim().toLowerCase();
  return text === '' ? undefined : text;
};

const parseProtocol = (text: string | undefined): Protocol => {
  switch (text) {
    case undefined:
      return { kind: 'unknown' };
    case '-1':
    case 'all':
      return { kind: 'all' };
    case 'tcp':
    case '6':
      return { kind: 'tcp' };
    case 'udp':
    case '17':
      return { kind: 'udp' };
    case 'icmp':
    case '1':
    case 'icmpv6':
    case '58':
      return { kind: 'icmp' };
    default: {
      const number = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
      return number <= 255 ? { kind: 'other', number } : { kind: 'unknown' };
    }
  }
};

/** A port as EC2 allows it (-1…65535, integer), from a number or a numeric string; anything else is unknown. */
const portOf = (value: unknown): number | undefined => {
  const port = num(value);
  return port !== undefined && Number.isInteger(port) && port >= -1 && port <= 65535 ? port : undefined;
};

const permissionOf = (protocolValue: unknown, from: unknown, to: unknown, sources: Source[], ruleId?: string): Permission => {
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

const cidrSource = (family: Source['family'], value: unknown): Source[] => {
  const cidr = str(value)?.trim();
  return cidr ? [{ family, cidr }] : [];
};

/** `ipPermissions.items[]` and the legacy top-level fields of an Authorize request. */
const requestPermissions = (request: unknown): Permission[] => {
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

const isEgressItem = (item: JsonObject): boolean => item.isEgress === true || item.isEgress === 'true';

/** The ingress rules the response says were created (written since rules got ids in 2021; older records lack it). */
const ruleSetOf = (record: CloudTrailRecord): JsonObject[] =>
  items(get(record.responseElements, 'securityGroupRuleSet')).filter((item) => !isEgressItem(item));

const ruleSetPermission = (item: JsonObject): Permission =>
  permissionOf(
    item.ipProtocol,
    item.fromPort,
    item.toPort,
    [...cidrSource('v4', item.cidrIpv4), ...cidrSource('v6', item.cidrIpv6)],
    str(item.securityGroupRuleId),
  );

/** Each rule update of a ModifySecurityGroupRules request, with the rule id it rewrites. */
const modifiedRules = (record: CloudTrailRecord): Permission[] =>
  items(get(record.requestParameters, 'ModifySecurityGroupRulesRequest', 'SecurityGroupRule')).map((update) => {
    const rule = isObject(update.SecurityGroupRule) ? update.SecurityGroupRule : {};
    const permission = permissionOf(
      rule.IpProtocol,
      rule.FromPort,
      rule.ToPort,
      [...cidrSource('v4', rule.CidrIpv4), ...cidrSource('v6', rule.CidrIpv6)],
      str(update.SecurityGroupRuleId),
    );
    const description = str(rule.Description);
    return description === undefined ? permission : { ...permission, description };
  });

const protocolName = (protocol: Protocol, text: string | undefined): string => {
  switch (protocol.kind) {
    case 'all':
      return 'all traffic';
    case 'tcp':
    case 'udp':
      return protocol.kind;
    case 'icmp':
      return text ?? 'icmp';
    case 'other':
      return `protocol ${protocol.number}`;
    case 'unknown':
      return text === undefined ? 'an unnamed protocol' : `unknown protocol "${text.slice(0, 16)}"`;
  }
};

/**
 * What a world-open permission exposes, or null when nothing that counts is exposed (ICMP, or every port of the
 * range is allowed publicly).
 */
const judge = (permission: Permission, context: RuleContext): { severity: Severity; label: string } | null => {
  const { protocol } = permission;
  if (protocol.kind === 'icmp') return null;
  if (protocol.kind === 'all') return { severity: 'CRITICAL', label: 'all traffic' };
  if (protocol.kind === 'unknown') return { severity: 'CRITICAL', label: protocolName(protocol, permission.protocolText) };
  if (protocol.kind === 'other') return { severity: 'HIGH', label: `${protocolName(protocol, undefined)} (all ports)` };

  const { fromPort, toPort } = permission;
  const known = fromPort !== undefined && toPort !== undefined && fromPort >= 0 && toPort >= 0 && fromPort <= toPort;
  const low = known ? fromPort : 0;
  const high = known ? toPort : 65535;
  const count = high - low + 1;
  if (count <= context.publicPorts.size) {
    let allowed = true;
    for (let port = low; port <= high && allowed; port++) allowed = context.publicPorts.has(port);
    if (allowed) return null;
  }
  const allPorts = low <= 1 && high === 65535;
  const ports = allPorts ? 'all ports' : low === high ? String(low) : `${low}-${high}`;
  const adminPort = REMOTE_ADMIN_PORTS.some((port) => port >= low && port <= high);
  return { severity: allPorts || adminPort ? 'CRITICAL' : 'HIGH', label: `${protocol.kind}/${ports}` };
};

const exposuresOf = (permissions: readonly Permission[], context: RuleContext): Exposure[] =>
  permissions.flatMap((permission) => {
    const world = permission.sources.filter((source) => isWorldCidr(source.cidr));
    if (world.length === 0) return [];
    const verdict = judge(permission, context);
    return verdict ? [{ permission, world, ...verdict }] : [];
  });

const protocolKey = (protocol: Protocol): string => (protocol.kind === 'other' ? `other:${protocol.number}` : protocol.kind);

/** Same protocol once names and numbers are folded (`6` is tcp); ports matter for tcp/udp only. */
const sameRule = (permission: Permission, source: Source, item: JsonObject): boolean => {
  const itemProtocol = parseProtocol(protocolTextOf(item.ipProtocol));
  if (protocolKey(itemProtocol) !== protocolKey(permission.protocol)) return false;
  if (itemProtocol.kind === 'tcp' || itemProtocol.kind === 'udp') {
    if (portOf(item.fromPort) !== permission.fromPort || portOf(item.toPort) !== permission.toPort) return false;
  }
  const cidr = source.family === 'v4' ? item.cidrIpv4 : item.cidrIpv6;
  return str(cidr)?.trim() === source.cidr;
};

/** Gives each offending request source the id of the rule the response created for it, each id used once. */
const attachRuleIds = (exposures: readonly Exposure[], ruleSet: readonly JsonObject[]): void => {
  const unused = [...ruleSet];
  for (const exposure of exposures) {
    for (const source of exposure.world) {
      const index = unused.findIndex((item) => sameRule(exposure.permission, source, item));
      if (index < 0) continue;
      source.ruleId = str(unused[index]!.securityGroupRuleId);
      unused.splice(index, 1);
    }
  }
};

const describe = (exposure: Exposure): string[] =>
  exposure.world.map((source) => `${exposure.label} from ${source.cidr}`);

interface Target {
  readonly groupId: string | undefined;
  readonly groupName: string | undefined;
}

interface Remediation {
  readonly params?: Readonly<Record<string, unknown>>;
  /** Why nothing (or not everything) is reverted, for the alert. */
  readonly notReverted?: string;
}

const revokedPermission = (exposure: Exposure): RevokedPermission | undefined => {
  const { permission } = exposure;
  const text = permission.protocolText;
  if (text === undefined || permission.protocol.kind === 'unknown') return undefined;
  const ipProtocol = permission.protocol.kind === 'all' ? '-1' : text;
  if (!REVOCABLE_PROTOCOL.test(ipProtocol)) return undefined;
  const ports = permission.fromPort !== undefined && permission.toPort !== undefined
    ? { fromPort: permission.fromPort, toPort: permission.toPort }
    : {};
  return {
    ipProtocol,
    ...ports,
    ipv4Ranges: exposure.world.filter((source) => source.family === 'v4').map((source) => source.cidr),
    ipv6Ranges: exposure.world.filter((source) => source.family === 'v6').map((source) => source.cidr),
  };
};

/**
 * The revert: exactly the offending permissions (world ranges only) and, when the response (or the request, for
 * rule updates) names a rule id for every one of them, those ids. A partial id list would make revoke-ingress
 * skip the permissions without one, so ids are all-or-nothing.
 */
const remediationFor = (record: CloudTrailRecord, target: Target, exposures: readonly Exposure[]): Remediation => {
  if (target.groupId === undefined) {
    return {
      notReverted: target.groupName === undefined
        ? 'the event names no security group'
        : `the event names the group only by name (${target.groupName}) and its response has no rule set giving the id; revoke the rule by hand`,
    };
  }
  if (!GROUP_ID.test(target.groupId)) return { notReverted: 'the group id in the event is not a valid security group id' };

  const revocable = exposures.flatMap((exposure) => {
    const permission = revokedPermission(exposure);
    return permission ? [{ exposure, permission }] : [];
  });
  const skipped = exposures.filter((exposure) => !revocable.some((entry) => entry.exposure === exposure));
  const notReverted = skipped.length > 0
    ? `${skipped.flatMap(describe).join('; ')} (the protocol cannot be named in a revoke)`
    : undefined;
  if (revocable.length === 0) return notReverted ? { notReverted } : {};

  const sources = revocable.flatMap(({ exposure }) => exposure.world);
  const ruleIds = sources.flatMap((source) => (source.ruleId !== undefined && RULE_ID.test(source.ruleId) ? [source.ruleId] : []));
  const params = {
    groupId: target.groupId,
    region: record.awsRegion,
    ipPermissions: revocable.map(({ permission }) => permission),
    securityGroupRuleIds: ruleIds.length === sources.length ? [...new Set(ruleIds)] : [],
  };
  try {
    revokeIngress.parse(params);
  } catch (error) {
    // Only reachable with values CloudTrail never writes (e.g. a malformed region): report, do not revert.
    return { notReverted: `the revert could not be built: ${error instanceof Error ? error.message : 'invalid params'}` };
  }
  return { params, ...(notReverted ? { notReverted } : {}) };
};

/**
 * The revert of rule edits: each world-open edited rule, with the values the event set, for restore-sg-rule.
 * A rule update without a usable rule id cannot be restored (nor told apart from its siblings), so it is reported.
 */
const restoreFor = (record: CloudTrailRecord, target: Target, exposures: readonly Exposure[]): Remediation => {
  if (target.groupId === undefined) return { notReverted: 'the event names no security group' };
  if (!GROUP_ID.test(target.groupId)) return { notReverted: 'the group id in the event is not a valid security group id' };
  const rules: EditedRule[] = [];
  const skipped: string[] = [];
  for (const exposure of exposures) {
    const permission = revokedPermission(exposure);
    const { ruleId, description } = exposure.permission;
    const source = exposure.world[0];
    if (!permission || ruleId === undefined || !RULE_ID.test(ruleId) || !source || exposure.world.length !== 1) {
      skipped.push(...describe(exposure));
      continue;
    }
    rules.push({
      securityGroupRuleId: ruleId,
      ipProtocol: permission.ipProtocol,
      ...(permission.fromPort !== undefined ? { fromPort: permission.fromPort } : {}),
      ...(permission.toPort !== undefined ? { toPort: permission.toPort } : {}),
      ...(source.family === 'v4' ? { cidrIpv4: source.cidr } : { cidrIpv6: source.cidr }),
      ...(description !== undefined ? { description } : {}),
    });
  }
  const notReverted = skipped.length > 0 ? `${skipped.join('; ')} (the rule update names no usable rule id or protocol)` : undefined;
  if (rules.length === 0) return notReverted ? { notReverted } : {};
  const params = { groupId: target.groupId, region: record.awsRegion, eventId: record.eventID, eventTime: record.eventTime, rules };
  try {
    restoreSgRule.parse(params);
  } catch (error) {
    // Only reachable with values CloudTrail never writes (e.g. a malformed region or time): report, do not revert.
    return { notReverted: `the revert could not be built: ${error instanceof Error ? error.message : 'invalid params'}` };
  }
  return { params, ...(notReverted ? { notReverted } : {}) };
};

const classify = (record: CloudTrailRecord, context: RuleContext): FindingDraft | null => {
  if (!succeeded(record)) return null;
  const request = record.requestParameters;
  const modify = record.eventName === 'ModifySecurityGroupRules';
  if (!modify && record.eventName !== 'AuthorizeSecurityGroupIngress') return null;

  const ruleSet = modify ? [] : ruleSetOf(record);
  const fromRequest = modify ? modifiedRules(record) : requestPermissions(request);
  const permissions = fromRequest.length > 0 || modify ? fromRequest : ruleSet.map(ruleSetPermission);
  const exposures = exposuresOf(permissions, context);
  if (exposures.length === 0) return null;

  // Rule ids: a rule update names its rule; a request permission gets the id of the matching rule-set item; a
  // permission read from the rule set already carries its own.
  for (const exposure of exposures) {
    const { ruleId } = exposure.permission;
    if (ruleId !== undefined) for (const source of exposure.world) source.ruleId = ruleId;
  }
  if (!modify && fromRequest.length > 0) attachRuleIds(exposures, ruleSet);

  const requestGroupId = modify
    ? str(get(request, 'ModifySecurityGroupRulesRequest', 'GroupId'))
    : str(get(request, 'groupId'));
  const target: Target = {
    groupId: requestGroupId?.trim() || ruleSet.map((item) => str(item.groupId)).find((id) => id !== undefined),
    groupName: str(get(request, 'groupName')),
  };
  const group = target.groupId ?? target.groupName ?? 'an unnamed security group';

  const severity = exposures.reduce<Severity>(
    (worst, exposure) => (severityRank(exposure.severity) > severityRank(worst) ? exposure.severity : worst),
    'HIGH',
  );
  const opened = exposures.flatMap(describe);
  const shown = opened.slice(0, SUMMARY_LIMIT).join(', ') + (opened.length > SUMMARY_LIMIT ? ` and ${opened.length - SUMMARY_LIMIT} more` : '');
  const ruleIds = [...new Set(exposures.flatMap((exposure) => exposure.world.flatMap((source) => source.ruleId ?? [])))];
  const remediation = modify ? restoreFor(record, target, exposures) : remediationFor(record, target, exposures);

  const facts: Record<string, string> = { 'Opened to the world': opened.join('; ') };
  if (ruleIds.length > 0) facts['Security group rules'] = ruleIds.join(', ');
  if (modify) {
    facts.Direction = 'ModifySecurityGroupRules does not record whether a rule is ingress or egress: trailguard reads ' +
      'the rule before acting and leaves an egress rule alone (an outbound rule opens nothing to the internet)';
  }
  if (remediation.notReverted) facts['Not reverted'] = remediation.notReverted;

  return {
    severity,
    resources: target.groupId !== undefined || target.groupName !== undefined ? [group] : [],
    summary: modify
      ? `${actorOf(record)} changed rules of ${group} to allow ${shown}`
      : `${actorOf(record)} opened ${group} to ${shown}`,
    facts,
    ...(remediation.params ? { remediation: { action: modify ? 'restore-sg-rule' : 'revoke-ingress', params: remediation.params } } : {}),
  };
};

export default defineRule({
  id: 'ec2.sg-open-ingress',
  title: 'Security group opened to the world',
  description:
    'An ingress rule now admits the whole internet (0.0.0.0/0 or ::/0) on a port that is not allowed publicly: ' +
    'exposed SSH, RDP, databases and admin consoles are scanned and attacked within minutes.',
  category: 'sg-open-ingress',
  // CRITICAL for all traffic, all ports, or a range containing SSH/RDP; HIGH for any other port or protocol.
  severity: 'HIGH',
  status: 'active',
  // Content-filtered to world ranges in every place CloudTrail writes a CIDR for these two calls, so ordinary
  // rule edits never invoke the function. A record with no world range anywhere cannot yield a finding.
  pattern: apiCallPattern('ec2', ['AuthorizeSecurityGroupIngress', 'ModifySecurityGroupRules'], {
    $or: [
      { requestParameters: { ipPermissions: { items: { ipRanges: { items: { cidrIp: [{ suffix: '/0' }] } } } } } },
      { requestParameters: { ipPermissions: { items: { ipv6Ranges: { items: { cidrIpv6: [{ suffix: '/0' }] } } } } } },
      { requestParameters: { cidrIp: [{ suffix: '/0' }] } },
      { requestParameters: { ModifySecurityGroupRulesRequest: { SecurityGroupRule: { SecurityGroupRule: { CidrIpv4: [{ suffix: '/0' }] } } } } },
      { requestParameters: { ModifySecurityGroupRulesRequest: { SecurityGroupRule: { SecurityGroupRule: { CidrIpv6: [{ suffix: '/0' }] } } } } },
      { responseElements: { securityGroupRuleSet: { items: { cidrIpv4: [{ suffix: '/0' }] } } } },
      { responseElements: { securityGroupRuleSet: { items: { cidrIpv6: [{ suffix: '/0' }] } } } },
    ],
  }),
  actions: ['revoke-ingress', 'restore-sg-rule'],
  classify,
  guidance:
    'Check who needs the port: restrict the source to known CIDRs, a prefix list or a load balancer security group, ' +
    'or use SSM Session Manager instead of SSH/RDP. Anything that connected while the rule was open may already ' +
    'have what it came for: review the instances behind the group.',
  // CIS AWS Foundations Benchmark v1.4.0 / v3.0.0 numbering.
  references: {
    cis: ['5.2', '5.3'],
    securityHub: ['EC2.13', 'EC2.14', 'EC2.18', 'EC2.19', 'EC2.53', 'EC2.54'],
    mitre: ['T1562.007', 'T1133'],
    stratus: ['aws.exfiltration.ec2-security-group-open-port-22-ingress'],
  },
});
