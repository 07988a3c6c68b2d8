import { PatternError } from '../errors';
import { describe, isPlainObject } from './operators/describe';
import { parseValue } from './operators/parse-value';
import type { ValueSpec } from './operators/spec';
import type { PatternOptions } from './types';

export const DEFAULT_MAX_LENGTH = 2048;
export const ROOT_PATH = '(pattern)';

/**
 * event-ruler refuses these as field names inside "$or" branches (anywhere below them), so that an operator
 * object placed one level too high is reported instead of being read as a field.
 */
const RESERVED_IN_OR = new Set([
  'exactly', 'equals-ignore-case', 'prefix', 'suffix', 'anything-but', 'exists', 'wildcard', 'numeric', 'cidr', 'html',
  '=', '<', '<=', '>', '>=', 'regex', 'not-wildcard', 'not-equals-ignore-case', 'date-after', 'date-on-or-after',
  'date-before', 'date-on-or-before', 'in-date-range', 'ip-address-in-range', 'ip-address-not-in-range',
]);

/** A leaf array after validation. `seq` is its document order: a later leaf at the same path replaces an earlier one. */
export interface IrLeaf {
  readonly seq: number;
  /** The event-ruler field name: the path's keys joined by ".". */
  readonly name: string;
  readonly specs: readonly ValueSpec[];
}

/** A field may carry both a leaf and an object when two spellings meet ("a": [...] and "a.b" via a dotted key). */
export interface IrNode {
  leaf: IrLeaf | null;
  obj: IrObject | null;
}

/** One object level: its fields are AND-ed; each "$or" is a list of branch objects at this same level. */
export interface IrObject {
  readonly fields: Map<string, IrNode>;
  readonly ors: IrObject[][];
}

const emptyObject = (): IrObject => ({ fields: new Map(), ors: [] });

function fieldPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

class Reader {
  private seq = 0;

  /** Dotted keys are paths: event-ruler joins keys with "." so {"a.b": x} and {"a": {"b": x}} are one field. */
  private nodeAt(target: IrObject, segments: readonly string[]): IrNode {
    let obj = target;
    let node: IrNode | undefined;
    segments.forEach((segment, i) => {
      node = obj.fields.get(segment);
      if (node === undefined) {
        node = { leaf: null, obj: null };
        obj.fields.set(segment, node);
      }
      if (i < segments.length - 1) {
        node.obj ??= emptyObject();
        obj = node.obj;
      }
    });
    return node as IrNode;
  }

  public readObject(raw: Record<string, unknown>, path: string, names: readonly string[], inOr: boolean, target: IrObject): void {
    const keys = Object.keys(raw);
    if (keys.length === 0) throw new PatternError(path === '' ? ROOT_PATH : path, 'empty objects are not allowed');
    for (const key of keys) {
      const value = raw[key];
      const at = fieldPath(path, key);
      if (key === '$or') {
        target.ors.push(this.readOr(value, at, names));
        continue;
      }
      if (inOr && RESERVED_IN_OR.has(key)) {
        throw new PatternError(at, `"${key}" is an operator name and cannot be used as a field name inside $or; did you mean to wrap it in a list?`);
      }
      const segments = key.split('.');
      const fullNames = [...names, ...segments];
      if (Array.isArray(value)) {
        this.nodeAt(target, segments).leaf = { seq: this.seq++, name: fullNames.join('.'), specs: this.readLeaf(value, at) };
      } else if (isPlainObject(value)) {
        const node = this.nodeAt(target, segments);
        node.obj ??= emptyObject();
        this.readObject(value, at, fullNames, inOr, node.obj);
      } else {
        throw new PatternError(at, `a field must hold an object or a non-empty list of match values, got ${describe(value)}`);
      }
    }
  }

  private readOr(value: unknown, path: string, names: readonly string[]): IrObject[] {
    if (!Array.isArray(value)) throw new PatternError(path, `$or takes a list of at least 2 pattern objects, got ${describe(value)}`);
    const branches: readonly unknown[] = value;
    if (branches.length < 2) throw new PatternError(path, `$or takes a list of at least 2 pattern objects, got ${branches.length}`);
    return branches.map((branch, i) => {
      const at = `${path}[${i}]`;
      if (!isPlainObject(branch)) throw new PatternError(at, `each $or branch must be a pattern object, got ${describe(branch)}`);
      const ir = emptyObject();
      this.readObject(branch, at, names, true, ir);
      return ir;
    });
  }

  private readLeaf(values: readonly unknown[], path: string): ValueSpec[] {
    if (values.length === 0) throw new PatternError(path, 'empty lists are not allowed: give at least one match value');
    return values.map((element, i) => parseValue(element, `${path}[${i}]`));
  }
}

function serializedLength(pattern: unknown): number {
  try {
    return JSON.stringify(pattern).length;
  } catch (error) {
    throw new PatternError(ROOT_PATH, 'the pattern cannot be serialised as JSON', { cause: error });
  }
}

/** Validates `pattern` as EventBridge would and returns it as an IR tree; throws PatternError naming the path. */
export function readPattern(pattern: unknown, options: PatternOptions = {}): IrObject {
  if (!isPlainObject(pattern)) throw new PatternError(ROOT_PATH, `a pattern must be a JSON object, got ${describe(pattern)}`);
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const length = serializedLength(pattern);
  if (length > maxLength) throw new PatternError(ROOT_PATH, `the pattern is ${length} characters long; the limit is ${maxLength}`);
  const root = emptyObject();
  new Reader().readObject(pattern, '', [], false, root);
  return root;
}
