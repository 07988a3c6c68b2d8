/*
 * The shapes of EC2 ids trailguard acts on. Whatever names a security group or rule in a remediation or an
 * exception is checked against these before it reaches an API call or a command printed in an alert.
 */

/** A security group id: `sg-` and 8 or 17 hex digits. */
export const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;

/** A security group rule id: `sgr-` and 8 or 17 hex digits. */
export const SECURITY_GROUP_RULE_ID = /^sgr-[0-9a-f]{8,17}$/;

/** A managed prefix list id: `pl-` and 8 or 17 hex digits. */
export const PREFIX_LIST_ID = /^pl-[0-9a-f]{8,17}$/;
