import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { publishAlert } from './alert/publish';
import { AlertDeduper, dedupKey } from './alert/dedup';
import { renderAlert } from './alert/render';
import type { AlertFinding } from './alert/types';
import type { AwsClients } from './aws/client-factory';
import { CLOUDTRAIL_DETAIL_TYPES, envelopeProblem, type EventBridgeEnvelope } from './cloudtrail/envelope';
import type { CloudTrailRecord } from './cloudtrail/record';
import { LOG_ALERTS, type ResponderConfig } from './config';
import type { EvaluatedFinding, Engine } from './engine';
import { RemediationError, ResponseFailedError } from './errors';
import type { ApplyResult } from './remediation/action';
import type { Finding, RemediationStatus } from './finding';
import type { Appliers } from './remediation/apply';

export interface ResponderDeps {
  /** Compiled once per cold start with the function's own rules. */
  readonly engine: Engine;
  readonly config: ResponderConfig;
  readonly clients: AwsClients;
  /** The appliers of the function's own actions; a remediation without one fails loudly. */
  readonly appliers: Appliers;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Alert-storm suppression for this container; absent: every alert goes out. */
  readonly deduper?: AlertDeduper;
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
  | {
      readonly status: 'alerted' | 'suppressed';
      readonly eventId: string;
      readonly messageId: string;
      readonly findings: readonly RespondedFinding[];
    };

/** Events a function received and did not evaluate, by `reason`: none of its rules matched, or the loop guard. */
export const SKIPPED_METRIC = 'EventsSkipped';

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
    metrics.addMetric('InvalidEvents', MetricUnit.Count, 1);
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
    metrics.addMetric('InvalidEvents', MetricUnit.Count, 1);
    return { status: 'not-for-us', eventId };
  }
  const record = envelope.detail;
  logger.appendKeys({ eventId: record.eventID, eventName: record.eventName });

  const evaluation = engine.evaluate(envelope);
  if (evaluation.matchedRules.length === 0) {
    // EventBridge matched this event to one of our rules; our matcher disagreeing is worth knowing about.
    logger.warn('event matched none of this function\'s rules', { source: envelope.source, detailType: envelope['detail-type'] });
    emit(metrics, SKIPPED_METRIC, { reason: 'no-matching-rule' });
    return { status: 'not-for-us', eventId: record.eventID };
  }
  logger.appendKeys({ ruleId: evaluation.matchedRules.map((rule) => rule.id).join(',') });
  if (evaluation.ownEvent) {
    logger.info('event caused by the responder itself: ignored (loop guard)');
    emit(metrics, SKIPPED_METRIC, { reason: 'own-principal' });
    return { status: 'own-event', eventId: record.eventID };
  }

  const failures: Error[] = [...evaluation.errors];
  for (const error of evaluation.errors) logger.error('rule failed', { ruleId: error.ruleId, error });
  if (evaluation.errors.length > 0) metrics.addMetric('RuleErrors', MetricUnit.Count, evaluation.errors.length);

  if (evaluation.findings.length === 0) {
    logger.info('no findings');
    if (failures.length > 0) throw new ResponseFailedError(record.eventID, failures);
    return { status: 'no-findings', eventId: record.eventID };
  }

  const now = (deps.now ?? (() => new Date()))();
  const alerted: AlertFinding[] = [];
  for (const evaluated of evaluation.findings) {
    const result = await remediate(evaluated, record, deps, now);
    if (result.error) failures.push(result.error);
    alerted.push(result.alert);
    const { finding } = result.alert;
    emit(metrics, 'Findings', { category: finding.category, severity: finding.severity });
    if (finding.remediation.action !== 'none') {
      emit(metrics, 'Remediations', { action: finding.remediation.action, outcome: finding.remediation.status });
    }
    logger.info('finding', {
      ruleId: finding.ruleId,
      category: finding.category,
      severity: finding.severity,
      resources: finding.resources,
      remediation: finding.remediation,
    });
  }

  const { deduper } = deps;
  const key = deduper ? dedupKey(alerted) : undefined;
  if (deduper && key !== undefined && deduper.isRepeat(key, now.getTime())) {
    metrics.addMetric('AlertsSuppressed', MetricUnit.Count, 1);
    logger.info('alert suppressed: the same alert-only finding by the same actor alerted within the dedup window', {
      windowMinutes: deduper.windowMs / 60_000,
    });
    return summary(record.eventID, '', alerted, failures, 'suppressed');
  }

  let messageId = '';
  try {
    const alert = renderAlert({ record, findings: alerted, stage: config.stage, mode: config.mode });
    if (config.alertTopicArn === LOG_ALERTS) {
      logger.info('alert written to the log, not published (alert topic is "log")', { subject: alert.subject, ...alert.bodies });
      return summary(record.eventID, 'log', alerted, failures);
    }
    messageId = await publishAlert(deps.clients.sns(topicRegion(config.alertTopicArn)), config.alertTopicArn, alert);
    if (deduper && key !== undefined) deduper.remember(key, now.getTime());
    metrics.addMetric('AlertsPublished', MetricUnit.Count, 1);
    logger.info('alert published', { messageId, subject: alert.subject });
  } catch (error) {
    logger.error('alert could not be published', { error: error as Error });
    metrics.addMetric('AlertsFailed', MetricUnit.Count, 1);
    failures.push(error as Error);
  }

  return summary(record.eventID, messageId, alerted, failures);
};

/** The handler's result, or the aggregate failure once the alert is out. */
const summary = (
  eventId: string,
  messageId: string,
  alerted: readonly AlertFinding[],
  failures: readonly Error[],
  status: 'alerted' | 'suppressed' = 'alerted',
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

/** Decides, and if allowed carries out, one finding's remediation; never throws. */
const remediate = async (
  evaluated: EvaluatedFinding,
  record: CloudTrailRecord,
  deps: ResponderDeps,
  now: Date,
): Promise<{ alert: AlertFinding; error?: Error }> => {
  const { finding, remediation, rule, draft } = evaluated;
  const base = { rule, ...(draft.facts ? { facts: draft.facts } : {}) };
  const { reason: _replayReason, ...remediationFields } = finding.remediation;
  const withStatus = (status: RemediationStatus, detail: Record<string, unknown> = {}): Finding => ({
    ...finding,
    remediation: { ...remediationFields, status, detail: { ...finding.remediation.detail, ...detail } },
  });

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
  const applier = deps.appliers[remediation.action.id];
  const result: ApplyResult = applier
    ? await applier(remediation.params as never, deps.clients)
    : { outcome: 'failed', detail: {}, error: new RemediationError(remediation.action.id, 'this function has no applier for it (lib/lambda/wiring)') };
  const alert: AlertFinding = {
    ...context,
    // Only the applier knows what an exact revert came to (e.g. which values were restored): its undo wins.
    ...(result.undo !== undefined ? { undo: result.undo } : {}),
    ...(result.did ? { did: result.did } : {}),
    finding: withStatus(result.outcome, { ...result.detail }),
    ...(result.error ? { error: result.error.message } : {}),
  };
  return result.outcome === 'failed' ? { alert, error: result.error ?? new Error(`${remediation.action.id} failed`) } : { alert };
};

/** One EMF blob per metric with its own dimensions, so category/severity never leak onto other metrics. */
const emit = (metrics: Metrics, name: string, dimensions: Record<string, string>): void => {
  const single = metrics.singleMetric();
  single.addDimensions(dimensions);
  single.addMetric(name, MetricUnit.Count, 1);
};
