import type { PlainObject } from './expand';
import { LeafMatcher } from './leaf';
import type { IrLeaf, IrObject } from './read';

/** Keys such as "constructor" resolve through Object.prototype on a parsed event unless checked as own. */
function ownValue(obj: object, key: string): unknown {
  return Object.hasOwn(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/** Whether any scalar sits at `path` below `v`, looking through arrays at every level (event-ruler's flattening). */
function hasValueAt(v: unknown, path: readonly string[], i: number): boolean {
  if (Array.isArray(v)) {
    for (const item of v) if (hasValueAt(item, path, i)) return true;
    return false;
  }
  if (i === path.length) return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (v === null || typeof v !== 'object') return false;
  return hasValueAt(ownValue(v, path[i] as string), path, i + 1);
}

export class Field {
  public readonly guarded: boolean;
  public constructor(
    public readonly key: string,
    public readonly leaf: LeafMatcher | null,
    public readonly obj: ObjectMatcher | null,
  ) {
    this.guarded = key in Object.prototype;
  }
}

/**
 * One object level of a compiled pattern. Against an event array it must be satisfied by a single element
 * (event-ruler's array consistency). exists:false leaves that event-ruler checks before any other field of the
 * level has pinned an element (it visits fields in sorted name order) must hold in every element: `early`.
 */
export class ObjectMatcher {
  public constructor(
    public readonly fields: readonly Field[],
    private readonly ors: readonly (readonly ObjectMatcher[])[],
    private readonly early: readonly (readonly string[])[],
    /** Only exists:false below: a missing or non-object value satisfies it. */
    private readonly absentOk: boolean,
  ) {}

  /** Whether some level of this matcher keeps an "$or" in place (a pattern with too many sub-rules to expand). */
  public hasOrs(): boolean {
    return this.ors.length > 0 || this.fields.some((f) => f.obj !== null && f.obj.hasOrs());
  }

  /** Every leaf of this matcher and the levels below it, with its path. */
  public leaves(prefix: readonly string[] = [], out: { path: readonly string[]; leaf: LeafMatcher }[] = []): { path: readonly string[]; leaf: LeafMatcher }[] {
    for (const f of this.fields) {
      const path = [...prefix, f.key];
      if (f.leaf !== null) out.push({ path, leaf: f.leaf });
      if (f.obj !== null) f.obj.leaves(path, out);
    }
    return out;
  }

  public field(key: string): Field | undefined {
    return this.fields.find((f) => f.key === key);
  }

  public matchFields(e: object): boolean {
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i] as Field;
      const v = f.guarded ? ownValue(e, f.key) : (e as Record<string, unknown>)[f.key];
      if (f.leaf !== null && !f.leaf.matches(v)) return false;
      if (f.obj !== null && !f.obj.matchValue(v)) return false;
    }
    const ors = this.ors;
    for (let i = 0; i < ors.length; i++) {
      const branches = ors[i] as readonly ObjectMatcher[];
      let any = false;
      for (let b = 0; b < branches.length && !any; b++) any = (branches[b] as ObjectMatcher).matchFields(e);
      if (!any) return false;
    }
    return true;
  }

  public matchValue(v: unknown): boolean {
    if (v === null || typeof v !== 'object') return this.absentOk;
    if (!Array.isArray(v)) return this.matchFields(v);
    for (const path of this.early) if (hasValueAt(v, path, 0)) return false;
    return this.absentOk || this.someElement(v);
  }

  private someElement(values: readonly unknown[]): boolean {
    for (const item of values) {
      if (Array.isArray(item)) {
        if (this.someElement(item)) return true;
      } else if (item !== null && typeof item === 'object' && this.matchFields(item)) {
        return true;
      }
    }
    return false;
  }
}

interface LeafInfo {
  readonly path: readonly string[];
  readonly name: string;
  readonly positive: boolean;
}

interface Compiled {
  readonly matcher: ObjectMatcher;
  readonly leaves: readonly LeafInfo[];
  readonly absentOk: boolean;
}

/** Compiles expanded sub-rules or an IR object (with "$or" kept in place); leaf matchers are shared. */
export class ObjectCompiler {
  private readonly leafCache = new Map<IrLeaf, LeafMatcher>();

  private leaf(ir: IrLeaf): LeafMatcher {
    let matcher = this.leafCache.get(ir);
    if (matcher === undefined) {
      matcher = new LeafMatcher(ir.specs);
      this.leafCache.set(ir, matcher);
    }
    return matcher;
  }

  public compileObject(obj: PlainObject | IrObject): ObjectMatcher {
    return this.compile(obj, this.hasAbsentLeaf(obj)).matcher;
  }

  /** Whether some leaf below accepts only absence (exists:false): the only thing `early` can hold. */
  private hasAbsentLeaf(obj: PlainObject | IrObject): boolean {
    for (const node of obj.fields.values()) {
      if (node.leaf !== null && !this.leaf(node.leaf).positive) return true;
      if (node.obj !== null && this.hasAbsentLeaf(node.obj)) return true;
    }
    if ('ors' in obj) for (const branches of obj.ors) for (const branch of branches) if (this.hasAbsentLeaf(branch)) return true;
    return false;
  }

  /**
   * `track`: collect the leaves for `early`. Without an exists:false leaf anywhere in the pattern `early` is empty
   * at every level, and building the leaf lists (a path array per leaf per level) is most of a cold compile.
   */
  private compile(obj: PlainObject | IrObject, track: boolean): Compiled {
    const fields: Field[] = [];
    const leaves: LeafInfo[] = [];
    let absentOk = true;
    for (const [key, node] of obj.fields) {
      const leaf = node.leaf === null ? null : this.leaf(node.leaf);
      if (leaf !== null && node.leaf !== null) {
        if (track) leaves.push({ path: [key], name: node.leaf.name, positive: leaf.positive });
        absentOk &&= !leaf.positive;
      }
      let child: ObjectMatcher | null = null;
      if (node.obj !== null) {
        const compiled = this.compile(node.obj, track);
        child = compiled.matcher;
        absentOk &&= compiled.absentOk;
        for (const info of compiled.leaves) leaves.push({ ...info, path: [key, ...info.path] });
      }
      fields.push(new Field(key, leaf, child));
    }
    const ors = ('ors' in obj ? obj.ors : []).map((branches) => {
      const compiled = branches.map((b) => this.compile(b, track));
      absentOk &&= compiled.some((c) => c.absentOk);
      return compiled.map((c) => c.matcher);
    });
    const early = track
      ? leaves.filter((l) => !l.positive && !leaves.some((p) => p.positive && p.name < l.name)).map((l) => l.path)
      : [];
    return { matcher: new ObjectMatcher(fields, ors, early, absentOk), leaves, absentOk };
  }
}
