import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const SERVICE = 'trailguard';
export const NAMESPACE = 'Trailguard';

/** One Logger and one Metrics per container, shared by the middleware and the pipeline. */
export const logger = new Logger({ serviceName: SERVICE });

export const metrics = new Metrics({
  namespace: NAMESPACE,
  serviceName: SERVICE,
  // The dashboard and alarms read metrics per stage: every EMF blob carries the stage beside the service.
  defaultDimensions: { stage: process.env.TRAILGUARD_STAGE ?? 'unknown' },
});
