import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { publishAlert } from './alert/publish';
import { NO_DEDUP, type AlertDedup } from './alert/dedup-store';
import { alertCandidate, type DedupDigest } from './alert/dedup-window';
import { renderDigest } from './alert/digest';
import { renderAlert } from './alert/render';
import type { AlertFinding, AlertInput, RenderedAlert } from './alert/types';
import type { AwsClients } from './aws/client-factory';
import type { MemberAccess } from './aws/member-access';
import { CLOUDTRAIL_DETAIL_TYPES, envelopeProblem, type EventBridgeEnvelope } from './cloudtrail/envelope';
import type { CloudTrailRecord } from './cloudtrail/record';
import { LOG_ALERTS, type ResponderConfig } from './config';
import type { EvaluatedFinding, Engine } from './engine';
import { RemediationError, ResponseFailedError, TrailguardError } from './errors';
import type { ActionId } from './remediation';
import type { ApplyResult } from './remediation/action';
import type { ApplyOptions, Appliers } from './remediation/applier';
import type { Finding, RemediationStatus } from './finding';
import type { ResponderId } from './functions';
import { Metric } from './names';
import { alertOwner, reportedBy, responderOf } from './routing';
import { NO_EVENT_STATE, type EventState } from './state/event-state';
import type { AlertAttempt } from './alert/types';

export interface ResponderDeps {
  /** The function this runs in: it remediates only its own rules' findings and alerts only for events it owns. */
  readonly responder: ResponderId;
  /** Compiled once per cold start with the function's own rules. */
  readonly engine: Engine;
  readonly config: ResponderConfig;
  readonly clients: AwsClients;
  /** The appliers of the function's own actions; a remediation without one fails loudly. */
  readonly appliers: Appliers;
  /** Passed to every applier (built once per cold start from the catalogue). */
  readonly applyOptions?: ApplyOptions;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Alert dedup shared by every container (lib/alert/dedup-store.ts); absent: every alert goes out. */
  readonly deduper?: AlertDedup;
  /**
   * Central stages (topology central): the clients of the event's account, assumed through its member role
   * (lib/aws/member-access.ts); absent: every remediation uses `clients`.
   */
  readonly memberAccess?: Pick<MemberAccess, 'clientsFor'>;
  /** What is remembered per eventID (remediation outcomes, alerts sent, failed attempts); default: nothing. */
  readonly state?: EventState;
  readonly now?: () => Date;
}

export interface RespondedFinding {
  readonly ruleId: string;
  readonly category: string;
  readonly severity: string;
  readonly action: string;
  readonly status: RemediationStatus;
}

export type ResponseSummary =
  | { readonly status: 'invalid'; readonly reason: string }
  | { readonly status: 'not-for-us' | 'own-event' | 'no-findings'; readonly eventId: string }
  /** Another function's rules also match the event and that function sends its one alert. */
  | { readonly status: 'routed'; readonly eventId: string; readonly owner: ResponderId }
  /** Another delivery of the event is being handled right now: this one did nothing. */
  | { readonly status: 'in-progress-elsewhere'; readonly eventId: string }
  | {
      /** `alerted`: this attempt published; `already-alerted`: an earlier attempt did (nothing new to say). */
      readonly status: 'alerted' | 'already-alerted' | 'suppressed';
      readonly eventId: string;
      readonly messageId: string;
      readonly findings: readonly RespondedFinding[];
    };

const topicRegion = (topicArn: string): string => topicArn.split(':')[3]!;

/**
 * The live pipeline for one EventBridge event: validate → engine (match, loop guard, classify, plan) →
 * exceptions and mode → apply → one alert for all of the event's findings → metrics. Failures are collected
 * and thrown together at the end, after the alert went out, so the event is retried and finally dead-lettered
 * rather than dropped.
 */
export const respond = async (event: unknown, deps: ResponderDeps): Promise<ResponseSummary> => {
  const { engine, config, logger, metrics } = deps;
  const problem = envelopeProblem(event);
  if (problem !== undefined) {
    // Retrying cannot fix a malformed event: count it, log why, and return so it is not retried.
    logger.warn('invalid event', { reason: problem });
    metrics.addMetric(Metric.InvalidEvents, MetricUnit.Count, 1);
    return { status: 'invalid', reason: problem };
  }
  const envelope = event as EventBridgeEnvelope;
  if (!CLOUDTRAIL_DETAIL_TYPES.has(envelope['detail-type'])) {
    // A well-formed event from another source: an EventBridge rule is routing the wrong events here.
    const eventId = typeof envelope.id === 'string' ? envelope.id : 'unknown';
    logger.warn('not a CloudTrail event: check the EventBridge rules targeting this function', {
      eventId,
      source: envelope.source,
      detailType: envelope['detail-type'],
    });
    metrics.addMetric(Metric.InvalidEvents, MetricUnit.Count, 1);
    return { status: 'not-for-us', eventId };
  }
  const record = envelope.detail;
  logger.appendKeys({ eventId: record.eventID, eventName: record.eventName });

  const evaluation = engine.evaluate(envelope);
  const ownRules = evaluation.matchedRules.filter((rule) => responderOf(rule) === deps.responder);
  if (ownRules.length === 0) {
    // EventBridge matched this event to one of our rules; our matcher disagreeing is worth knowing about.
    logger.warn('event matched none of this function\'s rules', { source: envelope.source, detailType: envelope['detail-type'] });
    emit(metrics, Metric.EventsSkipped, { reason: 'no-matching-rule' });
    return { status: 'not-for-us', eventId: record.eventID };
  }
  logger.appendKeys({ ruleId: ownRules.map((rule) => rule.id).join(',') });
  if (evaluation.ownEvent) {
    logger.info('event caused by the responder itself: ignored (loop guard)');
    emit(metrics, Metric.EventsSkipped, { reason: 'own-principal' });
    return { status: 'own-event', eventId: record.eventID };
  }
  const reported = reportedBy(deps.responder, evaluation.matchedRules);
  if (!ownRules.some((rule) => reported.has(rule.id) && rule.actions?.length) && alertOwner(evaluation.matchedRules) !== deps.responder) {
    // Several functions' rules match (root opening a port: sg-open-ingress here, root-activity in the alert
    // function); the owner reports this function's findings too, so this one stays silent.
    const owner = alertOwner(evaluation.matchedRules)!;
    logger.info('event reported by another function: its alert includes this function\'s findings', { owner });
    metrics.addMetric(Metric.EventsRouted, MetricUnit.Count, 1);
    return { status: 'routed', eventId: record.eventID, owner };
  }

  const errors = evaluation.errors.filter((error) => reported.has(error.ruleId));
  const failures: Error[] = [...errors];
  for (const error of errors) logger.error('rule failed', { ruleId: error.ruleId, error });
  if (errors.length > 0) metrics.addMetric(Metric.RuleErrors, MetricUnit.Count, errors.length);

  const findings = evaluation.findings.filter(({ rule }) => reported.has(rule.id));
  if (findings.length === 0) {
    logger.info('no findings');
    if (failures.length > 0) throw new ResponseFailedError(record.eventID, failures);
    return { status: 'no-findings', eventId: record.eventID };
  }

  const now = (deps.now ?? (() => new Date()))();
  const state = deps.state ?? NO_EVENT_STATE;
  const alerted: AlertFinding[] = [];
  for (const evaluated of findings) {
    const result = await remediate(evaluated, record, deps, now, state);
    if (result.error) failures.push(result.error);
    alerted.push(result.alert);
    const { finding } = result.alert;
    emit(metrics, Metric.Findings, { category: finding.category, severity: finding.severity });
    if (finding.remediation.action !== 'none' && !result.replayed) {
      emit(metrics, Metric.Remediations, { action: finding.remediation.action, outcome: finding.remediation.status });
    }
    logger.info('finding', {
      ruleId: finding.ruleId,
      category: finding.category,
      severity: finding.severity,
      resources: finding.resources,
      remediation: finding.remediation,
      ...(finding.lowered ? { lowered: finding.lowered } : {}),
      ...(result.replayed ? { recordedBy: 'an earlier attempt (state table)' } : {}),
    });
  }

  const deduper = deps.deduper ?? NO_DEDUP;
  const dedup = await deduper.decide(alertCandidate(alerted.map(({ finding }) => finding)), now);
  if (!dedup.alert) {
    metrics.addMetric(Metric.AlertsSuppressed, MetricUnit.Count, 1);
    logger.info('alert suppressed: a repeat (same rules, actor, account, resources, eventName, severity) within the dedup window', {
      windowMinutes: deduper.windowMs / 60_000,
      alertedEventId: dedup.window?.eventId,
      suppressedInWindow: dedup.window?.suppressed,
    });
    return summaryOrThrow(record.eventID, '', alerted, failures, 'suppressed');
  }

  // The outcomes are recorded (remediation steps above) before anything is published, so the alert of any
  // attempt tells what was really done. A failing event pages on its first failure and once more when it is
  // given up; a retry that succeeds after a failure alert says so once.
  const failing = failures.length > 0;
  const failureCount = failing ? await state.countFailure(record.eventID) : undefined;
  const of = deps.config.maxAttempts;
  const finalAttempt = failing && failureCount !== undefined && failureCount >= of;
  // Without a count (no table, or it failed) every failed attempt alerts, in the generic words.
  const attempt: AlertAttempt | undefined =
    failing && failureCount !== undefined ? { phase: finalAttempt ? 'gave-up' : 'retrying', of, number: failureCount } : undefined;
  let sent: { messageId: string; status: 'alerted' | 'already-alerted' };
  try {
    sent = await publishOnce(record, alerted, deps, state, { failing, finalAttempt, attempt, failureCount, digest: dedup.digest });
  } catch (error) {
    logger.error('alert could not be published', { error: error as Error });
    metrics.addMetric(Metric.AlertsFailed, MetricUnit.Count, 1);
    failures.push(error as Error);
    return summaryOrThrow(record.eventID, '', alerted, failures);
  }
  return summaryOrThrow(record.eventID, sent.messageId, alerted, failures, sent.status);
};

interface AlertPlan {
  readonly failing: boolean;
  readonly finalAttempt: boolean;
  readonly attempt: AlertAttempt | undefined;
  readonly failureCount: number | undefined;
  /** The dedup window this event closed had suppressed repeats: their digest goes out with the alert. */
  readonly digest?: DedupDigest | undefined;
}

/**
 * The event's alert, at most once per phase: `alert` (the outcome, or the first failure) and `final-alert` (given
 * up, or recovered after a failure alert). A replayed `alert` step means an earlier attempt already said it.
 */
const publishOnce = async (
  record: CloudTrailRecord,
  alerted: readonly AlertFinding[],
  deps: ResponderDeps,
  state: EventState,
  plan: AlertPlan,
): Promise<{ messageId: string; status: 'alerted' | 'already-alerted' }> => {
  const { logger, config } = deps;
  const { failing, finalAttempt, attempt, failureCount } = plan;
  const first = await state.step({ eventId: record.eventID, step: finalAttempt ? 'final-alert' : 'alert' }, () =>
    sendAlert(record, alerted, deps, failing, attempt, plan.digest),
  );
  if (!first.replayed) return { messageId: first.result.messageId, status: 'alerted' };
  if (failing || !first.result.failing || finalAttempt) {
    logger.info('alert already sent for this event by an earlier attempt: not sent again', {
      messageId: first.result.messageId,
      ...(failureCount === undefined ? {} : { failedAttempts: failureCount, maxAttempts: config.maxAttempts }),
    });
    return { messageId: first.result.messageId, status: 'already-alerted' };
  }
  // An earlier attempt alerted a failure and this one succeeded: say so, once.
  const recovery = await state.step({ eventId: record.eventID, step: 'final-alert' }, () =>
    sendAlert(record, alerted, deps, false, { phase: 'recovered', of: config.maxAttempts }),
  );
  return { messageId: recovery.result.messageId, status: recovery.replayed ? 'already-alerted' : 'alerted' };
};

/** What the state table keeps of a sent alert. */
interface SentAlert {
  readonly messageId: string;
  /** The alert reported a failure (a later success then sends the recovery alert). */
  readonly failing: boolean;
}

/** Renders and publishes (or logs) the event's one alert; throws when SNS refuses it. */
const sendAlert = async (
  record: CloudTrailRecord,
  alerted: readonly AlertFinding[],
  deps: ResponderDeps,
  failing: boolean,
  attempt: AlertAttempt | undefined,
  dedupDigest?: DedupDigest,
): Promise<SentAlert> => {
  const { config, logger, metrics } = deps;
  const accountName = record.recipientAccountId === undefined ? undefined : config.accountNames[record.recipientAccountId];
  const input: AlertInput = {
    record,
    findings: alerted,
    stage: config.stage,
    mode: config.mode,
    ...(attempt ? { attempt } : {}),
    ...(accountName ? { accountName } : {}),
    ...(config.topology === 'central' ? { showRegion: true } : {}),
  };
  const alert = renderAlert(input);
  const digest = dedupDigest ? digestOrNothing(dedupDigest, input, logger, metrics) : undefined;
  if (config.alertTopicArn === LOG_ALERTS) {
    logger.info('alert written to the log, not published (alert topic is "log")', { subject: alert.subject, ...alert.bodies });
    if (digest) logger.info('dedup digest written to the log, not published', { subject: digest.subject, ...digest.bodies });
    return { messageId: 'log', failing };
  }
  const sns = deps.clients.sns(topicRegion(config.alertTopicArn));
  const messageId = await publishAlert(sns, config.alertTopicArn, alert);
  metrics.addMetric(Metric.AlertsPublished, MetricUnit.Count, 1);
  logger.info('alert published', { messageId, subject: alert.subject, ...(attempt ? { attempt } : {}) });
  if (digest) {
    // A failed digest fails the step like a failed alert: the retry finds the window this event opened and
    // sends both again (a repeated alert rather than a lost digest).
    const digestId = await publishAlert(sns, config.alertTopicArn, digest);
    metrics.addMetric(Metric.AlertDigests, MetricUnit.Count, 1);
    logger.info('dedup digest published', { messageId: digestId, subject: digest.subject, suppressed: dedupDigest!.suppressed });
  }
  return { messageId, failing };
};

/** The handler's result; throws the aggregate failure instead when anything failed (the alert is out by then). */
const summaryOrThrow = (
  eventId: string,
  messageId: string,
  alerted: readonly AlertFinding[],
  failures: readonly Error[],
  status: 'alerted' | 'already-alerted' | 'suppressed' = 'alerted',
): ResponseSummary => {
  if (failures.length > 0) throw new ResponseFailedError(eventId, failures);
  return {
    status,
    eventId,
    messageId,
    findings: alerted.map(({ finding }) => ({
      ruleId: finding.ruleId,
      category: finding.category,
      severity: finding.severity,
      action: finding.remediation.action,
      // remediate() has replaced replay's statuses with what the responder did.
      status: finding.remediation.status as RemediationStatus,
    })),
  };
};

/** What the state table keeps of a successful remediation: enough to tell it again in a later attempt's alert. */
interface RecordedOutcome {
  readonly outcome: Exclude<ApplyResult['outcome'], 'failed'>;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly did?: string;
  readonly undo?: string;
  /** ISO time the applier returned. */
  readonly at: string;
}

/** A failed apply, thrown out of the remediation step so the state table forgets it and the retry applies again. */
class ApplyFailed extends TrailguardError {
  public override readonly name = 'ApplyFailed';

  public constructor(public readonly result: ApplyResult) {
    super(result.error?.message ?? 'remediation failed', { cause: result.error });
  }
}

/** Decides, and if allowed carries out, one finding's remediation; never throws. */
const remediate = async (
  evaluated: EvaluatedFinding,
  record: CloudTrailRecord,
  deps: ResponderDeps,
  now: Date,
  state: EventState,
): Promise<{ alert: AlertFinding; error?: Error; replayed?: boolean }> => {
  const { finding, remediation, rule, draft } = evaluated;
  const base = { rule, ...(draft.facts ? { facts: draft.facts } : {}) };
  const { reason: _replayReason, ...remediationFields } = finding.remediation;
  const withStatus = (status: RemediationStatus, detail: Record<string, unknown> = {}): Finding => ({
    ...finding,
    remediation: { ...remediationFields, status, detail: { ...finding.remediation.detail, ...detail } },
  });

  if (!remediation && draft.notPlanned) {
    // A revert the stage did not opt into: the alert is alert-only, and the rule's facts say why.
    const { action, reason } = draft.notPlanned;
    return { alert: { ...base, finding: { ...finding, remediation: { action: 'none', status: 'not-applicable', detail: { notPlanned: action, reason } } } } };
  }
  if (!remediation) return { alert: { ...base, finding: withStatus('not-applicable') } };

  const undo = remediation.action.undo(remediation.params);
  const exception = deps.config.exceptions.find(finding, record, remediation.params, now);
  const context = { ...base, undo, ...(exception ? { exception } : {}) };
  if (exception && !exception.expired) {
    return { alert: { ...context, finding: withStatus('excepted', { exception: exception.id }) } };
  }
  // Only an active rule in an enforce stage reaches a mutating API (this is the only path to an applier);
  // anything else, including a status this code does not know, stays a dry run.
  if (deps.config.mode !== 'enforce' || rule.status !== 'active') {
    return { alert: { ...context, finding: withStatus('dry-run', { reason: rule.status === 'staged' ? 'rule is staged' : 'stage is in dry-run mode' }) } };
  }
  const applier = deps.appliers[remediation.action.id as ActionId];
  const apply = async (): Promise<RecordedOutcome> => {
    // A central stage acts in the event's account (its member role) and region (the params' region).
    const clients = applier && deps.memberAccess ? (await deps.memberAccess.clientsFor(record)).clients : deps.clients;
    const result: ApplyResult = applier
      ? await applier(remediation.params as never, clients, deps.applyOptions)
      : { outcome: 'failed', detail: {}, error: new RemediationError(remediation.action.id, 'this function has no applier for it (lib/lambda/wiring)') };
    if (result.outcome === 'failed') throw new ApplyFailed(result);
    const at = (deps.now ?? (() => new Date()))().toISOString();
    return { outcome: result.outcome, detail: result.detail, at, ...(result.did ? { did: result.did } : {}), ...(result.undo !== undefined ? { undo: result.undo } : {}) };
  };
  // At most one successful apply per remediation of an event: a retry (after a failed alert, say) reads the
  // recorded outcome instead of applying again and finding nothing left to do.
  const step = `remediation ${rule.id} ${remediation.action.id} ${JSON.stringify(remediation.params)}`;
  let recorded: RecordedOutcome;
  let replayed = false;
  try {
    ({ result: recorded, replayed } = await state.step({ eventId: record.eventID, step }, apply));
  } catch (error) {
    const result: ApplyResult =
      error instanceof ApplyFailed
        ? error.result
        : { outcome: 'failed', detail: {}, error: new RemediationError(remediation.action.id, (error as Error).message, { cause: error }) };
    const alert: AlertFinding = {
      ...context,
      ...(result.undo !== undefined ? { undo: result.undo } : {}),
      ...(result.did ? { did: result.did } : {}),
      finding: withStatus('failed', { ...result.detail }),
      ...(result.error ? { error: result.error.message } : {}),
    };
    return { alert, error: result.error ?? new Error(`${remediation.action.id} failed`) };
  }
  const alert: AlertFinding = {
    ...context,
    // Only the applier knows what an exact revert came to (e.g. which values were restored): its undo wins.
    ...(recorded.undo !== undefined ? { undo: recorded.undo } : {}),
    ...(recorded.did ? { did: recorded.did } : {}),
    ...(recorded.outcome === 'applied' ? { appliedAt: recorded.at } : {}),
    finding: withStatus(recorded.outcome, { ...recorded.detail }),
  };
  return { alert, ...(replayed ? { replayed } : {}) };
};

/** The digest alert, or nothing: a digest that cannot be rendered must not cost the alert it goes out with. */
const digestOrNothing = (digest: DedupDigest, input: AlertInput, logger: Logger, metrics: Metrics): RenderedAlert | undefined => {
  try {
    return renderDigest(digest, input);
  } catch (error) {
    logger.error('dedup digest could not be rendered: the alert goes out without it', { error: error as Error, suppressed: digest.suppressed });
    metrics.addMetric(Metric.DedupErrors, MetricUnit.Count, 1);
    return undefined;
  }
};

/** One EMF blob per metric with its own dimensions, so category/severity never leak onto other metrics. */
const emit = (metrics: Metrics, name: Metric, dimensions: Record<string, string>): void => {
  const single = metrics.singleMetric();
  single.addDimensions(dimensions);
  single.addMetric(name, MetricUnit.Count, 1);
};
