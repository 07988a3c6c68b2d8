import { principalArnsOf, type CloudTrailRecord } from './cloudtrail/record';
import { canonicalCidr } from './ec2/cidr';
import type { Finding } from './finding';
import { PrincipalMatcher } from './principals';
import type { EditedRule } from './remediation';
import type { RevokedPermission } from './remediation';

/**
 * A documented, owned, expiring decision that a finding is accepted: the alert still goes out, saying which
 * exception applied, but nothing is reverted. Every condition given must hold; conditions left out match
 * anything. An exception needs at least one condition.
 */
export interface ExceptionEntry {
  readonly id: string;
  readonly match: {
    readonly account?: string;
    readonly region?: string;
    readonly ruleId?: string;
    readonly category?: string;
    /** ARN glob of the principal that made the change (`*` any run, `?` one character). */
    readonly principal?: string;
    readonly securityGroupId?: string;
    /** The CIDR a world-open rule opened (0.0.0.0/0 or ::/0), compared as EC2 stores it (`203.0.113.7/0` is 0.0.0.0/0). */
    readonly cidr?: string;
    /**
     * The one port the exception accepts: it covers a permission only if that permission opens exactly this port
     * over TCP, UDP or SCTP. A range that merely contains it (0-65535, 1-1024), protocol -1 (everything) or a
     * protocol without ports opens more than was accepted, so it stays a finding.
     */
    readonly port?: number;
    /** Any resource id or ARN of the finding (a trail, a bucket…). */
    readonly resource?: string;
  };
  readonly reason: string;
  readonly owner: string;
  /** Last day (UTC, inclusive) the exception applies, YYYY-MM-DD. */
  readonly expires: string;
}

/** An exception (stage config) that matched a finding: live ones stop the remediation, expired ones do not. */
export interface AppliedException {
  readonly id: string;
  readonly reason: string;
  readonly owner: string;
  /** ISO date (YYYY-MM-DD) after which the exception no longer applies. */
  readonly expires: string;
  readonly expired: boolean;
}

export const EXCEPTION_MATCH_KEYS = [
  'account',
  'region',
  'ruleId',
  'category',
  'principal',
  'securityGroupId',
  'cidr',
  'port',
  'resource',
] as const;

interface CompiledException {
  readonly entry: ExceptionEntry;
  readonly principal?: PrincipalMatcher;
  /** The cidr condition as EC2 stores a range, worked out once. */
  readonly cidr?: string;
  /** First instant the exception no longer applies. */
  readonly expiresAt: number;
}

/**
 * What the finding opened, from its remediation params: revoke-ingress names permissions; restore-sg-rule names
 * edited rules, each opening one range.
 */
const permissionsOf = (params: unknown): readonly RevokedPermission[] => {
  const value = params as { ipPermissions?: readonly RevokedPermission[]; rules?: readonly EditedRule[] } | undefined;
  if (value?.ipPermissions) return value.ipPermissions;
  return (value?.rules ?? []).map((rule) => ({
    ipProtocol: rule.ipProtocol,
    ...(rule.fromPort !== undefined ? { fromPort: rule.fromPort } : {}),
    ...(rule.toPort !== undefined ? { toPort: rule.toPort } : {}),
    ipv4Ranges: rule.cidrIpv4 !== undefined ? [rule.cidrIpv4] : [],
    ipv6Ranges: rule.cidrIpv6 !== undefined ? [rule.cidrIpv6] : [],
  }));
};

/** Protocols whose fromPort/toPort are ports (names and numbers as CloudTrail writes them). */
const PORT_PROTOCOLS = new Set(['tcp', 'udp', 'sctp', '6', '17', '132']);

/** True only when the permission opens nothing but `port`: an exception covers only what it names. */
const onlyPort = (port: number, p: RevokedPermission): boolean =>
  PORT_PROTOCOLS.has(p.ipProtocol.toLowerCase()) && p.fromPort === port && (p.toPort ?? p.fromPort) === port;

/** Exceptions compiled once per cold start; `find` runs per finding. */
export class ExceptionList {
  private readonly compiled: readonly CompiledException[];

  public constructor(entries: readonly ExceptionEntry[]) {
    this.compiled = entries.map((entry) => ({
      entry,
      ...(entry.match.principal ? { principal: new PrincipalMatcher([entry.match.principal]) } : {}),
      ...(entry.match.cidr !== undefined ? { cidr: canonicalCidr(entry.match.cidr) } : {}),
      expiresAt: Date.parse(`${entry.expires}T00:00:00Z`) + 24 * 3600 * 1000,
    }));
  }

  public get size(): number {
    return this.compiled.length;
  }

  /**
   * The exception that covers a finding: a live one if any matches, else an expired one (so the alert can say
   * it expired and was ignored), else undefined. `params` are the finding's remediation params, whose opened
   * permissions the cidr and port conditions are checked against: each must cover every offending permission
   * entirely, so an exception for port 22 never spares a 3389 opened in the same call, nor 0-65535 or protocol -1.
   */
  public find(finding: Finding, record: CloudTrailRecord, params: unknown, now: Date): AppliedException | undefined {
    let expired: AppliedException | undefined;
    for (const candidate of this.compiled) {
      if (!this.matches(candidate, finding, record, params)) continue;
      const { id, reason, owner, expires } = candidate.entry;
      if (now.getTime() < candidate.expiresAt) return { id, reason, owner, expires, expired: false };
      expired ??= { id, reason, owner, expires, expired: true };
    }
    return expired;
  }

  private matches(candidate: CompiledException, finding: Finding, record: CloudTrailRecord, params: unknown): boolean {
    const m = candidate.entry.match;
    if (m.account !== undefined && m.account !== finding.account) return false;
    if (m.region !== undefined && m.region !== finding.region) return false;
    if (m.ruleId !== undefined && m.ruleId !== finding.ruleId) return false;
    if (m.category !== undefined && m.category !== finding.category) return false;
    if (m.resource !== undefined && !finding.resources.includes(m.resource)) return false;
    if (m.securityGroupId !== undefined && !finding.resources.includes(m.securityGroupId)) return false;
    if (candidate.principal) {
      const arns = principalArnsOf(record);
      if (!candidate.principal.matchesAny(finding.actor === 'root' ? [...arns, 'root'] : arns)) return false;
    }
    if (m.cidr !== undefined || m.port !== undefined) {
      const permissions = permissionsOf(params);
      if (permissions.length === 0) return false;
      for (const p of permissions) {
        if (m.port !== undefined && !onlyPort(m.port, p)) return false;
        if (candidate.cidr !== undefined && [...p.ipv4Ranges, ...p.ipv6Ranges].some((range) => canonicalCidr(range) !== candidate.cidr)) return false;
      }
    }
    return true;
  }
}
