import { GetItemCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { createHash } from 'node:crypto';
import { awsErrorCode } from '../aws/errors';
import { ConfigError, DedupStoreError } from '../errors';
import { SEVERITIES, type Severity } from '../rule';
import { dedupStep, type AlertCandidate, type DedupDigest, type DedupWindow } from './dedup-window';

/** The environment variable naming the stage's state table (shared with idempotency; ids here start `dedup#`). */
export const STATE_TABLE_ENV = 'STATE_TABLE';
export const DEDUP_ID_PREFIX = 'dedup#';

/**
 * How long a window's item outlives the window: its digest goes out on the key's next event after the window
 * closed, so the item must still be there then. TTL deletes it after that (DynamoDB TTL is lazy: an item past
 * its `expiration` may still be read for a while, which only delays the cleanup).
 */
export const DEDUP_RETAIN_MS = 7 * 24 * 3600_000;

/**
 * Racing writers on one key: each round of conditional writes lets at least one through, so a burst of N
 * simultaneous repeats needs N rounds for the last. Past this many, the event alerts (never hidden by dedup).
 */
export const DEDUP_MAX_ATTEMPTS = 8;

/** What the store decided for one event. */
export interface DedupDecision {
  readonly alert: boolean;
  /** A closed window's repeats, to be sent as one digest with this alert. */
  readonly digest?: DedupDigest;
  /** The window the event fell in or opened (absent: the event has no key, or dedup is off or failed open). */
  readonly window?: DedupWindow;
}

/** The alert-dedup decision as respond() uses it. */
export interface AlertDedup {
  readonly windowMs: number;
  decide(candidate: AlertCandidate | undefined, now: Date): Promise<DedupDecision>;
}

/** Dedup off: every alert goes out (window 0, `sls invoke local` without a table). */
export const NO_DEDUP: AlertDedup = {
  windowMs: 0,
  decide: async () => ({ alert: true }),
};

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

/** The state table's name from the environment; undefined when unset (no table: dedup off). */
export const stateTableOf = (env: Readonly<Record<string, string | undefined>>): string | undefined => {
  const name = env[STATE_TABLE_ENV]?.trim();
  if (!name) return undefined;
  if (!TABLE_NAME.test(name)) throw new ConfigError(STATE_TABLE_ENV, `is not a DynamoDB table name (got ${JSON.stringify(name)})`);
  return name;
};

/** Item id of a key: hashed, so actor ARNs and resource lists never become a partition key, and ids stay short. */
export const dedupItemId = (key: string): string => `${DEDUP_ID_PREFIX}${createHash('sha256').update(key).digest('base64url')}`;

const isConditionalFailure = (error: unknown): boolean => awsErrorCode(error) === 'ConditionalCheckFailedException';

/** A window item as stored: the window as JSON (without its key, which the id stands for) and a version. */
interface StoredWindow {
  /** Absent when the item is malformed: it is replaced, still conditioned on its version. */
  readonly window?: DedupWindow;
  readonly version: number;
}

const isSeverity = (value: unknown): value is Severity => (SEVERITIES as readonly unknown[]).includes(value);

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

const repeatOf = (value: unknown): DedupWindow['firstRepeat'] | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const { eventId, at } = value as Record<string, unknown>;
  return typeof eventId === 'string' && finite(at) ? { eventId, at } : undefined;
};

/** The window fields both a window and a digest have; undefined when any is missing or of the wrong type. */
const parseCommon = (raw: Record<string, unknown>) => {
  const { eventId, severity, opensAt, suppressed } = raw;
  if (typeof eventId !== 'string' || !isSeverity(severity) || !finite(opensAt) || !finite(suppressed)) return undefined;
  return { eventId, severity, opensAt, suppressed };
};

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** A stored digest (the one a window's opening alert carried); undefined unless complete. */
const parseDigest = (key: string, value: unknown): DedupDigest | undefined => {
  const raw = asRecord(value);
  const common = raw && parseCommon(raw);
  const firstRepeat = repeatOf(raw?.firstRepeat);
  const lastRepeat = repeatOf(raw?.lastRepeat);
  if (!raw || !common || !finite(raw.at) || !firstRepeat || !lastRepeat) return undefined;
  return { key, ...common, at: raw.at, firstRepeat, lastRepeat };
};

/** Reads a stored window back; anything malformed (a hand edit, another writer) reads as no window. */
const parseWindow = (key: string, text: string): DedupWindow | undefined => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const raw = asRecord(value);
  const common = raw && parseCommon(raw);
  if (!raw || !common || !finite(raw.closesAt)) return undefined;
  const firstRepeat = repeatOf(raw.firstRepeat);
  const lastRepeat = repeatOf(raw.lastRepeat);
  const openedWith = parseDigest(key, raw.openedWith);
  return {
    key,
    ...common,
    closesAt: raw.closesAt,
    ...(firstRepeat ? { firstRepeat } : {}),
    ...(lastRepeat ? { lastRepeat } : {}),
    ...(openedWith ? { openedWith } : {}),
  };
};

const serializeWindow = (window: DedupWindow): string => {
  const { key: _key, openedWith, ...rest } = window;
  if (!openedWith) return JSON.stringify(rest);
  const { key: _digestKey, ...digest } = openedWith;
  return JSON.stringify({ ...rest, openedWith: digest });
};

export interface StateTableDedupOptions {
  readonly tableName: string;
  /** The table's client (the function's own region). */
  readonly client: () => DynamoDBClient;
  readonly windowMs: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly maxAttempts?: number;
}

/**
 * Alert dedup shared by every container of every function of a stage, on the stage's state table: one item per
 * alert key (`dedup#<sha256 of the key>`), holding the key's current window as dedupStep (dedup-window.ts, the
 * same function replay simulates with) returned it. Each decision reads the item, steps, and writes the new
 * window back with a PutItem conditioned on the version it read (or on there being none), so when two containers
 * race on one key exactly one opens the window and alerts; the other re-reads and finds a repeat.
 *
 * Fail-open: a table that cannot be read or written (throttled, unreachable, access denied, still racing after
 * DEDUP_MAX_ATTEMPTS) never costs an alert: the event alerts, and the failure is logged and counted as DedupErrors.
 *
 * Time is the event's own (CloudTrail eventTime), as in replay; an event whose time cannot be read uses the
 * clock. The digest of a window that closed with suppressed repeats goes out with the key's next alert after the
 * close: that needs no scheduler, no Scan permission and no second trigger, and the digest is about activity the
 * opening alert already reported. The cost is that a burst nobody repeats after the window is digested only when
 * (if ever) the key recurs within DEDUP_RETAIN_MS; the opening alert has said it started, and AlertsSuppressed
 * on the dashboard counts every repeat as it is suppressed.
 */
export class StateTableDedup implements AlertDedup {
  public readonly windowMs: number;
  private readonly maxAttempts: number;

  public constructor(private readonly options: StateTableDedupOptions) {
    this.windowMs = options.windowMs;
    this.maxAttempts = options.maxAttempts ?? DEDUP_MAX_ATTEMPTS;
  }

  public async decide(found: AlertCandidate | undefined, now: Date): Promise<DedupDecision> {
    if (found === undefined || found.key === undefined || this.windowMs <= 0) return { alert: true };
    const candidate = found.at > 0 ? found : { ...found, at: now.getTime() };
    const id = dedupItemId(candidate.key!);
    try {
      for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
        const stored = await this.read(id, candidate.key!);
        const step = dedupStep(stored?.window, candidate, this.windowMs);
        if (step.window === undefined || step.window === stored?.window) {
          return { alert: step.alert, ...(step.digest ? { digest: step.digest } : {}), ...(step.window ? { window: step.window } : {}) };
        }
        if (await this.write(id, step.window, stored?.version)) {
          return { alert: step.alert, ...(step.digest ? { digest: step.digest } : {}), window: step.window };
        }
      }
      return this.failOpen(candidate, `still racing other writers after ${this.maxAttempts} attempts`);
    } catch (error) {
      return this.failOpen(candidate, awsErrorCode(error), error);
    }
  }

  private async read(id: string, key: string): Promise<StoredWindow | undefined> {
    const { Item } = await this.options.client().send(
      new GetItemCommand({ TableName: this.options.tableName, Key: { id: { S: id } }, ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const version = Number(Item.version?.N);
    if (!Number.isInteger(version)) throw new DedupStoreError(`item ${id} in ${this.options.tableName} has no integer version`);
    const window = Item.window?.S === undefined ? undefined : parseWindow(key, Item.window.S);
    return window ? { window, version } : { version };
  }

  /** True when written; false when another writer changed the item since it was read. */
  private async write(id: string, window: DedupWindow, version: number | undefined): Promise<boolean> {
    const item: Record<string, AttributeValue> = {
      id: { S: id },
      window: { S: serializeWindow(window) },
      version: { N: String((version ?? 0) + 1) },
      expiration: { N: String(Math.ceil((window.closesAt + DEDUP_RETAIN_MS) / 1000)) },
    };
    try {
      await this.options.client().send(
        new PutItemCommand({
          TableName: this.options.tableName,
          Item: item,
          ...(version === undefined
            ? { ConditionExpression: 'attribute_not_exists(id)' }
            : { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': { N: String(version) } } }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalFailure(error)) return false;
      throw error;
    }
  }

  private failOpen(candidate: AlertCandidate, reason: string, error?: unknown): DedupDecision {
    this.options.logger.error('alert dedup failed: alerting anyway (dedup never costs an alert)', {
      reason,
      table: this.options.tableName,
      dedupEventId: candidate.eventId,
      ...(error instanceof Error ? { error } : {}),
    });
    this.options.metrics.addMetric('DedupErrors', MetricUnit.Count, 1);
    return { alert: true };
  }
}
