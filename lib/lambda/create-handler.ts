import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { AlertDeduper } from '../alert/dedup';
import { createClients } from '../aws/client-factory';
import { trackDeadline } from '../aws/deadline';
import { loadConfig } from '../config';
import { Engine } from '../engine';
import { respond, type ResponderDeps, type ResponseSummary } from '../respond';
import { rulesOf } from '../responders';
import type { RuleDefinition } from '../rule';
import { logger, metrics } from './powertools';
import type { ResponderWiring } from './wiring/types';

/**
 * Builds a responder's Lambda handler. Everything that does not depend on the event (config, compiled
 * patterns, AWS clients) is done here, once per cold start; a bad config throws here, naming the variable,
 * so the function fails to initialise instead of responding wrongly.
 */
export const createHandler = (
  wiring: ResponderWiring,
  rules: readonly RuleDefinition[],
  overrides: Partial<Pick<ResponderDeps, 'clients' | 'now'>> & { env?: Readonly<Record<string, string | undefined>> } = {},
) => {
  let config;
  try {
    config = loadConfig(overrides.env ?? process.env);
  } catch (error) {
    logger.critical('invalid configuration: cold start stopped', { error: error as Error });
    throw error;
  }
  const deps: ResponderDeps = {
    // maxEventBytes: EventBridge already delivered this event, so its 256 KB delivery filter must not apply again.
    engine: new Engine({
      rules: rulesOf(wiring.responder, rules),
      publicPorts: config.publicPorts,
      ownPrincipals: config.ownPrincipals,
      stage: config.stage,
      ...(config.alertKeyArn !== undefined ? { ownKeys: [config.alertKeyArn] } : {}),
      maxEventBytes: Number.POSITIVE_INFINITY,
    }),
    config,
    clients: overrides.clients ?? createClients(wiring.clients),
    appliers: wiring.appliers,
    deduper: new AlertDeduper(config.alertDedupMinutes * 60_000),
    logger,
    metrics,
    ...(overrides.now ? { now: overrides.now } : {}),
  };
  logger.appendPersistentKeys({ stage: config.stage, mode: config.mode, responder: wiring.responder });
  metrics.setDefaultDimensions({ stage: config.stage });

  return middy<unknown, ResponseSummary, Error, Context>()
    .use(trackDeadline())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .handler((event) => {
      // The EventBridge event id ties every log line of this invocation together (and to the DLQ message).
      const id = typeof event === 'object' && event !== null ? (event as { id?: unknown }).id : undefined;
      if (typeof id === 'string') logger.setCorrelationId(id);
      return respond(event, deps);
    });
};
