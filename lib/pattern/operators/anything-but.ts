import { PatternError } from '../../errors';
import { parseWildcard } from '../wildcard';
import { describe, isPlainObject } from './describe';
import { comparableOperand } from './numeric';
import type { AnythingButSpec } from './spec';

const SHAPES = 'a string, a number, a list of only strings or only numbers, or one of {"prefix"}, {"suffix"}, {"equals-ignore-case"}, {"wildcard"}';

function parseList(list: readonly unknown[], path: string): AnythingButSpec {
  if (list.length === 0) throw new PatternError(path, 'anything-but needs at least one value');
  const strings: string[] = [];
  const numbers: number[] = [];
  list.forEach((value, i) => {
    if (typeof value === 'string') strings.push(value);
    else if (typeof value === 'number') numbers.push(comparableOperand(value, `${path}[${i}]`, 'an anything-but number'));
    else throw new PatternError(`${path}[${i}]`, `an anything-but list holds only strings or only numbers, got ${describe(value)}`);
  });
  if (strings.length > 0 && numbers.length > 0) {
    throw new PatternError(path, 'an anything-but list must hold only strings or only numbers, not both');
  }
  return { kind: 'anything-but', strings, numbers };
}

/** Strings for equals-ignore-case and wildcard, which take one value or a non-empty list. */
function stringOrList(value: unknown, path: string, name: string): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    if (items.length === 0) throw new PatternError(path, `anything-but ${name} needs at least one value`);
    return items.map((item, i) => {
      if (typeof item !== 'string') throw new PatternError(`${path}[${i}]`, `anything-but ${name} values must be strings, got ${describe(item)}`);
      return item;
    });
  }
  throw new PatternError(path, `anything-but ${name} takes a string or a list of strings, got ${describe(value)}`);
}

function parseNested(obj: Record<string, unknown>, path: string): AnythingButSpec {
  const keys = Object.keys(obj);
  const [name = ''] = keys;
  if (keys.length !== 1) {
    throw new PatternError(path, `anything-but takes an object with exactly one of prefix, suffix, equals-ignore-case, wildcard; got ${keys.length === 0 ? 'an empty object' : keys.join(', ')}`);
  }
  const value = obj[name];
  const inner = `${path}.${name}`;
  switch (name) {
    case 'prefix':
    case 'suffix':
      // EventBridge documents a single prefix or suffix here, not a list.
      if (typeof value !== 'string') throw new PatternError(inner, `anything-but ${name} takes a single string, got ${describe(value)}`);
      if (value === '') throw new PatternError(inner, `anything-but ${name} must not be empty`);
      return { kind: name === 'prefix' ? 'anything-but-prefix' : 'anything-but-suffix', value };
    case 'equals-ignore-case':
      return { kind: 'anything-but-ignore-case', values: stringOrList(value, inner, name) };
    case 'wildcard': {
      const values = stringOrList(value, inner, name);
      return { kind: 'anything-but-wildcard', values: values.map((v, i) => parseWildcard(v, Array.isArray(value) ? `${inner}[${i}]` : inner)) };
    }
    default:
      throw new PatternError(inner, `anything-but does not support "${name}": use prefix, suffix, equals-ignore-case or wildcard`);
  }
}

export function parseAnythingBut(arg: unknown, path: string): AnythingButSpec {
  if (typeof arg === 'string') return { kind: 'anything-but', strings: [arg], numbers: [] };
  if (typeof arg === 'number') return { kind: 'anything-but', strings: [], numbers: [comparableOperand(arg, path, 'an anything-but number')] };
  if (Array.isArray(arg)) return parseList(arg, path);
  if (isPlainObject(arg)) return parseNested(arg, path);
  throw new PatternError(path, `anything-but takes ${SHAPES}; got ${describe(arg)}`);
}
