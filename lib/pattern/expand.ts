import type { IrLeaf, IrObject } from './read';

/** An object level with no "$or": one of event-ruler's sub-rules, as a tree. */
export interface PlainObject {
  readonly fields: ReadonlyMap<string, PlainNode>;
}

export interface PlainNode {
  readonly leaf: IrLeaf | null;
  readonly obj: PlainObject | null;
}

/**
 * Above this many sub-rules a pattern is matched with "$or" evaluated in place instead. That is exact unless an
 * "$or" branch and its siblings reach into the same event array or the pattern uses exists:false inside arrays.
 */
export const MAX_ALTERNATIVES = 1024;

/** How many sub-rules event-ruler expands the object into; saturates just above MAX_ALTERNATIVES. */
export function countAlternatives(obj: IrObject): number {
  let count = 1;
  for (const node of obj.fields.values()) if (node.obj !== null) count *= countAlternatives(node.obj);
  for (const branches of obj.ors) count *= branches.reduce((sum, b) => sum + countAlternatives(b), 0);
  return Math.min(count, MAX_ALTERNATIVES + 1);
}

function laterLeaf(a: IrLeaf | null, b: IrLeaf | null): IrLeaf | null {
  if (a === null) return b;
  if (b === null) return a;
  return b.seq > a.seq ? b : a;
}

/** Both sub-trees at once; where both set the same leaf, the later one in the document wins (event-ruler's put). */
function merge(a: PlainObject, b: PlainObject): PlainObject {
  const fields = new Map(a.fields);
  for (const [key, right] of b.fields) {
    const left = fields.get(key);
    if (left === undefined) {
      fields.set(key, right);
    } else {
      const obj = left.obj !== null && right.obj !== null ? merge(left.obj, right.obj) : (left.obj ?? right.obj);
      fields.set(key, { leaf: laterLeaf(left.leaf, right.leaf), obj });
    }
  }
  return { fields };
}

function cross(lefts: readonly PlainObject[], rights: readonly PlainObject[]): PlainObject[] {
  return lefts.flatMap((left) => rights.map((right) => merge(left, right)));
}

/** The object's sub-rules, as event-ruler's JsonRuleCompiler forks them at each "$or". */
export function expand(obj: IrObject): PlainObject[] {
  let result: PlainObject[] = [{ fields: new Map() }];
  for (const [key, node] of obj.fields) {
    const children = node.obj === null ? [null] : expand(node.obj);
    result = cross(
      result,
      children.map((child) => ({ fields: new Map([[key, { leaf: node.leaf, obj: child }]]) })),
    );
  }
  for (const branches of obj.ors) result = cross(result, branches.flatMap(expand));
  return result;
}
