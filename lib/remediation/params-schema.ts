import { TrailguardError } from '../errors';
import { isObject, type JsonObject } from '../cloudtrail/record';

/** Params that do not fit an action's closed schema; `field` names the offending param. */
export class ActionParamsError extends TrailguardError {
  public override readonly name = 'ActionParamsError';

  public readonly field: string;

  public constructor(action: string, field: string, reason: string) {
    super(`${action} params.${field}: ${reason}`);
    this.field = field;
  }
}

/** Reads params against a closed schema: unknown keys are errors, so a typo never silently widens a revert. */
export class ParamsReader {
  private readonly params: JsonObject;

  public constructor(
    private readonly action: string,
    params: unknown,
    allowed: readonly string[],
    private readonly prefix = '',
  ) {
    if (!isObject(params)) throw new ActionParamsError(action, prefix || '(root)', 'must be an object');
    const unknown = Object.keys(params).filter((key) => !allowed.includes(key));
    if (unknown.length > 0) throw new ActionParamsError(action, this.path(unknown[0]!), 'is not a known param');
    this.params = params;
  }

  public string(key: string, pattern?: RegExp): string {
    const value = this.params[key];
    if (typeof value !== 'string' || value === '') throw this.error(key, 'must be a non-empty string');
    if (pattern && !pattern.test(value)) throw this.error(key, `must match ${pattern}`);
    return value;
  }

  public optionalString(key: string, pattern?: RegExp): string | undefined {
    return this.params[key] === undefined ? undefined : this.string(key, pattern);
  }

  public optionalInteger(key: string, min: number, max: number): number | undefined {
    const value = this.params[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw this.error(key, `must be an integer from ${min} to ${max}`);
    }
    return value;
  }

  public stringArray(key: string, pattern?: RegExp): string[] {
    const value = this.params[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw this.error(key, 'must be an array of strings');
    return value.map((item, index) => {
      if (typeof item !== 'string' || (pattern && !pattern.test(item))) {
        throw this.error(`${key}[${index}]`, pattern ? `must match ${pattern}` : 'must be a string');
      }
      return item;
    });
  }

  public objectArray<T>(key: string, read: (item: unknown, path: string) => T): T[] {
    const value = this.params[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw this.error(key, 'must be an array');
    return value.map((item, index) => read(item, this.path(`${key}[${index}]`)));
  }

  private path(key: string): string {
    return this.prefix ? `${this.prefix}.${key}` : key;
  }

  private error(key: string, reason: string): ActionParamsError {
    return new ActionParamsError(this.action, this.path(key), reason);
  }
}

/**
 * Whether params fit an action's schema, for a classifier that builds them from untrusted record fields: it asks
 * for the remediation only when they do, and says in the finding why not otherwise (a schema error in the engine
 * is a rule error, which pages).
 */
export const paramsFit = (action: { readonly parse: (params: unknown) => unknown }, params: unknown): boolean => {
  try {
    action.parse(params);
    return true;
  } catch {
    return false;
  }
};
