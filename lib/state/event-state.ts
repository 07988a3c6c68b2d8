import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';

/**
 * How long an event is remembered (idempotency records and failure counts), in seconds. A duplicate can arrive as
 * late as EventBridge's retry window (MaximumEventAgeInSeconds 3600, lib/deploy.ts) plus Lambda's own async
 * window (maximumEventAge 3600, serverless.yml) after the first delivery: two hours. A day covers that with
 * room for clock skew and a late at-least-once duplicate, and costs nothing (TTL deletes expired items). An event
 * redriven by hand from the dead-letter queue after a day is handled afresh, which is what a redrive means.
 */
export const EVENT_MEMORY_SECONDS = 24 * 60 * 60;

/** The JMESPath of the idempotency key in an EventBridge event: CloudTrail's own id for the API call. */
export const EVENT_KEY_PATH = 'detail.eventID';

/** One step of an event's response that must happen at most once: a remediation, or an alert phase. */
export interface StepKey {
  readonly eventId: string;
  readonly step: string;
}

/** Something the state table could not do; the response goes on without that guarantee (fail open). */
export type StateProblem = (operation: string, error: Error) => void;

/**
 * What the responder remembers per CloudTrail event, in the stage's state table. Every method fails open: if the
 * table cannot be read or written (throttled past the retries, access denied, deleted), `onProblem` is told and
 * the work is done without the guarantee, because a duplicate alert is better than none.
 */
export interface EventState {
  /** Whether deliveries are remembered at all (false without a table). */
  readonly enabled: boolean;
  /** Called at the start of each invocation: in-progress records expire with the invocation's remaining time. */
  begin(context: Context): void;
  /**
   * Runs `respond` once per eventID: a later delivery gets the stored result (`replayed`), a delivery while
   * another is running gets `inProgress` without running anything. A failure of `respond` forgets the event, so
   * the retry runs again.
   */
  once<T extends object>(event: unknown, respond: () => Promise<T>): Promise<OnceResult<T>>;
  /** Runs `step` once per key: after a success, every later call returns the stored result without running it. */
  step<T extends object>(key: StepKey, step: () => Promise<T>): Promise<StepResult<T>>;
  /** Counts one more failed attempt of the event and returns the count, or undefined when it cannot be counted. */
  countFailure(eventId: string): Promise<number | undefined>;
}

export type OnceResult<T> =
  | { readonly kind: 'ran'; readonly result: T }
  | { readonly kind: 'replayed'; readonly result: T }
  | { readonly kind: 'in-progress' };

export interface StepResult<T> {
  readonly result: T;
  /** True when an earlier invocation ran the step and this is its stored result. */
  readonly replayed: boolean;
}

const REPLAYED = '__replayedFromStateTable';

/** Powertools wraps every store failure in an error named Idempotency…; in-progress is the one that is not. */
const isStoreError = (error: unknown): error is Error =>
  error instanceof Error && error.name.startsWith('Idempotency') && error.name !== 'IdempotencyAlreadyInProgressError';

const isInProgress = (error: unknown): boolean => error instanceof Error && error.name === 'IdempotencyAlreadyInProgressError';

/** DynamoDB stores JSON; `undefined` members would make Powertools' marshalling throw. */
const jsonCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

interface Tracked<T> {
  ran: boolean;
  result?: T;
  error?: unknown;
}

/** Runs `run` inside `guarded`, failing open when the store (not `run`) failed. */
const failOpen = async <T>(
  operation: string,
  onProblem: StateProblem,
  guarded: (run: () => Promise<T>) => Promise<T>,
  run: () => Promise<T>,
): Promise<{ result: T; guarded: boolean }> => {
  const tracked: Tracked<T> = { ran: false };
  const tracking = async (): Promise<T> => {
    tracked.ran = true;
    try {
      tracked.result = await run();
      return tracked.result;
    } catch (error) {
      tracked.error = error;
      throw error;
    }
  };
  try {
    return { result: await guarded(tracking), guarded: true };
  } catch (error) {
    if (!isStoreError(error)) throw error;
    onProblem(operation, error);
    // The work itself already ran (the store failed before or after it): its own outcome stands.
    if (tracked.ran) {
      if ('error' in tracked) throw tracked.error;
      return { result: tracked.result as T, guarded: false };
    }
    return { result: await run(), guarded: false };
  }
};

export interface DynamoEventStateOptions {
  readonly tableName: string;
  readonly client: DynamoDBClient;
  /** Prefix of every item id: the function's name, so two functions never share a record. */
  readonly functionName: string;
  readonly onProblem: StateProblem;
  readonly now?: () => number;
}

/**
 * The state table through Powertools idempotency: one persistence layer per kind of record (a layer keeps the
 * configuration it was first given), ids `<functionName>#<hash>` for whole events and
 * `<functionName>.step#<hash>` for steps; failure counts are plain items `failures#<functionName>#<eventID>`.
 */
export const dynamoEventState = (options: DynamoEventStateOptions): EventState => {
  const { tableName, client, functionName, onProblem } = options;
  const now = options.now ?? Date.now;
  const layer = () => new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: client });
  const markReplayed = (response: unknown) =>
    (typeof response === 'object' && response !== null ? { ...response, [REPLAYED]: true } : response) as never;
  const eventConfig = new IdempotencyConfig({ eventKeyJmesPath: EVENT_KEY_PATH, expiresAfterSeconds: EVENT_MEMORY_SECONDS, responseHook: markReplayed });
  const stepConfig = new IdempotencyConfig({ expiresAfterSeconds: EVENT_MEMORY_SECONDS, responseHook: markReplayed });
  const runOnce = makeIdempotent(async (_event: unknown, run: () => Promise<object>) => run(), {
    persistenceStore: layer(),
    config: eventConfig,
    keyPrefix: functionName,
    dataIndexArgument: 0,
  });
  const runStep = makeIdempotent(async (_key: StepKey, run: () => Promise<object>) => run(), {
    persistenceStore: layer(),
    config: stepConfig,
    keyPrefix: `${functionName}.step`,
    dataIndexArgument: 0,
  });
  const split = <T extends object>(value: T): { result: T; replayed: boolean } => {
    if (!(REPLAYED in value)) return { result: value, replayed: false };
    const { [REPLAYED]: _flag, ...result } = value as T & { [REPLAYED]: true };
    return { result: result as T, replayed: true };
  };

  return {
    enabled: true,
    begin: (context) => {
      eventConfig.registerLambdaContext(context);
      stepConfig.registerLambdaContext(context);
    },
    once: async <T extends object>(event: unknown, respond: () => Promise<T>): Promise<OnceResult<T>> => {
      try {
        const { result } = await failOpen('event', onProblem, (run) => runOnce(event, async () => jsonCopy(await run())) as Promise<T>, respond);
        const { result: value, replayed } = split(result);
        return { kind: replayed ? 'replayed' : 'ran', result: value };
      } catch (error) {
        if (isInProgress(error)) return { kind: 'in-progress' };
        throw error;
      }
    },
    step: async <T extends object>(key: StepKey, step: () => Promise<T>): Promise<StepResult<T>> => {
      const { result } = await failOpen(`step ${key.step}`, onProblem, (run) => runStep(key, async () => jsonCopy(await run())) as Promise<T>, step);
      return split(result);
    },
    countFailure: async (eventId) => {
      try {
        const output = await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: { id: { S: `failures#${functionName}#${eventId}` } },
            UpdateExpression: 'ADD #failures :one SET #expiration = :expiration',
            ExpressionAttributeNames: { '#failures': 'failures', '#expiration': 'expiration' },
            ExpressionAttributeValues: { ':one': { N: '1' }, ':expiration': { N: String(Math.floor(now() / 1000) + EVENT_MEMORY_SECONDS) } },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        const count = Number(output.Attributes?.failures?.N);
        return Number.isInteger(count) && count > 0 ? count : undefined;
      } catch (error) {
        onProblem('failure count', error as Error);
        return undefined;
      }
    },
  };
};

/**
 * No table (`sls invoke local`, where CloudFormation cannot resolve one): every delivery is handled as a new
 * event, every step runs, failures are not counted (so each failed attempt alerts).
 */
export const NO_EVENT_STATE: EventState = {
  enabled: false,
  begin: () => undefined,
  once: async (_event, respond) => ({ kind: 'ran', result: await respond() }),
  step: async (_key, step) => ({ result: await step(), replayed: false }),
  countFailure: async () => undefined,
};
