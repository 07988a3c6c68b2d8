import { CompiledEventPattern, compilePattern } from './compile';
import type { LeafMatcher } from './leaf';
import type { ObjectMatcher } from './object-matcher';
import type { CompiledPattern, EventPattern } from './types';

/**
 * Fields most events share a handful of values in (the service, the region, the account, who called): a pattern
 * is filed under them only when it requires nothing more selective.
 */
const COMMON_PATHS = new Set([
  'source',
  'account',
  'region',
  'detail.eventSource',
  'detail.awsRegion',
  'detail.recipientAccountId',
  'detail.errorCode',
  'detail.userIdentity.type',
  'detail.userIdentity.accountId',
]);

/**
 * Fields nearly every event carries with one of two or three values: every CloudTrail API call has the same
 * detail-type, eventType and category. Filed under them, a pattern is a candidate for nearly every event, so they
 * come after any common field, and a pattern that has only them (and tests) is as costly as one anchored on a test.
 */
const UBIQUITOUS_PATHS = new Set([
  'version',
  'detail-type',
  'detail.eventVersion',
  'detail.eventType',
  'detail.eventCategory',
  'detail.managementEventCategory',
  'detail.managementEvent',
  'detail.readOnly',
]);

/** How many events a path's values select, roughly: 0 a few, 10 a share, 50 nearly all. */
function pathCommonness(path: readonly string[]): number {
  const name = path.join('.');
  return UBIQUITOUS_PATHS.has(name) ? 50 : COMMON_PATHS.has(name) ? 10 : 0;
}

function isCompiled(p: EventPattern | CompiledPattern): p is CompiledPattern {
  return typeof (p as { matches?: unknown }).matches === 'function';
}

/**
 * A field path of the event: its last key read from the values at its parent path, so paths that share a prefix
 * ("detail", "detail.userIdentity") read it once per event. Prototype names are read as own properties only.
 */
class EventPath {
  public readonly key: string;
  public readonly guarded: boolean;
  /** How many distinct tests read this path: each has its slot in a ValueMemo row. */
  public slots = 0;
  /** With an index or two tests or more: what the path's tests and index said of the strings events held there. */
  public memo: ValueMemo | null = null;

  // Per event, kept on the path itself (one object to reach, not an array per field), valid while `stamp` (for
  // `row`, `rowStamp`) is the set's epoch.
  public stamp = 0;
  /** How many values the event holds there: the first ones of `values`, overwritten rather than emptied. */
  public count = 0;
  public readonly values: unknown[] = [];
  /** Whether the event reached the values through an array. */
  public through = false;
  public rowStamp = 0;
  /** What the memo knows of the path's one string this event, when it has a memo and the value is a short string. */
  public row: Known | null = null;
  public constructor(
    public readonly id: number,
    public readonly keys: readonly string[],
    public readonly parent: EventPath | null,
  ) {
    this.key = keys[keys.length - 1] as string;
    this.guarded = this.key in Object.prototype;
  }
}

/** The longest string a ValueMemo keeps: a memo of long strings (policy documents) would hold them all. */
const MEMO_MAX_LENGTH = 256;
/** The bytes of rows a ValueMemo may hold before it starts afresh, and the bounds on its number of rows. */
const MEMO_BYTES = 1 << 18;
const MEMO_MIN_ROWS = 64;
const MEMO_MAX_ROWS = 1024;
/**
 * After a fill in which the memo's rows were found again fewer times than they were made (addresses or session
 * names that mostly come once), the memo rests for this many fills' worth of lookups: meanwhile values are
 * tested directly, which costs less than a row made for each and thrown away.
 */
const MEMO_REST_FILLS = 16;

/** What a path's memo knows of one string: its tests' results (0 not yet tested, 1 failed, 2 held), its index hits. */
class Known {
  public hits: readonly Runs[] | null = null;
  public constructor(public readonly row: Uint8Array) {}
}

/**
 * What a path's tests and index said of the strings events held there, a row per string, filled as asked. Events
 * repeat their names, sources, callers and addresses, so most tests of most events become a byte read instead of
 * a wildcard, cidr or list test, and most lookups one hash lookup instead of a trie walk. Bounded: when full it
 * is emptied and fills again, unless it mostly missed (see MEMO_REST_FILLS).
 */
class ValueMemo {
  private readonly rows = new Map<string, Known>();
  private readonly maxRows: number;
  /** Rows found again since the memo was last emptied. */
  private found = 0;
  /** Lookups left to answer "not remembered" before the memo is tried again. */
  private resting = 0;
  public constructor(private readonly slots: number) {
    this.maxRows = Math.max(MEMO_MIN_ROWS, Math.min(MEMO_MAX_ROWS, Math.floor(MEMO_BYTES / Math.max(1, slots))));
  }
  /** The value's row, or null while the memo rests. */
  public known(value: string): Known | null {
    if (this.resting > 0) {
      this.resting--;
      return null;
    }
    let known = this.rows.get(value);
    if (known !== undefined) {
      this.found++;
    } else {
      if (this.rows.size >= this.maxRows) {
        const missed = this.found < this.rows.size;
        this.rows.clear();
        this.found = 0;
        if (missed) {
          this.resting = MEMO_REST_FILLS * this.maxRows;
          return null;
        }
      }
      known = new Known(new Uint8Array(this.slots));
      this.rows.set(value, known);
    }
    return known;
  }
}

/** One distinct (path, leaf) test, with its result for the current event (valid while `stamp` is the set's epoch). */
class LeafTest {
  public stamp = 0;
  public result = false;
  public constructor(
    public readonly path: EventPath,
    /** Its slot in the path's ValueMemo rows. */
    public readonly slot: number,
    public readonly leaf: LeafMatcher,
  ) {}
}

/** A leaf some sub-rule requires at a path: a match needs a value there that the leaf accepts. */
interface Requirement {
  readonly path: readonly string[];
  readonly leaf: LeafMatcher;
}

/**
 * Lower is a better anchor. A looked-up anchor costs only the events that carry its value; a tested one costs a
 * test of each value the path holds (remembered per value, and nothing when the event lacks the path), so it
 * anchors only sub-rules with nothing selective to look up. A value nearly every event carries (detail-type)
 * selects nearly everything: a tested leaf elsewhere is a better anchor than that. Among the rest, the fewer
 * events that satisfy the leaf, the better.
 */
function anchorCost({ path, leaf }: Requirement): number {
  const common = pathCommonness(path);
  const looked = common === 50 ? 150 : common;
  if (leaf.index !== null) return looked + (leaf.index.prefixes.length + leaf.index.suffixes.length > 0 ? 1 : 0);
  if (leaf.foldedIndex !== null) return looked + 1;
  return 100 + common + (leaf.broad ? 8 : 4);
}

/** The order a candidate checks its other leaves in: the ones likeliest to fail first. */
function checkCost({ path, leaf }: Requirement): number {
  return pathCommonness(path) + (leaf.broad ? 8 : leaf.index !== null || leaf.foldedIndex !== null ? 0 : 4);
}

/** The leaves a sub-rule cannot match without, found through its fields (not through "$or" kept in place). */
function requirements(root: ObjectMatcher, prefix: readonly string[] = [], out: Requirement[] = []): Requirement[] {
  for (const field of root.fields) {
    const path = [...prefix, field.key];
    if (field.leaf !== null && field.leaf.positive && !field.leaf.absentOk) out.push({ path, leaf: field.leaf });
    if (field.obj !== null) requirements(field.obj, path, out);
  }
  return out;
}

/**
 * Entries grouped by the first leaf each checks after its anchor, flattened as [test, count, ...entries] per group
 * (test -1: nothing to check): when a shared leaf fails, its whole group is passed over with one test.
 */
type Runs = Int32Array;

function toRuns(entries: readonly number[], entryTests: readonly Int32Array[]): Runs {
  const groups = new Map<number, number[]>();
  for (const entry of entries) {
    const tests = entryTests[entry] as Int32Array;
    const first = tests.length > 0 ? (tests[0] as number) : -1;
    const group = groups.get(first);
    if (group === undefined) groups.set(first, [entry]);
    else group.push(entry);
  }
  const flat: number[] = [];
  for (const [test, group] of groups) flat.push(test, group.length, ...group);
  return Int32Array.from(flat);
}

/**
 * Prefixes (or suffixes, read from the end) as a trie of character codes: a value is walked once, as far as some
 * key goes, and every key it passes is a hit. No substring is built, and the cost is bounded by the longest key
 * rather than by how many keys or key lengths there are.
 */
class TrieNode {
  public next: Map<number, TrieNode> | null = null;
  public runs: Runs | null = null;
}

function buildTrie(keys: Map<string, Runs>, reversed: boolean): TrieNode | null {
  if (keys.size === 0) return null;
  const root = new TrieNode();
  for (const [key, runs] of keys) {
    let node = root;
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(reversed ? key.length - 1 - i : i);
      node.next ??= new Map();
      let child = node.next.get(code);
      if (child === undefined) {
        child = new TrieNode();
        node.next.set(code, child);
      }
      node = child;
    }
    node.runs = runs;
  }
  return root;
}

/**
 * What one path's values select: strings mapped to the entries filed under them (exact values, prefixes,
 * suffixes and lower-cased values), and the tests that anchor entries there with the entries each anchors.
 */
class StringIndex {
  public readonly exact = new Map<string, number[]>();
  public readonly prefixes = new Map<string, number[]>();
  public readonly suffixes = new Map<string, number[]>();
  public readonly folded = new Map<string, number[]>();
  public exactRuns = new Map<string, Runs>();
  public prefixRuns = new Map<string, Runs>();
  public suffixRuns = new Map<string, Runs>();
  public foldedRuns = new Map<string, Runs>();
  public prefixTrie: TrieNode | null = null;
  public suffixTrie: TrieNode | null = null;
  /** Anchoring tests (test id to entries), then, sealed, their ids, leaves and runs side by side. */
  public readonly testEntries = new Map<number, number[]>();
  public tests: Int32Array = new Int32Array(0);
  public testLeaves: LeafMatcher[] = [];
  public testRuns: Runs[] = [];

  public constructor(public readonly path: EventPath) {}

  /**
   * The runs of every key the string hits (its exact value, each prefix and suffix it has, its lower case) and,
   * `tested`, of every anchoring test it passes.
   */
  public hits(value: string, tested: boolean): Runs[] {
    const found: Runs[] = [];
    const exact = this.exactRuns.size > 0 ? this.exactRuns.get(value) : undefined;
    if (exact !== undefined) found.push(exact);
    let node = this.prefixTrie;
    for (let i = 0; node !== null; i++) {
      if (node.runs !== null) found.push(node.runs);
      node = i < value.length && node.next !== null ? (node.next.get(value.charCodeAt(i)) ?? null) : null;
    }
    node = this.suffixTrie;
    for (let i = value.length - 1; node !== null; i--) {
      if (node.runs !== null) found.push(node.runs);
      node = i >= 0 && node.next !== null ? (node.next.get(value.charCodeAt(i)) ?? null) : null;
    }
    if (this.foldedRuns.size > 0) {
      const hit = this.foldedRuns.get(value.toLowerCase());
      if (hit !== undefined) found.push(hit);
    }
    const leaves = tested ? this.testLeaves : [];
    for (let i = 0; i < leaves.length; i++) if ((leaves[i] as LeafMatcher).matches(value)) found.push(this.testRuns[i] as Runs);
    return found;
  }

  public add<T>(map: Map<T, number[]>, key: T, entry: number): void {
    const list = map.get(key);
    if (list === undefined) map.set(key, [entry]);
    else if (list[list.length - 1] !== entry) list.push(entry);
  }

  public seal(entryTests: readonly Int32Array[], leaves: readonly LeafMatcher[]): void {
    const runs = (map: Map<string, number[]>): Map<string, Runs> => new Map([...map].map(([key, entries]) => [key, toRuns(entries, entryTests)]));
    this.exactRuns = runs(this.exact);
    this.prefixRuns = runs(this.prefixes);
    this.suffixRuns = runs(this.suffixes);
    this.foldedRuns = runs(this.folded);
    this.prefixTrie = buildTrie(this.prefixRuns, false);
    this.suffixTrie = buildTrie(this.suffixRuns, true);
    this.tests = Int32Array.from(this.testEntries.keys());
    this.testLeaves = [...this.testEntries.keys()].map((test) => leaves[test] as LeafMatcher);
    this.testRuns = [...this.testEntries.values()].map((entries) => toRuns(entries, entryTests));
  }
}

/**
 * Many patterns matched together, at a cost per event that does not grow with the patterns that cannot match it.
 *
 * Every sub-rule (a pattern with its "$or" expanded) is filed under one anchor: the most selective leaf it
 * requires. Exact strings, case-sensitive prefixes and suffixes and ASCII equals-ignore-case values are looked up
 * in hash maps keyed by the event's own values (one lookup per distinct prefix or suffix length); other leaves
 * (cidr, numeric, wildcard, exists, anything-but) are tested once per event however many sub-rules share them,
 * and only the sub-rules of the leaves that held go on. A candidate then checks every other leaf it requires
 * against per-event results shared by all patterns (each distinct leaf at each path tested at most once), and
 * only a candidate that passes them all is matched in full, which keeps every rule of the exact semantics
 * (array consistency, exists:false, "$or"). Indexing only ever rules out sub-rules that cannot match.
 *
 * Per event, each path is read once (from its parent path's values), and where it holds one short string, what
 * the index and each test at that path said of that string before is remembered (ValueMemo): a leaf's verdict on
 * a string depends on nothing else, so a repeated value costs a hash lookup and byte reads.
 */
export class PatternSet<K> {
  public readonly size: number;
  private readonly keys: K[] = [];
  private readonly patterns: CompiledPattern[] = [];
  /** Patterns that are not ours to look into: tried on every event. */
  private readonly opaque: number[] = [];

  private readonly paths: EventPath[] = [];
  private readonly pathIds = new Map<string, EventPath>();
  private readonly indexes: StringIndex[] = [];
  private readonly indexByPath = new Map<EventPath, StringIndex>();

  /** Distinct (path, leaf) tests, by test id. */
  private readonly tests: LeafTest[] = [];
  private readonly testIds = new Map<string, number>();

  /** Entries: one sub-rule each, with its pattern and the tests it requires besides its anchor. */
  private readonly entryPattern: number[] = [];
  private readonly entryRoot: ObjectMatcher[] = [];
  private readonly entryTests: Int32Array[] = [];
  /**
   * Whether the entry's anchor and tests are its whole sub-rule (every leaf required, nothing in place of "$or",
   * an anchor the index decides exactly). Then passing them is matching it, unless the event reaches one of its
   * paths through an array: only there can two leaves be satisfied by different elements, which array
   * consistency forbids, so only there is the sub-rule evaluated in full.
   */
  private readonly entrySure: boolean[] = [];
  /** The entry's paths deeper than one key, the only ones that can pass through an event array. */
  private readonly entryDeepPaths: EventPath[][] = [];
  /** Sub-rules that require no value anywhere (only exists:false, say): candidates for every event. */
  private readonly unanchored: number[] = [];
  private unanchoredRuns: Runs = new Int32Array(0);

  // Per-event scratch, stamped with an epoch instead of cleared.
  private epoch = 0;
  private readonly entryStamps: Uint32Array;
  private readonly patternStamps: Uint32Array;
  private readonly candidates: number[] = [];
  private readonly matched: number[] = [];
  private event: object = {};

  public constructor(entries: Iterable<readonly [K, EventPattern | CompiledPattern]>) {
    for (const [key, pattern] of entries) {
      const index = this.patterns.length;
      const compiled = isCompiled(pattern) ? pattern : compilePattern(pattern);
      this.keys.push(key);
      this.patterns.push(compiled);
      if (compiled instanceof CompiledEventPattern) for (const root of compiled.roots) this.file(index, root);
      else this.opaque.push(index);
    }
    for (const index of this.indexes) index.seal(this.entryTests, this.tests.map((test) => test.leaf));
    this.unanchoredRuns = toRuns(this.unanchored, this.entryTests);
    this.size = this.patterns.length;
    for (const path of this.paths) if (path.slots > 1 || this.indexByPath.has(path)) path.memo = new ValueMemo(path.slots);
    this.entryStamps = new Uint32Array(this.entryRoot.length);
    this.patternStamps = new Uint32Array(this.size);
  }

  private path(keys: readonly string[]): EventPath {
    const name = JSON.stringify(keys);
    let path = this.pathIds.get(name);
    if (path === undefined) {
      const parent = keys.length > 1 ? this.path(keys.slice(0, -1)) : null;
      path = new EventPath(this.paths.length, keys, parent);
      this.paths.push(path);
      this.pathIds.set(name, path);
    }
    return path;
  }

  private test({ path, leaf }: Requirement): number {
    const eventPath = this.path(path);
    const name = `${eventPath.id}\u0000${leaf.key}`;
    let id = this.testIds.get(name);
    if (id === undefined) {
      id = this.tests.length;
      this.tests.push(new LeafTest(eventPath, eventPath.slots++, leaf));
      this.testIds.set(name, id);
    }
    return id;
  }

  private stringIndex(path: EventPath): StringIndex {
    let index = this.indexByPath.get(path);
    if (index === undefined) {
      index = new StringIndex(path);
      this.indexes.push(index);
      this.indexByPath.set(path, index);
    }
    return index;
  }

  /** Files one sub-rule of pattern `pattern` under its anchor. */
  private file(pattern: number, root: ObjectMatcher): void {
    const entry = this.entryRoot.length;
    // Costs computed once per requirement, not in every comparison (each joins the path).
    const found = requirements(root);
    const anchorCosts = new Map(found.map((r) => [r, anchorCost(r)]));
    const required = found.sort((a, b) => (anchorCosts.get(a) as number) - (anchorCosts.get(b) as number));
    this.entryPattern.push(pattern);
    this.entryRoot.push(root);
    const anchor = required[0];
    // A candidate stops at the first leaf that fails: the likeliest to fail go first.
    const rest = required.slice(1);
    const checkCosts = new Map(rest.map((r) => [r, checkCost(r)]));
    const others = rest.sort((a, b) => (checkCosts.get(a) as number) - (checkCosts.get(b) as number));
    this.entryTests.push(Int32Array.from(others, (r) => this.test(r)));
    const leaves = root.leaves();
    this.entrySure.push(
      anchor !== undefined &&
        (anchor.leaf.index !== null || anchor.leaf.foldedIndex === null) &&
        leaves.length === required.length &&
        !root.hasOrs(),
    );
    this.entryDeepPaths.push(required.filter((r) => r.path.length > 1).map((r) => this.path(r.path)));
    if (anchor === undefined) {
      this.unanchored.push(entry);
    } else if (anchor.leaf.index !== null || anchor.leaf.foldedIndex !== null) {
      const index = this.stringIndex(this.path(anchor.path));
      const keys = anchor.leaf.index;
      if (keys !== null) {
        for (const value of keys.exact) index.add(index.exact, value, entry);
        for (const value of keys.prefixes) index.add(index.prefixes, value, entry);
        for (const value of keys.suffixes) index.add(index.suffixes, value, entry);
      } else {
        for (const value of anchor.leaf.foldedIndex as readonly string[]) index.add(index.folded, value, entry);
      }
    } else {
      const index = this.stringIndex(this.path(anchor.path));
      index.add(index.testEntries, this.test(anchor), entry);
    }
  }

  /** Keys of every pattern that matches `event`, in insertion order. */
  public match(event: unknown): K[] {
    const matched = this.matched;
    matched.length = 0;
    if (++this.epoch === 0xffffffff) {
      for (const path of this.paths) path.stamp = path.rowStamp = 0;
      for (const test of this.tests) test.stamp = 0;
      this.entryStamps.fill(0);
      this.patternStamps.fill(0);
      this.epoch = 1;
    }
    // An event pattern only ever matches an object; patterns of other kinds decide for themselves.
    if (event !== null && typeof event === 'object' && !Array.isArray(event)) this.matchObject(event);
    for (const index of this.opaque) if ((this.patterns[index] as CompiledPattern).matches(event)) matched.push(index);
    // Back into the patterns' order: a few matches, mostly in order already, sort faster by insertion than
    // through a comparator.
    for (let i = 1; i < matched.length; i++) {
      const m = matched[i] as number;
      let j = i - 1;
      for (; j >= 0 && (matched[j] as number) > m; j--) matched[j + 1] = matched[j] as number;
      matched[j + 1] = m;
    }
    const keys: K[] = [];
    for (let i = 0; i < matched.length; i++) keys.push(this.keys[matched[i] as number] as K);
    return keys;
  }

  private matchObject(event: object): void {
    const candidates = this.candidates;
    candidates.length = 0;
    this.event = event;
    const indexes = this.indexes;
    for (let i = 0; i < indexes.length; i++) {
      const index = indexes[i] as StringIndex;
      const path = index.path;
      const count = this.valuesAt(event, path);
      const values = path.values;
      const known = count === 1 ? this.known(path, values[0]) : null;
      if (known !== null) {
        known.hits ??= index.hits(values[0] as string, true);
        const hits = known.hits;
        for (let h = 0; h < hits.length; h++) this.push(hits[h] as Runs);
      } else if (count > 0) {
        for (let v = 0; v < count; v++) this.lookup(index, values[v]);
        const tests = index.tests;
        for (let t = 0; t < tests.length; t++) if (this.passes(event, tests[t] as number)) this.push(index.testRuns[t] as Runs);
      }
    }
    this.push(this.unanchoredRuns);

    const epoch = this.epoch;
    for (let c = 0; c < candidates.length; c++) {
      const entry = candidates[c] as number;
      const pattern = this.entryPattern[entry] as number;
      if (this.patternStamps[pattern] === epoch) continue;
      const tests = this.entryTests[entry] as Int32Array;
      let ok = true;
      for (let t = 0; t < tests.length && ok; t++) ok = this.passes(event, tests[t] as number);
      if (ok && (this.sure(entry) || (this.entryRoot[entry] as ObjectMatcher).matchFields(event))) {
        this.patternStamps[pattern] = epoch;
        this.matched.push(pattern);
      }
    }
  }

  /** Whether an entry whose anchor and tests all held matches without a full evaluation (see entrySure). */
  private sure(entry: number): boolean {
    if (!(this.entrySure[entry] as boolean)) return false;
    const deep = this.entryDeepPaths[entry] as EventPath[];
    for (let i = 0; i < deep.length; i++) if ((deep[i] as EventPath).through) return false;
    return true;
  }

  /** Adds the entries of every group whose shared first leaf holds. */
  private push(runs: Runs): void {
    const stamps = this.entryStamps;
    const epoch = this.epoch;
    for (let i = 0; i < runs.length; ) {
      const test = runs[i] as number;
      const count = runs[i + 1] as number;
      i += 2;
      if (test >= 0 && !this.passes(this.event, test)) {
        i += count;
        continue;
      }
      for (const end = i + count; i < end; i++) {
        const entry = runs[i] as number;
        if (stamps[entry] !== epoch) {
          stamps[entry] = epoch;
          this.candidates.push(entry);
        }
      }
    }
  }

  /** Looks up every string the value holds (through arrays at any depth), as the leaf would see it. */
  private lookup(index: StringIndex, value: unknown): void {
    if (typeof value === 'string') {
      const hits = index.hits(value, false);
      for (let i = 0; i < hits.length; i++) this.push(hits[i] as Runs);
    } else if (Array.isArray(value)) {
      for (const item of value) this.lookup(index, item);
    }
  }

  /** Whether some value at the test's path satisfies its leaf; computed once per event. */
  private passes(event: object, test: number): boolean {
    const t = this.tests[test] as LeafTest;
    if (t.stamp === this.epoch) return t.result;
    const path = t.path;
    // Another test has usually read the path and its memo row this event already: checked here without a call.
    const count = path.stamp === this.epoch ? path.count : this.valuesAt(event, path);
    const values = path.values;
    const leaf = t.leaf;
    let result = false;
    const known = count !== 1 ? null : path.rowStamp === this.epoch ? path.row : this.known(path, values[0]);
    if (known !== null) {
      const row = known.row;
      const slot = t.slot;
      let said = row[slot] as number;
      if (said === 0) {
        said = leaf.matches(values[0]) ? 2 : 1;
        row[slot] = said;
      }
      result = said === 2;
    } else {
      for (let i = 0; i < count && !result; i++) result = leaf.matches(values[i]);
    }
    t.stamp = this.epoch;
    t.result = result;
    return result;
  }

  /** What the path's memo knows of its one value this event, when the path has a memo and the value is a short string. */
  private known(path: EventPath, value: unknown): Known | null {
    if (path.rowStamp === this.epoch) return path.row;
    path.rowStamp = this.epoch;
    const memo = path.memo;
    const known = memo !== null && typeof value === 'string' && value.length <= MEMO_MAX_LENGTH ? memo.known(value) : null;
    path.row = known;
    return known;
  }

  /**
   * What the event holds at the path, once per event: one value per way down through arrays, as the object
   * matchers would reach it (a missing key reaches nothing). Arrays at the end are kept for the leaf to flatten.
   * Read from the parent path's values, themselves read once per event. Returns how many values there are: they
   * are the first ones of path.values, which is overwritten rather than emptied (the length of an array set on
   * every path of every event costs more than the reads).
   */
  private valuesAt(event: object, path: EventPath): number {
    if (path.stamp === this.epoch) return path.count;
    path.stamp = this.epoch;
    const values = path.values;
    const parent = path.parent;
    let count = 0;
    let through = false;
    if (parent === null) {
      count = read(event, path, values, 0);
    } else {
      const above = this.valuesAt(event, parent);
      through = parent.through;
      if (above > 0) {
        const from = parent.values;
        const first = from[0];
        // Nearly always one object above: read it directly, without step()'s walk through arrays.
        if (above === 1 && first !== null && typeof first === 'object' && !Array.isArray(first)) {
          count = read(first, path, values, 0);
        } else {
          metArray = false;
          for (let i = 0; i < above; i++) count = step(from[i], path, values, count);
          through ||= metArray;
        }
      }
    }
    path.through = through;
    path.count = count;
    return count;
  }
}

/** Writes the object's own value at the path's last key (if any) into `out` at `n`; the new count. */
function read(object: object, path: EventPath, out: unknown[], n: number): number {
  if (path.guarded && !Object.hasOwn(object, path.key)) return n;
  const next = (object as Record<string, unknown>)[path.key];
  if (next !== undefined) out[n++] = next;
  return n;
}

/** Whether the last step() met an array on its way (before the path's last key). */
let metArray = false;

/** Writes what `value` holds at the path's last key into `out` from `n`, through arrays at any depth; the new count. */
function step(value: unknown, path: EventPath, out: unknown[], n: number): number {
  if (Array.isArray(value)) {
    metArray = true;
    for (let i = 0; i < value.length; i++) n = step(value[i], path, out, n);
    return n;
  }
  return value !== null && typeof value === 'object' ? read(value, path, out, n) : n;
}
