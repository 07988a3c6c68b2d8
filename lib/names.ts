/*
 * The names trailguard is known by in AWS, in one place: the service (prefix of every resource it deploys, which
 * the responder-tampering rules rely on), the metrics namespace and every metric the functions emit. lib/deploy.ts
 * builds the stack's names, alarms and dashboard from these, the functions' Powertools emit under them, and
 * serverless.yml (which cannot import TypeScript) reads them through lib/deploy-params.cjs.
 */

/** The serverless.yml `service`, Powertools' service name and the prefix of every named resource. */
export const SERVICE = 'trailguard';

/** The CloudWatch namespace of every metric the functions emit (Powertools Metrics, EMF). */
export const METRICS_NAMESPACE = 'Trailguard';

/**
 * Every metric the functions emit, besides Powertools' cold-start metric. An enum so that esbuild inlines each name
 * where it is used: a function's bundle carries only the names it emits.
 */
export enum Metric {
  /** Dimensions category, severity. */
  Findings = 'Findings',
  /** Dimensions action, outcome. */
  Remediations = 'Remediations',
  AlertsPublished = 'AlertsPublished',
  AlertsSuppressed = 'AlertsSuppressed',
  AlertsFailed = 'AlertsFailed',
  AlertDigests = 'AlertDigests',
  InvalidEvents = 'InvalidEvents',
  RuleErrors = 'RuleErrors',
  /** Events a function received and did not evaluate, by `reason`: none of its rules matched (`no-matching-rule`), or the loop guard (`own-principal`). */
  EventsSkipped = 'EventsSkipped',
  EventsRouted = 'EventsRouted',
  DuplicateDeliveries = 'DuplicateDeliveries',
  StateErrors = 'StateErrors',
  DedupErrors = 'DedupErrors',
}
