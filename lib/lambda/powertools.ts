import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, SERVICE } from '../names';

/** One Logger and one Metrics per container, shared by the middleware and the pipeline. */
export const logger = new Logger({ serviceName: SERVICE });

/** The handler factory adds the stage as a default dimension: the dashboard and alarms read metrics per stage. */
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE });
