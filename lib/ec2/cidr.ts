/*
 * CIDR blocks as security-group rules carry them. EC2 canonicalises what it stores, so `203.0.113.7/0` is kept as
 * 0.0.0.0/0 and `::/0` is the IPv6 world.
 */

// CIDRs end up in copy-pasteable commands in alerts: only address characters, never shell syntax.
/** An IPv4 CIDR fit for an API call and a printed command. */
export const IPV4_CIDR = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;
/** An IPv6 CIDR fit for an API call and a printed command. */
export const IPV6_CIDR = /^[0-9A-Fa-f:.]{2,45}\/\d{1,3}$/;
/** Either family, in the looser shape an exception's `cidr` condition may take (compared as text, never sent). */
export const CIDR_TEXT = /^[0-9a-fA-F:.]+\/\d{1,3}$/;

/**
 * The whole internet: any CIDR whose prefix length is /0. Matching the suffix is exact (no other prefix length
 * ends in `/0`), and it holds for both families and for uncanonicalised hosts (`203.0.113.7/0`).
 */
export const isWorldCidr = (cidr: string): boolean => cidr.trim().endsWith('/0');

const IPV4_PARTS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/;

const ipv4Canonical = (cidr: string): string | undefined => {
  const parts = IPV4_PARTS.exec(cidr);
  if (!parts) return undefined;
  const octets = parts.slice(1, 5).map(Number);
  const length = Number(parts[5]);
  if (length > 32 || octets.some((octet) => octet > 255)) return undefined;
  const address = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  const masked = length === 0 ? 0 : (address & (0xffffffff << (32 - length))) >>> 0;
  return `${masked >>> 24}.${(masked >>> 16) & 255}.${(masked >>> 8) & 255}.${masked & 255}/${length}`;
};

/** The eight 16-bit groups of an IPv6 address in any of its text forms (`::`, leading zeros, a dotted IPv4 tail). */
const ipv6Groups = (address: string): number[] | undefined => {
  const halves = address.toLowerCase().split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (text: string): number[] | undefined => {
    if (text === '') return [];
    const groups: number[] = [];
    const pieces = text.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = ipv4Canonical(`${piece}/32`);
        if (v4 === undefined) return undefined;
        const octets = v4.slice(0, -3).split('.').map(Number);
        groups.push((octets[0]! << 8) | octets[1]!, (octets[2]! << 8) | octets[3]!);
      } else if (HEX_GROUP.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : undefined;
};

/** RFC 5952 text: lowercase, no leading zeros, the longest run of two or more zero groups (the first) as `::`. */
const ipv6Text = (groups: readonly number[]): string => {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
};

const ipv6Canonical = (cidr: string): string | undefined => {
  const slash = cidr.lastIndexOf('/');
  if (slash < 0 || !/^\d{1,3}$/.test(cidr.slice(slash + 1))) return undefined;
  const length = Number(cidr.slice(slash + 1));
  const groups = length <= 128 ? ipv6Groups(cidr.slice(0, slash)) : undefined;
  if (!groups) return undefined;
  const masked = groups.map((group, index) => {
    const kept = Math.min(Math.max(length - index * 16, 0), 16);
    return kept === 0 ? 0 : group & ((0xffff << (16 - kept)) & 0xffff);
  });
  return `${ipv6Text(masked)}/${length}`;
};

/**
 * The CIDR as EC2 stores it: host bits cleared (`203.0.113.7/0` is kept as `0.0.0.0/0`, `10.8.10.0/16` as
 * `10.8.0.0/16`) and IPv6 in its one canonical text. A rule's CIDR in an event response, in
 * DescribeSecurityGroupRules or in a Config snapshot is this form, while the request keeps what the caller wrote:
 * comparing them, or revoking by value, needs both sides in this form. Text that is not a CIDR comes back trimmed
 * and otherwise unchanged (the callers' own checks then refuse it).
 */
export const canonicalCidr = (cidr: string): string => {
  const text = cidr.trim();
  return (text.includes(':') ? ipv6Canonical(text) : ipv4Canonical(text)) ?? text;
};
