import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { NO_DEDUP, StateTableDedup, type AlertDedup } from '../alert/dedup-store';
import { createClients } from '../aws/client-factory';
import type { MemberAccess } from '../aws/member-access';
import { trackDeadline } from '../aws/deadline';
import { LOG_ALERTS, loadConfig } from '../config';
import { Engine } from '../engine';
import { respond, type ResponderDeps, type ResponseSummary } from '../respond';
import { RESPONDERS } from '../functions';
import { Metric, SERVICE } from '../names';
import { NO_EVENT_STATE, dynamoEventState, type EventState } from '../state/event-state';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { RuleDefinition } from '../rule';
import { logger, metrics } from './powertools';
import type { ResponderWiring } from './wiring/function-wiring';

/**
 * Builds a responder's Lambda handler. Everything that does not depend on the event (config, compiled
 * patterns, AWS clients) is done here, once per cold start; a bad config throws here, naming the variable,
 * so the function fails to initialise instead of responding wrongly.
 */
export const createHandler = (
  wiring: ResponderWiring,
  rules: readonly RuleDefinition[],
  overrides: Partial<Pick<ResponderDeps, 'clients' | 'now' | 'memberAccess'>> & { env?: Readonly<Record<string, string | undefined>> } = {},
) => {
  const env = overrides.env ?? process.env;
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    logger.critical('invalid configuration: cold start stopped', { error: error as Error });
    throw error;
  }
  const clients = overrides.clients ?? createClients(wiring.clients);
  const deduper = alertDedup(config.alertDedupMinutes * 60_000, config.stateTable, env, clients);
  const state = eventState(config, wiring, clients, env);
  const memberAccess = overrides.memberAccess ?? centralMemberAccess(config, wiring, clients, env);
  const deps: ResponderDeps = {
    responder: wiring.responder,
    // The whole catalogue, not only this function's rules: an event several functions' rules match is reported
    // once, by the function lib/routing.ts names, with every finding (each function can tell which one that is).
    // maxEventBytes: EventBridge already delivered this event, so its 256 KB delivery filter must not apply again.
    engine: new Engine({
      rules,
      publicPorts: config.publicPorts,
      ownPrincipals: config.ownPrincipals,
      deploymentPrincipals: config.deploymentPrincipals,
      remediationSettings: config.remediationSettings,
      stage: config.stage,
      ...(config.alertKeyArn !== undefined ? { ownKeys: [config.alertKeyArn] } : {}),
      maxEventBytes: Number.POSITIVE_INFINITY,
      // A container handles a few events: compiling the catalogue's patterns up front would be most of the
      // engine's cold start, for patterns most of which never see an event there.
      patternMatching: 'on-first-use',
    }),
    config,
    clients,
    state,
    appliers: wiring.appliers,
    applyOptions: { allManagementEventRules: new Set(rules.filter((rule) => rule.allManagementEvents === true).map((rule) => rule.id)) },
    deduper,
    logger,
    metrics,
    ...(overrides.now ? { now: overrides.now } : {}),
    ...(memberAccess ? { memberAccess } : {}),
  };
  logger.appendPersistentKeys({ stage: config.stage, mode: config.mode, responder: wiring.responder, ...(config.topology === 'central' ? { topology: 'central' } : {}) });
  metrics.setDefaultDimensions({ stage: config.stage });

  return middy<unknown, ResponseSummary, Error, Context>()
    .use(trackDeadline())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .handler(async (event, context) => {
      // The EventBridge event id ties every log line of this invocation together (and to the DLQ message).
      const id = typeof event === 'object' && event !== null ? (event as { id?: unknown }).id : undefined;
      if (typeof id === 'string') logger.setCorrelationId(id);
      const eventId = typeof event === 'object' && event !== null ? (event as { detail?: { eventID?: unknown } }).detail?.eventID : undefined;
      if (typeof eventId === 'string') logger.appendKeys({ eventId });
      state.begin(context);
      // Once per CloudTrail eventID, whatever the deliveries: EventBridge's at-least-once duplicates, one delivery
      // per matching rule that targets this function, Lambda retries after a success.
      const once = await state.once(event, () => respond(event, deps));
      if (once.kind === 'ran') return once.result;
      metrics.addMetric(Metric.DuplicateDeliveries, MetricUnit.Count, 1);
      if (once.kind === 'replayed') {
        logger.info('duplicate delivery of an event already handled: nothing done again', { firstResult: once.result.status });
        return once.result;
      }
      // The delivery being handled sends the alert; should it fail, Lambda retries that one, not this one.
      logger.info('duplicate delivery while another is being handled: nothing done (that one alerts)');
      return { status: 'in-progress-elsewhere', eventId: String(eventId) } satisfies ResponseSummary;
    });
};

/**
 * The stage's shared dedup on its state table. Without a table (`sls invoke local`, which cannot resolve the
 * table's Ref) every alert goes out, and the cold start says so.
 */
const alertDedup = (
  windowMs: number,
  tableName: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  clients: ResponderDeps['clients'],
): AlertDedup => {
  if (windowMs <= 0) return NO_DEDUP;
  if (tableName === undefined) {
    logger.info('alert dedup off: no state table (STATE_TABLE is not set), every alert goes out');
    return NO_DEDUP;
  }
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  return new StateTableDedup({ tableName, client: () => clients.dynamodb(region), windowMs, logger, metrics });
};

/**
 * The state table when the stage has one; otherwise (`sls invoke local`) none, said once at cold start. Problems
 * with the table are logged and counted (StateErrors) and the response goes on without the guarantee.
 */
const eventState = (
  config: ReturnType<typeof loadConfig>,
  wiring: ResponderWiring,
  clients: ReturnType<typeof createClients>,
  env: Readonly<Record<string, string | undefined>>,
): EventState => {
  if (config.stateTable === undefined) {
    logger.warn('no STATE_TABLE: every delivery is handled as a new event (duplicates are not detected)');
    return NO_EVENT_STATE;
  }
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME?.trim() || `${SERVICE}-${config.stage}-${RESPONDERS[wiring.responder].functionName}`;
  const region = env.AWS_REGION?.trim() || config.alertTopicArn.split(':')[3] || 'us-east-1';
  return dynamoEventState({
    tableName: config.stateTable,
    client: clients.dynamodb(region),
    functionName,
    onProblem: (operation, error) => {
      logger.error('state table unavailable: going on without it (a duplicate may act or alert again)', { operation, error });
      metrics.addMetric(Metric.StateErrors, MetricUnit.Count, 1);
    },
  });
};

/**
 * A central stage's access to member accounts (lib/aws/member-access.ts); none in a single stage or for the alert
 * function (its wiring has none: it never remediates). The function's own account is its alert topic's (a Ref in the same stack); under
 * `sls invoke local` (topic "log") it is unknown and every event's account is assumed into.
 */
const centralMemberAccess = (
  config: ReturnType<typeof loadConfig>,
  wiring: ResponderWiring,
  clients: ReturnType<typeof createClients>,
  env: Readonly<Record<string, string | undefined>>,
): MemberAccess | undefined => {
  if (config.topology !== 'central' || wiring.memberAccess === undefined) return undefined;
  const topicArn = config.alertTopicArn === LOG_ALERTS ? undefined : config.alertTopicArn.split(':');
  const ownAccount = topicArn?.[4];
  // The member roles live in the stage's own partition (aws-cn, aws-us-gov, …), which the topic ARN names.
  const partition = topicArn?.[1];
  return wiring.memberAccess({
    region: env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || 'us-east-1',
    stage: config.stage,
    functionName: RESPONDERS[wiring.responder].functionName,
    ...(ownAccount ? { ownAccount } : {}),
    ...(partition ? { partition } : {}),
    ownClients: clients,
    clientsWith: (credentials) => createClients(wiring.clients, { credentials }),
  });
};
