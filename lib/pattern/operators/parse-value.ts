import { PatternError } from '../../errors';
import { parseCidr } from '../cidr';
import { parseWildcard } from '../wildcard';
import { parseAnythingBut } from './anything-but';
import { describe, isPlainObject } from './describe';
import { parseNumeric } from './numeric';
import type { ValueSpec } from './spec';

export const OPERATORS = ['anything-but', 'cidr', 'equals-ignore-case', 'exactly', 'exists', 'numeric', 'prefix', 'suffix', 'wildcard'];

function requireString(value: unknown, path: string, name: string): string {
  if (typeof value !== 'string') throw new PatternError(path, `${name} takes a string, got ${describe(value)}`);
  return value;
}

/** prefix and suffix take a string, or {"equals-ignore-case": string} for a case-insensitive match. */
function parseAffix(name: 'prefix' | 'suffix', arg: unknown, path: string): ValueSpec {
  if (typeof arg === 'string') return { kind: name, value: arg, ignoreCase: false };
  if (isPlainObject(arg)) {
    const keys = Object.keys(arg);
    if (keys.length === 1 && keys[0] === 'equals-ignore-case') {
      const inner = `${path}.equals-ignore-case`;
      return { kind: name, value: requireString(arg['equals-ignore-case'], inner, `${name} equals-ignore-case`), ignoreCase: true };
    }
    throw new PatternError(path, `${name} takes a string or {"equals-ignore-case": string}, got an object with ${keys.length === 0 ? 'no keys' : keys.join(', ')}`);
  }
  throw new PatternError(path, `${name} takes a string or {"equals-ignore-case": string}, got ${describe(arg)}`);
}

function parseOperator(obj: Record<string, unknown>, path: string): ValueSpec {
  const keys = Object.keys(obj);
  if (keys.length !== 1) {
    throw new PatternError(path, keys.length === 0 ? 'an operator object needs exactly one operator, got an empty object' : `an operator object takes exactly one operator, got ${keys.join(', ')}`);
  }
  const [name = ''] = keys;
  const arg = obj[name];
  const at = `${path}.${name}`;
  switch (name) {
    case 'prefix':
    case 'suffix':
      return parseAffix(name, arg, at);
    case 'equals-ignore-case':
      return { kind: 'equals-ignore-case', value: requireString(arg, at, name) };
    case 'exactly':
      return { kind: 'exactly', value: requireString(arg, at, name) };
    case 'wildcard':
      return { kind: 'wildcard', segments: parseWildcard(requireString(arg, at, name), at) };
    case 'cidr':
      return { kind: 'cidr', range: parseCidr(requireString(arg, at, name), at) };
    case 'exists':
      if (typeof arg !== 'boolean') throw new PatternError(at, `exists takes true or false, got ${describe(arg)}`);
      return { kind: 'exists', value: arg };
    case 'numeric':
      return parseNumeric(arg, at);
    case 'anything-but':
      return parseAnythingBut(arg, at);
    default:
      throw new PatternError(at, `unknown operator "${name}"; EventBridge knows ${OPERATORS.join(', ')}`);
  }
}

/** One element of a leaf array: a JSON scalar or an operator object (never a nested array). */
export function parseValue(element: unknown, path: string): ValueSpec {
  switch (typeof element) {
    case 'string':
      return { kind: 'string', value: element };
    case 'number':
      if (!Number.isFinite(element)) throw new PatternError(path, `${element} is not a JSON number`);
      return { kind: 'number', value: element };
    case 'boolean':
      return { kind: 'literal', value: element };
    default:
      if (element === null) return { kind: 'literal', value: null };
      if (Array.isArray(element)) throw new PatternError(path, 'a match value cannot be an array: nest alternatives in the same list instead');
      if (isPlainObject(element)) return parseOperator(element, path);
      throw new PatternError(path, `a match value must be a string, number, boolean, null or operator object, got ${describe(element)}`);
  }
}
