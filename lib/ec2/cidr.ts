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
