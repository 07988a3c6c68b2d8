import { actorOf, accountOf, str, type CloudTrailRecord } from './cloudtrail/record';
import { MAX_ENVELOPE_BYTES, deliver } from './cloudtrail/delivery';
import { detailTypeOf, toEnvelope, type EventBridgeEnvelope } from './cloudtrail/envelope';
import { RuleError } from './errors';
import type { Finding, FindingRemediation } from './finding';
import { PatternSet, SourceGatedPatternSet, compilePattern, type PatternMatcher } from './pattern';
import { DeploymentPrincipals } from './deployment-principals';
import { loweredSeverity, lowersForDeployment, type LoweredSeverity } from './deployment-noise';
import { OwnPrincipals } from './own-principals';
import { ACTIONS, type ActionDefinition, type ActionId, type RemediationPlan } from './remediation';
import {
  CATEGORIES,
  SEVERITIES,
  ruleContext,
  type FindingDraft,
  type RemediationSettings,
  type RuleContext,
  type RuleDefinition,
} from './rule';

export interface EngineOptions {
  readonly rules: readonly RuleDefinition[];
  /** Ports that may be open to the world; default 80 and 443. */
  readonly publicPorts?: Iterable<number>;
  /** The responder's own principals (loop guard), by identity; default none: every event is evaluated. */
  readonly ownPrincipals?: OwnPrincipals;
  /**
   * Principals that deploy infrastructure as code: their routine network and IAM findings drop to LOW
   * (lib/deployment-noise.ts); default none.
   */
  readonly deploymentPrincipals?: DeploymentPrincipals;
  /**
   * The deployed stage whose resources are trailguard's own (responder-tampering rules); undefined (replay without
   * a stage): the resources of any stage.
   */
  readonly stage?: string;
  /** The stage's alert-topic KMS key (ARN or id), so key changes can be told apart from other keys'. */
  readonly ownKeys?: readonly string[];
  /**
   * Events larger than this are treated as EventBridge treats them: never delivered. Replay keeps the 256 KB
   * default; a Lambda function passes Infinity, because an event it received was delivered by definition.
   */
  readonly maxEventBytes?: number;
  /** The stage's opt-in reverts (lib/config.ts); default none. */
  readonly remediationSettings?: RemediationSettings;
  /**
   * How the rules' patterns are matched. `indexed` (the default, replay): all compiled and indexed up front, so
   * that each event costs about the same however many patterns cannot match it. `on-first-use` (a Lambda
   * function, which handles a few events per container): each pattern compiled when an event could first match
   * it, and tried among the patterns the event's source leaves, so a cold start does not compile the whole
   * catalogue. Both give the same matches; `on-first-use` assumes the patterns compile (the registry's do).
   */
  readonly patternMatching?: 'indexed' | 'on-first-use';
}

/** A remediation the engine validated and planned; Lambda applies it, replay prints it. */
export interface PlannedRemediation {
  readonly action: ActionDefinition<unknown>;
  readonly params: unknown;
  readonly plan: RemediationPlan;
}

export interface EvaluatedFinding {
  readonly rule: RuleDefinition;
  readonly draft: FindingDraft;
  /** The finding as replay reports it: `planned`, `none` or `not-planned` (Lambda replaces the status once it acts). */
  readonly finding: Finding;
  readonly remediation?: PlannedRemediation;
}

export interface Evaluation {
  /** Rules whose pattern selects the event and that EventBridge would deliver it to. */
  readonly matchedRules: readonly RuleDefinition[];
  /** The event was caused by the responder's own principal: no rule classified it (loop guard). */
  readonly ownEvent: boolean;
  /** EventBridge would not deliver the event at all: its size in bytes, over the 256 KB limit. */
  readonly oversizeBytes?: number;
  readonly findings: readonly EvaluatedFinding[];
  /** Rules that threw or returned an unusable draft; the other rules still ran. */
  readonly errors: readonly RuleError[];
}

const NOTHING: Evaluation = { matchedRules: [], ownEvent: false, findings: [], errors: [] };
const CATEGORY_SET: ReadonlySet<string> = new Set(CATEGORIES);
const SEVERITY_SET: ReadonlySet<string> = new Set(SEVERITIES);
const receivesAllManagementEvents = (rule: RuleDefinition): boolean => rule.allManagementEvents === true;

/**
 * The classify → plan half of the pipeline, shared by the Lambda handlers and replay: envelope → rules whose
 * pattern matches (with EventBridge's delivery filters) → loop guard → classify → findings with planned
 * remediation. Everything per-rule (patterns, action lookups) is compiled once here, not per event.
 */
export class Engine {
  public readonly rules: readonly RuleDefinition[];
  public readonly context: RuleContext;
  private readonly patterns: PatternMatcher<RuleDefinition>;
  private readonly ownPrincipals: OwnPrincipals;
  private readonly deploymentPrincipals: DeploymentPrincipals;
  private readonly maxEventBytes: number;

  public constructor(options: EngineOptions) {
    this.maxEventBytes = options.maxEventBytes ?? MAX_ENVELOPE_BYTES;
    this.rules = options.rules;
    this.ownPrincipals = options.ownPrincipals ?? OwnPrincipals.NONE;
    // The loop guard's IAM users are the responder's own: no rule may ask to take their credentials away.
    const ownUserNames = this.ownPrincipals.userNames();
    this.context = ruleContext(options.publicPorts, options.stage, options.ownKeys, {
      ...options.remediationSettings,
      ...(ownUserNames.size > 0 ? { ownUserNames } : {}),
    });
    this.deploymentPrincipals = options.deploymentPrincipals ?? DeploymentPrincipals.NONE;
    this.patterns =
      options.patternMatching === 'on-first-use'
        ? new SourceGatedPatternSet(options.rules.map((rule) => [rule, rule.pattern] as const))
        : new PatternSet(options.rules.map((rule) => [rule, compilePattern(rule.pattern)] as const));
  }

  /** Evaluates a CloudTrail record as EventBridge would deliver it. */
  public evaluateRecord(record: CloudTrailRecord): Evaluation {
    const detailType = detailTypeOf(record);
    if (detailType === undefined) return NOTHING;
    return this.evaluate(toEnvelope(record, detailType));
  }

  /** Evaluates an EventBridge event whose `detail` is a CloudTrail record (checked by the caller). */
  public evaluate(envelope: EventBridgeEnvelope): Evaluation {
    const candidates = this.patterns.match(envelope);
    if (candidates.length === 0) return NOTHING;

    const delivery = deliver(envelope, candidates, receivesAllManagementEvents, this.maxEventBytes);
    const matchedRules = delivery.keys;
    if (matchedRules.length === 0) return NOTHING;
    if (delivery.oversizeBytes !== undefined) return { ...NOTHING, matchedRules, oversizeBytes: delivery.oversizeBytes };

    const record = envelope.detail;
    if (this.ownPrincipals.caused(record)) {
      return { matchedRules, ownEvent: true, findings: [], errors: [] };
    }

    const deployer = this.deploymentPrincipals.of(record);
    const findings: EvaluatedFinding[] = [];
    const errors: RuleError[] = [];
    for (const rule of matchedRules) {
      try {
        const result = rule.classify(record, this.context);
        if (result === null || result === undefined) continue;
        const drafts = Array.isArray(result) ? result : [result as FindingDraft];
        for (const draft of drafts) {
          const { evaluated, error } = this.toFinding(rule, record, envelope, draft, deployer);
          findings.push(evaluated);
          if (error) errors.push(error);
        }
      } catch (cause) {
        errors.push(new RuleError(rule.id, { cause }));
      }
    }
    return { matchedRules, ownEvent: false, findings, errors };
  }

  private toFinding(
    rule: RuleDefinition,
    record: CloudTrailRecord,
    envelope: EventBridgeEnvelope,
    draft: FindingDraft,
    deployer: string | undefined,
  ): { evaluated: EvaluatedFinding; error?: RuleError } {
    const category = draft.category ?? rule.category;
    const drafted = draft.severity ?? rule.severity;
    if (!CATEGORY_SET.has(category)) throw new Error(`unknown category ${String(category)}`);
    if (!SEVERITY_SET.has(drafted)) throw new Error(`unknown severity ${String(drafted)}`);
    // A deployment principal's routine change is LOW, and says why wherever the finding goes.
    const lowered: LoweredSeverity | undefined =
      deployer !== undefined && lowersForDeployment(rule, draft, record) ? loweredSeverity(drafted, deployer) : undefined;
    const severity = lowered ? 'LOW' : drafted;

    let remediation: PlannedRemediation | undefined;
    let findingRemediation: FindingRemediation = { action: 'none', status: 'none', detail: {} };
    let error: RuleError | undefined;
    if (!draft.remediation && draft.notPlanned) {
      const { action, reason } = draft.notPlanned;
      if (rule.actions?.includes(action)) {
        findingRemediation = { action, status: 'not-planned', reason, detail: {} };
      } else {
        error = new RuleError(rule.id, { cause: new Error(`action ${String(action)} is not declared by the rule`) });
      }
    }
    if (draft.remediation) {
      const action = ACTIONS[draft.remediation.action] as ActionDefinition<unknown, ActionId> | undefined;
      try {
        if (!action) throw new Error(`unknown action ${String(draft.remediation.action)}`);
        if (!rule.actions?.includes(action.id)) throw new Error(`action ${action.id} is not declared by the rule`);
        const params = action.parse(draft.remediation.params);
        const plan = action.plan(params);
        remediation = { action, params, plan };
        // A staged rule keeps its plan (Lambda records it as a dry run), but nothing would run.
        findingRemediation =
          rule.status === 'active'
            ? { action: action.id, status: 'planned', detail: plan }
            : { action: action.id, status: 'not-planned', reason: `rule ${rule.id} is staged: it only alerts until promoted`, detail: plan };
      } catch (cause) {
        // The finding still goes out (nothing is dropped); the broken remediation is counted as a rule error.
        error = new RuleError(rule.id, { cause });
        findingRemediation = {
          action: action?.id ?? 'none',
          status: 'not-planned',
          reason: `parameters unusable: ${(cause as Error).message}`,
          detail: {},
        };
      }
    }

    const finding: Finding = {
      type: 'finding',
      eventId: record.eventID,
      eventName: record.eventName,
      eventTime: record.eventTime,
      account: envelope.account || accountOf(record),
      region: record.awsRegion,
      ruleId: rule.id,
      category,
      severity,
      actor: actorOf(record),
      sourceIp: str(record.sourceIPAddress) ?? '',
      resources: draft.resources,
      remediation: findingRemediation,
      summary: lowered ? `${draft.summary} (${lowered.reason})` : draft.summary,
      ...(lowered ? { lowered } : {}),
    };
    return { evaluated: { rule, draft, finding, ...(remediation ? { remediation } : {}) }, ...(error ? { error } : {}) };
  }
}
