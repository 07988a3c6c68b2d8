import type { DeclaredFlowLog } from './ec2/flow-logs';
import type { CloudTrailRecord } from './cloudtrail/record';
import type { ResponderId } from './functions';
import type { EventPattern } from './pattern';
import type { ActionId } from './remediation';

/** Stable category ids (README "Detections"): they appear in findings, metrics, alerts and tests. */
export const CATEGORIES = [
  'sg-open-ingress',
  'sg-change',
  'root-login',
  'root-activity',
  'root-access-key',
  'console-login-no-mfa',
  'console-login-failure',
  'unauthorized-api-call',
  'cloudtrail-tampering',
  'iam-policy-change',
  'kms-key-deletion',
  's3-bucket-policy-change',
  'config-change',
  'nacl-change',
  'network-gateway-change',
  'route-table-change',
  'vpc-change',
  'organizations-change',
  // Attack techniques beyond the CIS set (Stratus Red Team's AWS catalogue), named for what happened.
  'instance-password-retrieved',
  'secrets-harvesting',
  'flow-logs-deleted',
  'dns-query-logging-deleted',
  'security-service-disabled',
  'instance-user-data-modified',
  'remote-command-execution',
  'unusual-instance-launched',
  'ami-shared',
  'snapshot-shared',
  'lambda-backdoor',
  'lambda-code-modified',
  'instance-ssh-key-pushed',
  'iam-backdoor-user',
  'role-trust-opened',
  'rolesanywhere-trust-anchor',
  'federation-token',
  'identity-provider-changed',
  'kms-key-shared',
  'ebs-encryption-disabled',
  // trailguard's own roles, functions, EventBridge rules, topics, key or table changed by anyone but its deployment.
  'responder-tampering',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Ordered from least to most severe, so the index compares severities. */
export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);

/**
 * `active` rules remediate in enforce stages; `staged` rules only alert, whatever the stage, until promoted.
 * What fires is the same either way.
 */
export type RuleStatus = 'active' | 'staged';

/** Settings that change what a classifier decides. They come from stage params (Lambda) or flags (replay). */
export interface RuleContext {
  /** Ports that may be open to the world (default 80 and 443). */
  readonly publicPorts: ReadonlySet<number>;
  /**
   * The stage the responder is deployed as: its own resources (`trailguard-<stage>-…`) are the ones the
   * responder-tampering rules protect. Undefined in replay without a stage: those of any stage.
   */
  readonly stage?: string;
  /** ARNs or ids of the stage's alert-topic KMS key (CloudFormation gives it); unknown in replay. */
  readonly ownKeys?: readonly string[];
  /** Reverts the stage opted into (stage params); unset: none of the opt-in reverts is asked for. */
  readonly remediationSettings?: RemediationSettings;
}

/**
 * Stage params that allow reverts which are not safe everywhere, so a rule asks for them only when its stage opted
 * in; otherwise its finding says the revert is not planned and why (lib/config.ts parses them at cold start).
 */
export interface RemediationSettings {
  /** deactivateAccessKeys: deactivate an access key one principal created for another IAM user. Default off. */
  readonly deactivateAccessKeys?: boolean;
  /**
   * Names of IAM users among the responder's own principals (ownPrincipals entries that are user ARNs): their keys
   * are never deactivated, whoever created them.
   */
  readonly ownUserNames?: ReadonlySet<string>;
  /** flowLogs: the flow logs the account is meant to have; only those are recreated after a DeleteFlowLogs. */
  readonly flowLogs?: readonly DeclaredFlowLog[];
}

/** A remediation a classifier asks for; params are validated against the action's closed schema. */
export interface RemediationRequest {
  readonly action: ActionId;
  readonly params: Readonly<Record<string, unknown>>;
}

/** What a classifier returns for one finding; the engine adds the event's who/where/when. */
export interface FindingDraft {
  /** Defaults to the rule's category. */
  readonly category?: Category;
  /** Defaults to the rule's severity. */
  readonly severity?: Severity;
  /** Resource ids or ARNs the finding is about (sg-…, trail ARN, key id, bucket name…). */
  readonly resources: readonly string[];
  /** One sentence, no trailing period: who did what to which resource. Built from untrusted record fields. */
  readonly summary: string;
  /** Extra labelled lines for the alert body (e.g. `{ "Opened to": "0.0.0.0/0 tcp/22" }`). */
  readonly facts?: Readonly<Record<string, string>>;
  /** What to do about it; omitted when the rule has nothing safe to do. */
  readonly remediation?: RemediationRequest;
  /**
   * A revert the rule would ask for but the stage does not allow (an opt-in left off, say), instead of
   * `remediation`: replay reports it `not-planned` with the reason, the alert is alert-only and says why in a fact.
   */
  readonly notPlanned?: { readonly action: ActionId; readonly reason: string };
}

export interface RuleReferences {
  /** CIS AWS Foundations Benchmark recommendations, e.g. `4.10`. */
  readonly cis?: readonly string[];
  /** AWS Security Hub control ids, e.g. `CloudWatch.10`. */
  readonly securityHub?: readonly string[];
  /** MITRE ATT&CK technique ids, e.g. `T1562.007`. */
  readonly mitre?: readonly string[];
  /** Stratus Red Team attack technique ids the rule detects, e.g. `aws.exfiltration.ec2-share-ami`. */
  readonly stratus?: readonly string[];
  readonly links?: readonly string[];
}

/**
 * One detection. Everything but `classify` is data: it feeds the deployed EventBridge rules, the IAM policy,
 * the alert, the catalogue and the tests.
 *
 * @example
 * export default defineRule({
 *   id: 'kms.kms-key-deletion',
 *   title: 'KMS key disabled or scheduled for deletion',
 *   description: 'Data encrypted under a deleted key is lost for good.',
 *   category: 'kms-key-deletion',
 *   severity: 'HIGH',
 *   status: 'active',
 *   pattern: apiCallPattern('kms', ['DisableKey', 'ScheduleKeyDeletion']), // lib/cloudtrail/patterns.ts
 *   classify: (record) => ({ resources: [keyIdOf(record)], summary: `${actorOf(record)} disabled …` }),
 *   references: { cis: ['4.7'], securityHub: ['CloudWatch.7'], mitre: ['T1485'] },
 * });
 */
export interface RuleDefinition {
  /** `<folder>.<file basename>`, e.g. `ec2.sg-open-ingress` for rules/ec2/sg-open-ingress.rule.ts. */
  readonly id: string;
  /** Short title for the catalogue and alert subjects (under 60 characters). */
  readonly title: string;
  /** Why it matters, in a sentence or two: goes into the alert body and the catalogue. */
  readonly description: string;
  readonly category: Category;
  /** Default severity of the rule's findings; a draft may raise or lower it. */
  readonly severity: Severity;
  readonly status: RuleStatus;
  /** The EventBridge pattern deployed for this rule; replay matches with the same pattern. */
  readonly pattern: EventPattern;
  /**
   * Opt into read-only management events (Describe/Get/List…), which EventBridge delivers only to rules in state
   * ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS. Replay honours the same filter.
   */
  readonly allManagementEvents?: boolean;
  /** The actions this rule's findings may request: they decide the function and IAM policy it deploys with. */
  readonly actions?: readonly ActionId[];
  /**
   * The Lambda function that responds to the rule (lib/functions.ts). Defaults to the one whose permissions
   * cover `actions`, else `alert`. Set it to keep rules about the same events in one function, so one event
   * gives one alert (sg-change rides with sg-open-ingress).
   */
  readonly responder?: ResponderId;
  /**
   * Pure: decides whether the record is a finding. Never throws on odd records (missing or null fields, strings
   * for numbers); reads fields through lib/cloudtrail/record accessors.
   */
  readonly classify: (record: CloudTrailRecord, context: RuleContext) => FindingDraft | readonly FindingDraft[] | null;
  /** How to undo the change by hand or what to check, for the alert body. */
  readonly guidance?: string;
  readonly references: RuleReferences;
}

/** Identity function that gives rule files a checked, inferred declaration. */
export const defineRule = <const R extends RuleDefinition>(rule: R): R => rule;

/** What a rule case expects of one finding its rule produces; fields left out are not checked. */
export interface FindingExpectation {
  readonly category?: Category;
  readonly severity?: Severity;
  readonly resources?: readonly string[];
  /** The remediation action requested, or `none`. */
  readonly action?: ActionId | 'none';
  /** Exact params of the requested remediation. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Part of the reason a remediation is `not-planned`. */
  readonly notPlannedReason?: string;
}

/**
 * A test event beside a rule. `matches` checks the deployed pattern (and the read-only delivery filter);
 * `findings` checks the classifier: [] for a near miss the pattern lets through.
 * `alsoFiredBy` lists the other registry rules that produce findings for the same record (StreamAlert-style):
 * the registry test fails if any other rule fires or a listed one does not.
 */
export interface RuleCase {
  readonly name: string;
  readonly record: CloudTrailRecord;
  readonly matches: boolean;
  readonly findings?: readonly FindingExpectation[];
  readonly alsoFiredBy?: readonly string[];
  /** Overrides of the default context (public ports 80 and 443). */
  readonly context?: {
    readonly publicPorts?: readonly number[];
    readonly stage?: string;
    readonly ownKeys?: readonly string[];
    /** The loop guard's entries (lib/own-principals.ts): exact ARNs, unique ids or `id|arn` pairs. */
    readonly ownPrincipals?: readonly string[];
    /** The stage's opt-in reverts (stage params). */
    readonly remediationSettings?: RemediationSettings;
  };
}

export const DEFAULT_PUBLIC_PORTS: readonly number[] = [80, 443];

export const ruleContext = (
  publicPorts: Iterable<number> = DEFAULT_PUBLIC_PORTS,
  stage?: string,
  ownKeys?: readonly string[],
  remediationSettings?: RemediationSettings,
): RuleContext => ({
  publicPorts: new Set(publicPorts),
  ...(stage !== undefined ? { stage } : {}),
  ...(ownKeys !== undefined && ownKeys.length > 0 ? { ownKeys } : {}),
  ...(remediationSettings !== undefined ? { remediationSettings } : {}),
});
