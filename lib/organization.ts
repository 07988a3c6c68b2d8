import { ConfigError } from './errors';
import { SERVICE } from './names';

/*
 * The organization topology (issue 13, `topology: central`): one stage in the security account owns a custom event
 * bus that every member account and region forwards matching CloudTrail events to, and its functions remediate in
 * the member account of each event through a role the member template creates there. The names here are shared by
 * the central template, the member template, the functions (which role to assume) and the loop guard (whose
 * sessions never fire rules), so they are derived, never configured twice.
 */

export const TOPOLOGIES = ['single', 'central'] as const;
export type Topology = (typeof TOPOLOGIES)[number];

/** `o-` and 10 to 32 lower-case letters or digits (AWS Organizations' organization id). */
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT_ID = /^\d{12}$/;
/** Account names as they appear in alerts: printable, short enough for an SMS. */
const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._+@()-]{0,31}$/;

/**
 * The member role a central function assumes, one per function (each holds only its function's permissions):
 * `trailguard-<stage>-member-<function>`. A fixed name under the responder's prefix, not a param: the role-tampering
 * rule recognises it as the stage's own (its CloudFormation deployment is quiet, anyone else's change alerts), and
 * the loop guard recognises its sessions by this exact name in the event's own account.
 */
export const memberRoleName = (stage: string, functionName: string): string => `${SERVICE}-${stage}-member-${functionName}`;

/** Session names start with this; the member roles' trust policy requires it (sts:RoleSessionName). */
export const SESSION_PREFIX = `${SERVICE}-`;

/**
 * `trailguard-<eventID>`: the CloudTrail eventID of the event that needed the session, so a member account's
 * CloudTrail ties every revert to the event that caused it. Credentials are reused for later events of the same
 * account while valid: their calls carry the first event's id (the alert of each event names the session used).
 */
export const sessionName = (eventId: string): string => `${SESSION_PREFIX}${eventId.replace(/[^\w+=,.@-]/g, '-')}`.slice(0, 64);

/** The central bus: `trailguard-<stage>`, in the central stack's account and region. */
export const centralBusName = (stage: string): string => `${SERVICE}-${stage}`;

/** Account id → display name, for alerts. */
export type AccountNames = Readonly<Record<string, string>>;

/** Parses the accountNames param/variable (a JSON object of 12-digit account id → name), naming the bad entry. */
export const parseAccountNames = (name: string, value: string | undefined): AccountNames => {
  if (value === undefined || value.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (cause) {
    throw new ConfigError(name, `is not JSON: ${(cause as Error).message}`, { cause });
  }
  if (parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(name, 'must be a map of 12-digit account id to account name');
  const names: Record<string, string> = {};
  for (const [account, label] of Object.entries(parsed as Record<string, unknown>)) {
    if (!ACCOUNT_ID.test(account)) throw new ConfigError(`${name}.${account}`, 'is not a 12-digit account id');
    if (typeof label !== 'string' || !ACCOUNT_NAME.test(label)) {
      throw new ConfigError(`${name}.${account}`, `must be a name of 1 to 32 letters, digits, spaces or ._+@()- (got ${JSON.stringify(label)})`);
    }
    names[account] = label;
  }
  return names;
};

export const parseTopology = (name: string, value: string | undefined): Topology => {
  const topology = value === undefined || value.trim() === '' ? 'single' : value.trim();
  if (!(TOPOLOGIES as readonly string[]).includes(topology)) {
    throw new ConfigError(name, `must be ${TOPOLOGIES.join(' or ')} (got ${JSON.stringify(value)})`);
  }
  return topology as Topology;
};

/** Required in central (the bus policy and member roles trust only this organization), refused in single. */
export const parseOrganizationId = (name: string, topology: Topology, value: string | undefined): string | undefined => {
  const id = value?.trim() ?? '';
  if (topology === 'single') {
    if (id !== '') throw new ConfigError(name, 'is only used with topology central (set topology: central, or leave it empty)');
    return undefined;
  }
  if (id === '') throw new ConfigError(name, 'is required with topology central: the organization id (o-…) that the event bus and member roles admit');
  if (!ORGANIZATION_ID.test(id)) throw new ConfigError(name, `is not an organization id such as o-a1b2c3d4e5 (got ${JSON.stringify(id)})`);
  return id;
};
