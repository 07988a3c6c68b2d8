import { describeActor, fieldText, request, viaService } from './cloudtrail/fields';
import { items, str, type CloudTrailRecord } from './cloudtrail/record';
import { RESPONDERS } from './functions';
import type { RuleContext } from './rule';

/*
 * What trailguard's own resources are called, for the responder-tampering rules. serverless.yml and lib/deploy.ts
 * name everything after the stack, `trailguard-<stage>`:
 *   roles          trailguard-<stage>-<region>-<function>      (lib/deploy.ts roleName)
 *   functions      trailguard-<stage>-<function>               (osls naming)
 *   EventBridge    trailguard-<stage>-<LogicalId>-<SUFFIX>     (CloudFormation-generated: stack, logical id, random)
 *   topics         trailguard-<stage>-alerts, -alarms
 *   key alias      alias/trailguard-<stage>-alerts             (the key itself only by id: RuleContext.ownKeys)
 *   table          trailguard-<stage>-state
 * A deployed function knows its stage (RuleContext.stage) and protects that stage's resources only; replay without a
 * stage recognises those of any stage. Anything else that merely starts with `trailguard-` is not trailguard's.
 */

export const SERVICE_PREFIX = 'trailguard-';
const FUNCTION_NAMES = Object.values(RESPONDERS).map((responder) => responder.functionName);
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d';
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const stageOf = (context: RuleContext): string => (context.stage === undefined ? '[A-Za-z0-9-]+?' : escape(context.stage));
const oneOf = (names: readonly string[]): string => `(?:${names.map(escape).join('|')})`;

const matches = (pattern: string, name: string | undefined): boolean => name !== undefined && new RegExp(`^${pattern}$`).test(name);

export const isOwnRoleName = (name: string | undefined, context: RuleContext): boolean =>
  matches(`trailguard-${stageOf(context)}-${REGION}-${oneOf(FUNCTION_NAMES)}`, name);

/**
 * A central stage's member role, `trailguard-<stage>-member-<function>` (lib/organization.ts memberRoleName), created
 * in member accounts by the member StackSet. The loop guard trusts its sessions by name in the event's account.
 */
export const isMemberRoleName = (name: string | undefined, context: RuleContext): boolean =>
  matches(`trailguard-${stageOf(context)}-member-${oneOf(FUNCTION_NAMES)}`, name);

/** Any stage's role name (another stage's roles are that stage's business, not a squatter's). */
export const isAnyStageRoleName = (name: string | undefined): boolean => isOwnRoleName(name, {} as RuleContext);

export const isOwnFunctionName = (name: string | undefined, context: RuleContext): boolean =>
  matches(`trailguard-${stageOf(context)}-${oneOf(FUNCTION_NAMES)}`, name);

/** CloudFormation names rules `<stack>-<logical id (truncated)>-<random suffix>`; lib/deploy.ts logical ids are PascalCase. */
export const isOwnEventRuleName = (name: string | undefined, context: RuleContext): boolean =>
  matches(`trailguard-${stageOf(context)}-[A-Z][A-Za-z0-9]*-[A-Z0-9]{8,13}`, name);

/**
 * A central stage's organization bus (`trailguard-<stage>`, lib/organization.ts centralBusName), by name or ARN:
 * its rules are the stage's own like those on the default bus. Returns the bus name, or undefined.
 */
export const ownEventBusName = (bus: string | undefined, context: RuleContext): string | undefined => {
  const name = bus === undefined ? undefined : (/:event-bus\/([^/]+)$/.exec(bus)?.[1] ?? bus);
  return matches(`trailguard-${stageOf(context)}`, name) ? name : undefined;
};

export const isOwnTopicName = (name: string | undefined, context: RuleContext): boolean =>
  matches(`trailguard-${stageOf(context)}-(?:alerts|alarms)`, name);

export const isOwnTableName = (name: string | undefined, context: RuleContext): boolean =>
  matches(`trailguard-${stageOf(context)}-state`, name);

export const isOwnKeyAlias = (alias: string | undefined, context: RuleContext): boolean =>
  matches(`alias/trailguard-${stageOf(context)}-alerts`, alias);

/** A key reference (id, key ARN, alias name or alias ARN) -> the part that identifies it. */
const keyIdOf = (reference: string): string => reference.replace(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/)?/, '');

/**
 * The reference (alias or key id, as the caller wrote it) when a KMS call names trailguard's alert-topic key: by
 * its alias, or by id when the deployed function was given it (RuleContext.ownKeys). Undefined for any other key.
 */
export const ownKeyReference = (record: CloudTrailRecord, context: RuleContext): string | undefined => {
  const keyId = fieldText(request(record, 'keyId'), 300);
  const alias = fieldText(request(record, 'aliasName'), 300);
  if (alias !== undefined && isOwnKeyAlias(keyIdOf(alias), context)) return alias;
  if (keyId === undefined) return undefined;
  if (isOwnKeyAlias(keyIdOf(keyId), context)) return keyId;
  // CloudTrail also lists the key's ARN in `resources`, whatever form the caller named it by (an alias of its own).
  const ids = [keyId, ...items(record.resources).map((resource) => str(resource.ARN)).filter((arn): arn is string => arn !== undefined)].map(keyIdOf);
  return (context.ownKeys ?? []).some((own) => ids.includes(keyIdOf(own))) ? keyId : undefined;
};

/** `name`, `name:qualifier`, `123456789012:function:name[:q]` or a full function ARN -> the function name. */
export const functionNameOf = (reference: string | undefined): string | undefined => {
  if (reference === undefined) return undefined;
  const match = /^(?:arn:aws[a-z-]*:lambda:[a-z0-9-]+:)?(?:\d{12}:)?(?:function:)?([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/.exec(reference);
  return match?.[1];
};

/** The topic name in a topic ARN, or in a subscription ARN (`<topic ARN>:<subscription id>`). */
export const topicNameOf = (arn: string | undefined): string | undefined =>
  arn === undefined ? undefined : /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:([A-Za-z0-9_-]+)(?::[A-Za-z0-9-]+)?$/.exec(arn)?.[1];

/** The table name in a table ARN (`…:table/<name>`, possibly followed by `/stream/…` or `/index/…`). */
export const tableNameOf = (arn: string | undefined): string | undefined =>
  arn === undefined ? undefined : /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/([A-Za-z0-9_.-]+)/.exec(arn)?.[1];

export const CLOUDFORMATION = 'cloudformation.amazonaws.com';

/**
 * The stack's own deployment: CloudFormation acting for whoever deployed it (`invokedBy` and source address are
 * CloudFormation's). A stack can only create and change resources it owns, so on a resource with one of the
 * stack's names this is the stack itself; the rules still judge what CloudFormation created under other names.
 */
export const isCloudFormationDeployment = (record: CloudTrailRecord): boolean => {
  const identity = record.userIdentity as { invokedBy?: unknown } | undefined;
  return str(identity?.invokedBy) === CLOUDFORMATION || record.sourceIPAddress === CLOUDFORMATION;
};

/** Summary prefix and facts shared by every responder-tampering finding. */
export const tamperingFacts = (record: CloudTrailRecord, what: string): Record<string, string> => ({
  'Changed trailguard resource': what,
  ...viaService(record),
});

export const actorDid = (record: CloudTrailRecord, did: string): string => `${describeActor(record)} ${did}`;

