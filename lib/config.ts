import { isObject } from './cloudtrail/record';
import { CIDR_TEXT } from './ec2/cidr';
import { isDeclaredFlowLog, readDeclaredFlowLog, type DeclaredFlowLog } from './ec2/flow-logs';
import { SECURITY_GROUP_ID } from './ec2/ids';
import { ConfigError } from './errors';
import { EXCEPTION_MATCH_KEYS, ExceptionList, type ExceptionEntry } from './exceptions';
import { DeploymentPrincipals, deploymentPrincipalProblem } from './deployment-principals';
import { OwnPrincipals, memberRolePrincipals, ownPrincipalProblem, parseOwnPrincipal, splitOwnPrincipals } from './own-principals';
import { CATEGORIES, DEFAULT_PUBLIC_PORTS, SEVERITIES, type RemediationSettings, type Severity } from './rule';
import { parseAccountNames, parseOrganizationId, parseTopology, type AccountNames, type Topology } from './organization';

export type Mode = 'dry-run' | 'enforce';

/**
 * The alert topic setting that writes alerts to the log instead of publishing them: what `sls invoke local`
 * gets, where there is no topic, so a local run shows the alert people would have received.
 */
export const LOG_ALERTS = 'log';

/** Long enough to fold an enumeration burst into one alert, short enough that a new wave alerts again. */
export const DEFAULT_ALERT_DEDUP_MINUTES = 15;

/** Everything a responder needs from its stage, parsed and checked once at cold start. */
export interface ResponderConfig {
  readonly stage: string;
  readonly mode: Mode;
  /** An SNS topic ARN, or LOG_ALERTS. */
  readonly alertTopicArn: string;
  readonly publicPorts: readonly number[];
  readonly smsMinSeverity: Severity;
  readonly exceptions: ExceptionList;
  /** The stage's own function roles (unique id and exact ARN) plus the ownPrincipals param: the loop guard. */
  readonly ownPrincipals: OwnPrincipals;
  /** The deploymentPrincipals param: whose routine network and IAM changes drop to LOW (exact ARNs; default none). */
  readonly deploymentPrincipals: DeploymentPrincipals;
  /** The alert topic's KMS key ARN (CloudFormation), so changes to it are told apart from other keys'; unset locally. */
  readonly alertKeyArn?: string;
  /** Repeats of an alert-only alert within this many minutes are suppressed (0: never). */
  readonly alertDedupMinutes: number;
  /**
   * The stage's DynamoDB state table (idempotency on the eventID, failure counts); undefined only where there is
   * none (`sls invoke local`, unit tests): every delivery is then handled as a new event.
   */
  readonly stateTable?: string;
  /** How many times Lambda runs a failing event: its async retries + 1. The last attempt alerts "gave up". */
  readonly maxAttempts: number;
  /**
   * Organization topology (issue 13). `single`: this account and region only. `central`: the stage receives every
   * member account's events on its own bus and remediates through each member's role (lib/organization.ts).
   */
  readonly topology: Topology;
  /** The organization the central bus and member roles admit (central only). */
  readonly organizationId?: string;
  /** Account id → name, for alerts (optional). */
  readonly accountNames: AccountNames;
  /** The reverts this stage opted into (deactivateAccessKeys). */
  readonly remediationSettings: RemediationSettings;
}

/**
 * The environment variables serverless.yml sets from stage params (one per param). Names are part of the
 * deployment contract: the deployment tests assert them.
 */
export const ENV = {
  stage: 'TRAILGUARD_STAGE',
  mode: 'TRAILGUARD_MODE',
  alertTopicArn: 'TRAILGUARD_ALERT_TOPIC_ARN',
  publicPorts: 'TRAILGUARD_PUBLIC_PORTS',
  smsMinSeverity: 'TRAILGUARD_SMS_MIN_SEVERITY',
  exceptions: 'TRAILGUARD_EXCEPTIONS',
  ownPrincipals: 'TRAILGUARD_OWN_PRINCIPALS',
  deploymentPrincipals: 'TRAILGUARD_DEPLOYMENT_PRINCIPALS',
  alertDedupMinutes: 'TRAILGUARD_ALERT_DEDUP_MINUTES',
  stateTable: 'STATE_TABLE',
  maxAttempts: 'TRAILGUARD_MAX_ATTEMPTS',
  alertKeyArn: 'TRAILGUARD_ALERT_KEY_ARN',
  // Organization topology (issue 13).
  topology: 'TRAILGUARD_TOPOLOGY',
  organizationId: 'TRAILGUARD_ORGANIZATION_ID',
  accountNames: 'TRAILGUARD_ACCOUNT_NAMES',
  deactivateAccessKeys: 'TRAILGUARD_DEACTIVATE_ACCESS_KEYS',
  flowLogs: 'TRAILGUARD_FLOW_LOGS',
} as const;

/** Lambda's default for async invocations: 2 retries, 3 attempts. */
export const DEFAULT_MAX_ATTEMPTS = 3;
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

type Env = Readonly<Record<string, string | undefined>>;

const required = (env: Env, name: string): string => {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(name, 'is not set');
  return value;
};

const optional = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const ARN_GLOB = /^(arn:aws[a-z-]*:(iam|sts)::[0-9*?]+:[!-~]+|root)$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]{1,128}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const parsePorts = (name: string, value: string): number[] =>
  value.split(',').map((part, index) => {
    const port = Number(part.trim());
    if (part.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw new ConfigError(`${name}[${index}]`, `${JSON.stringify(part)} is not a port number (0-65535)`);
    }
    return port;
  });

const parseException = (value: unknown, path: string): ExceptionEntry => {
  if (!isObject(value)) throw new ConfigError(path, 'must be an object with match, reason, owner and expires');
  const unknown = Object.keys(value).filter((key) => !['id', 'match', 'reason', 'owner', 'expires'].includes(key));
  if (unknown.length > 0) throw new ConfigError(`${path}.${unknown[0]}`, 'is not a known field (id, match, reason, owner, expires)');
  for (const key of ['reason', 'owner', 'expires'] as const) {
    if (typeof value[key] !== 'string' || (value[key] as string).trim() === '') {
      throw new ConfigError(`${path}.${key}`, 'must be a non-empty string');
    }
  }
  const expires = value.expires as string;
  if (!DATE.test(expires) || Number.isNaN(Date.parse(`${expires}T00:00:00Z`))) {
    throw new ConfigError(`${path}.expires`, `must be a date YYYY-MM-DD (got ${JSON.stringify(expires)})`);
  }
  const match = value.match;
  if (!isObject(match) || Object.keys(match).length === 0) {
    throw new ConfigError(`${path}.match`, `must be an object with at least one of ${EXCEPTION_MATCH_KEYS.join(', ')}`);
  }
  for (const [key, condition] of Object.entries(match)) {
    const where = `${path}.match.${key}`;
    if (!(EXCEPTION_MATCH_KEYS as readonly string[]).includes(key)) {
      throw new ConfigError(where, `is not a known condition (${EXCEPTION_MATCH_KEYS.join(', ')})`);
    }
    if (key === 'port') {
      if (typeof condition !== 'number' || !Number.isInteger(condition) || condition < 0 || condition > 65535) {
        throw new ConfigError(where, 'must be a port number (0-65535)');
      }
      continue;
    }
    if (typeof condition !== 'string' || condition === '') throw new ConfigError(where, 'must be a non-empty string');
    if (key === 'principal' && !ARN_GLOB.test(condition)) throw new ConfigError(where, 'must be an IAM/STS ARN glob or root');
    if (key === 'securityGroupId' && !SECURITY_GROUP_ID.test(condition)) throw new ConfigError(where, 'must be a security group id (sg-…)');
    if (key === 'cidr' && !CIDR_TEXT.test(condition)) throw new ConfigError(where, 'must be a CIDR such as 0.0.0.0/0');
    if (key === 'category' && !(CATEGORIES as readonly string[]).includes(condition)) {
      throw new ConfigError(where, `must be a category id (${CATEGORIES.join(', ')})`);
    }
  }
  const id = value.id === undefined ? `exception-${path.replace(/\D+/g, '')}` : value.id;
  if (typeof id !== 'string' || id === '') throw new ConfigError(`${path}.id`, 'must be a non-empty string');
  return {
    id,
    match: match as ExceptionEntry['match'],
    reason: value.reason as string,
    owner: value.owner as string,
    expires,
  };
};

/** A variable holding a JSON array (or nothing, or null: empty); `what` names its entries in the error. */
const parseJsonArray = (name: string, value: string | undefined, what: string): unknown[] => {
  if (value === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (cause) {
    throw new ConfigError(name, `is not JSON: ${(cause as Error).message}`, { cause });
  }
  if (parsed === null) return [];
  if (!Array.isArray(parsed)) throw new ConfigError(name, `must be a JSON array of ${what}`);
  return parsed;
};

const parseExceptions = (name: string, value: string | undefined): ExceptionEntry[] => {
  const entries = parseJsonArray(name, value, 'exceptions').map((entry, index) => parseException(entry, `${name}[${index}]`));
  const ids = new Set<string>();
  for (const entry of entries) {
    if (ids.has(entry.id)) throw new ConfigError(name, `exception id ${JSON.stringify(entry.id)} is used twice`);
    ids.add(entry.id);
  }
  return entries;
};

/** The flowLogs param: a JSON array of declared flow logs, each checked and named by its index. */
const parseFlowLogs = (name: string, value: string | undefined, topology: Topology): DeclaredFlowLog[] => {
  const seen = new Set<string>();
  return parseJsonArray(name, value, 'flow logs ({resourceId, destination, trafficType, region, account, deliverLogsRoleArn})').map((entry, index) => {
    const read = readDeclaredFlowLog(entry);
    if (!isDeclaredFlowLog(read)) throw new ConfigError(`${name}[${index}]${read.field}`, read.problem);
    // A central stage recreates flow logs through each member account's role, which cannot pass a delivery role
    // (its grants are the same in every account, rendered from the rules alone).
    if (topology === 'central' && read.deliverLogsRoleArn !== undefined) {
      throw new ConfigError(
        `${name}[${index}].destination`,
        'is a CloudWatch Logs log group: a central stage (topology central) recreates only S3 flow logs, since the member accounts\' roles may not pass delivery roles; declare an S3 destination or deploy a single stage in that account',
      );
    }
    // A central stage sees every member account and region: an entry without both would be recreated in all of them.
    if (topology === 'central') {
      const absent = read.account === undefined ? 'account' : read.region === undefined ? 'region' : undefined;
      if (absent !== undefined) {
        throw new ConfigError(
          `${name}[${index}].${absent}`,
          `is required in a central stage (topology central): every flowLogs entry must name its account and region, or a DeleteFlowLogs in any member account and region would create it there`,
        );
      }
    }
    const key = [read.resourceId, read.destination, read.trafficType, read.region ?? '', read.account ?? ''].join(' ');
    if (seen.has(key)) throw new ConfigError(`${name}[${index}]`, `declares the flow log of ${read.resourceId} to ${read.destination} twice`);
    seen.add(key);
    return read;
  });
};

/**
 * Parses the responder's configuration from its environment. Throws ConfigError naming the variable (and the
 * entry, for exceptions) so a bad deployment fails its cold start loudly instead of responding wrongly.
 */
export const loadConfig = (env: Env = process.env): ResponderConfig => {
  const mode = required(env, ENV.mode);
  if (mode !== 'dry-run' && mode !== 'enforce') {
    throw new ConfigError(ENV.mode, `must be dry-run or enforce (got ${JSON.stringify(mode)})`);
  }
  const alertTopicArn = required(env, ENV.alertTopicArn);
  if (alertTopicArn !== LOG_ALERTS && !TOPIC_ARN.test(alertTopicArn)) {
    throw new ConfigError(ENV.alertTopicArn, `is not an SNS topic ARN or "${LOG_ALERTS}" (got ${JSON.stringify(alertTopicArn)})`);
  }
  const severity = (optional(env, ENV.smsMinSeverity) ?? 'HIGH').toUpperCase();
  if (!(SEVERITIES as readonly string[]).includes(severity)) {
    throw new ConfigError(ENV.smsMinSeverity, `must be one of ${SEVERITIES.join(', ')} (got ${JSON.stringify(severity)})`);
  }
  const portsText = optional(env, ENV.publicPorts);
  const principalsText = optional(env, ENV.ownPrincipals);
  const ownEntries = principalsText === undefined ? [] : splitOwnPrincipals(principalsText);
  const stage = required(env, ENV.stage);
  const topology = parseTopology(ENV.topology, optional(env, ENV.topology));
  const organizationId = parseOrganizationId(ENV.organizationId, topology, optional(env, ENV.organizationId));
  const accountNames = parseAccountNames(ENV.accountNames, optional(env, ENV.accountNames));
  const ownPrincipals = new OwnPrincipals([
    ...ownEntries.map((entry, index) => {
      const problem = ownPrincipalProblem(entry);
      if (problem !== undefined) throw new ConfigError(`${ENV.ownPrincipals}[${index}]`, problem);
      return parseOwnPrincipal(entry);
    }),
    // Central: the member roles' sessions, by exact name in the event's own account (lib/own-principals.ts).
    ...(topology === 'central' ? memberRolePrincipals(stage) : []),
  ]);
  const deploymentText = optional(env, ENV.deploymentPrincipals);
  const deploymentEntries = deploymentText === undefined ? [] : splitOwnPrincipals(deploymentText);
  deploymentEntries.forEach((entry, index) => {
    const problem = deploymentPrincipalProblem(entry);
    if (problem !== undefined) throw new ConfigError(`${ENV.deploymentPrincipals}[${index}]`, problem);
  });
  const dedupText = optional(env, ENV.alertDedupMinutes);
  const alertDedupMinutes = dedupText === undefined ? DEFAULT_ALERT_DEDUP_MINUTES : Number(dedupText);
  if (!Number.isInteger(alertDedupMinutes) || alertDedupMinutes < 0 || alertDedupMinutes > 1440) {
    throw new ConfigError(ENV.alertDedupMinutes, `must be a whole number of minutes from 0 to 1440 (got ${JSON.stringify(dedupText)})`);
  }
  const stateTable = optional(env, ENV.stateTable);
  if (stateTable !== undefined && !TABLE_NAME.test(stateTable)) {
    throw new ConfigError(ENV.stateTable, `is not a DynamoDB table name (got ${JSON.stringify(stateTable)})`);
  }
  const attemptsText = optional(env, ENV.maxAttempts);
  const maxAttempts = attemptsText === undefined ? DEFAULT_MAX_ATTEMPTS : Number(attemptsText);
  // Lambda allows 0 to 2 retries of an async invocation.
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 3) {
    throw new ConfigError(ENV.maxAttempts, `must be 1, 2 or 3 (Lambda's async retries + 1; got ${JSON.stringify(attemptsText)})`);
  }
  const alertKeyArn = optional(env, ENV.alertKeyArn);
  if (alertKeyArn !== undefined && !KEY_ARN.test(alertKeyArn)) {
    throw new ConfigError(ENV.alertKeyArn, `is not a KMS key ARN (got ${JSON.stringify(alertKeyArn)})`);
  }
  const deactivateText = optional(env, ENV.deactivateAccessKeys)?.toLowerCase();
  if (deactivateText !== undefined && deactivateText !== 'true' && deactivateText !== 'false') {
    throw new ConfigError(ENV.deactivateAccessKeys, `must be true or false (got ${JSON.stringify(env[ENV.deactivateAccessKeys])})`);
  }
  const flowLogs = parseFlowLogs(ENV.flowLogs, optional(env, ENV.flowLogs), topology);
  return {
    stage,
    mode,
    alertTopicArn,
    publicPorts: portsText === undefined ? [...DEFAULT_PUBLIC_PORTS] : parsePorts(ENV.publicPorts, portsText),
    smsMinSeverity: severity as Severity,
    exceptions: new ExceptionList(parseExceptions(ENV.exceptions, optional(env, ENV.exceptions))),
    ownPrincipals,
    deploymentPrincipals: deploymentEntries.length === 0 ? DeploymentPrincipals.NONE : new DeploymentPrincipals(deploymentEntries),
    ...(alertKeyArn !== undefined ? { alertKeyArn } : {}),
    alertDedupMinutes,
    ...(stateTable === undefined ? {} : { stateTable }),
    maxAttempts,
    topology,
    ...(organizationId === undefined ? {} : { organizationId }),
    accountNames,
    remediationSettings: { deactivateAccessKeys: deactivateText === 'true', flowLogs },
  };
};
