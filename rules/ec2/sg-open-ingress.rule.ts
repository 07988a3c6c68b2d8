import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { actorOf, get, str, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { isWorldCidr } from '../../lib/ec2/cidr';
import { SECURITY_GROUP_ID, SECURITY_GROUP_RULE_ID } from '../../lib/ec2/ids';
import {
  attachRuleIds,
  modifiedRules,
  requestPermissions,
  ruleSetOf,
  ruleSetPermission,
  type Permission,
  type Source,
} from '../../lib/ec2/ingress-permissions';
import { IP_PROTOCOL, protocolName } from '../../lib/ec2/protocol';
import { restoreSgRule, revokeIngress, type EditedRule, type RevokedPermission } from '../../lib/remediation';
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
 * - Permissions are read by lib/ec2/ingress-permissions (plain arrays as well as EC2's `{ items }` wrappers); the
 *   deployed pattern covers the wrapped shapes, which are the only ones CloudTrail writes.
 */

const REMOTE_ADMIN_PORTS: readonly number[] = [22, 3389];
/** How many opened permissions the summary spells out; the facts list every one. */
const SUMMARY_LIMIT = 3;

/** A permission that exposes something to the world, restricted to its world ranges. */
interface Exposure {
  readonly permission: Permission;
  readonly world: readonly Source[];
  readonly severity: Severity;
  readonly label: string;
}

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
  if (!IP_PROTOCOL.test(ipProtocol)) return undefined;
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
  if (!SECURITY_GROUP_ID.test(target.groupId)) return { notReverted: 'the group id in the event is not a valid security group id' };

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
  const ruleIds = sources.flatMap((source) => (source.ruleId !== undefined && SECURITY_GROUP_RULE_ID.test(source.ruleId) ? [source.ruleId] : []));
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
  if (!SECURITY_GROUP_ID.test(target.groupId)) return { notReverted: 'the group id in the event is not a valid security group id' };
  const rules: EditedRule[] = [];
  const skipped: string[] = [];
  for (const exposure of exposures) {
    const permission = revokedPermission(exposure);
    const { ruleId, description } = exposure.permission;
    const source = exposure.world[0];
    if (!permission || ruleId === undefined || !SECURITY_GROUP_RULE_ID.test(ruleId) || !source || exposure.world.length !== 1) {
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
  if (!modify && fromRequest.length > 0) attachRuleIds(exposures.map(({ permission, world }) => ({ permission, sources: world })), ruleSet);

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
