import { toEnvelope } from '../../lib/cloudtrail/envelope';
import { compilePattern, PatternSet, SourceGatedPatternSet } from '../../lib/pattern';
import { requiredSources } from '../../lib/pattern/source-gated-set';
import { RULES } from '../../rules';
import { RULE_CASES } from '../../rules/cases';
import { generators, random } from './support/random-patterns';

// The Lambda functions' matcher (Engine patternMatching 'on-first-use'): patterns compiled when an event could
// first match them. It must answer exactly as the indexed PatternSet replay uses.
describe('SourceGatedPatternSet', () => {
  test('compiles a pattern only when an event could first match it', () => {
    // Prepare: two patterns that do not compile, one per source the events below never have
    const set = new SourceGatedPatternSet<string>([
      ['ec2', { source: ['aws.ec2'], detail: { eventName: ['RunInstances'] } }],
      ['broken-s3', { source: ['aws.s3'], detail: { eventName: [{ prefix: 7 }] } }],
      ['any-source', { detail: { errorCode: [{ exists: true }] } }],
      ['ec2-or-iam', { source: ['aws.iam', 'aws.ec2'] }],
      ['broken-sns', { source: ['aws.sns'], detail: { eventName: [{ numeric: ['>'] }] } }],
    ]);

    // Act
    const keys = set.match({ source: 'aws.ec2', detail: { eventName: 'RunInstances' } });
    const again = set.match({ source: 'aws.ec2', detail: { eventName: 'StopInstances', errorCode: 'AccessDenied' } });
    const iam = set.match({ source: 'aws.iam' });

    // Assess
    expect(keys).toEqual(['ec2', 'ec2-or-iam']);
    expect(again).toEqual(['any-source', 'ec2-or-iam']);
    expect(iam).toEqual(['ec2-or-iam']);
    expect(() => set.match({ source: 'aws.s3' })).toThrow(/prefix/);
    expect(() => set.match({ source: ['aws.ec2'] })).toThrow(/prefix/);
  });

  test('gates only on a top-level source list of plain strings', () => {
    // Act
    const gates = [
      { source: ['aws.ec2', 'aws.s3'] },
      { source: [{ prefix: 'aws.' }] },
      { source: ['aws.ec2', { prefix: 'aws.' }] },
      { source: [] },
      { source: 'aws.ec2' },
      { detail: { source: ['aws.ec2'] } },
      { $or: [{ source: ['aws.ec2'] }, { source: ['aws.s3'] }] },
      { source: ['aws.s3'], $or: [{ source: ['aws.iam'] }, { detail: { eventName: ['PutBucketPolicy'] } }] },
    ].map((pattern) => {
      const sources = requiredSources(pattern);
      return sources === undefined ? undefined : [...sources];
    });

    // Assess
    expect(gates).toEqual([['aws.ec2', 'aws.s3'], undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  test('a top-level "$or" branch naming a source replaces the outer one, as in event-ruler', () => {
    // Prepare
    const set = new SourceGatedPatternSet<string>([['s3-or-iam', { source: ['aws.s3'], $or: [{ source: ['aws.iam'] }, { detail: { eventName: ['PutBucketPolicy'] } }] }]]);

    // Act
    const iam = set.match({ source: 'aws.iam', detail: { eventName: 'CreateUser' } });
    const s3 = set.match({ source: 'aws.s3', detail: { eventName: 'PutBucketPolicy' } });
    const neither = set.match({ source: 'aws.ec2', detail: { eventName: 'PutBucketPolicy' } });

    // Assess
    expect(iam).toEqual(['s3-or-iam']);
    expect(s3).toEqual(['s3-or-iam']);
    expect(neither).toEqual([]);
  });

  test('tries every pattern when the event source is not one string', () => {
    // Prepare
    const set = new SourceGatedPatternSet<string>([
      ['ec2', { source: ['aws.ec2'] }],
      ['s3', { source: ['aws.s3'] }],
    ]);

    // Act
    const fromArray = set.match({ source: ['aws.s3', 'aws.ec2'] });
    const fromMissing = set.match({ detail: {} });
    const fromNumber = set.match({ source: 7 });
    const fromNonObject = set.match('aws.ec2');

    // Assess
    expect(fromArray).toEqual(['ec2', 's3']);
    expect(fromMissing).toEqual([]);
    expect(fromNumber).toEqual([]);
    expect(fromNonObject).toEqual([]);
  });

  test('returns exactly what the indexed set returns, over random patterns and events', () => {
    // Prepare
    const { pattern, event } = generators(random(20261206));
    const patterns = Array.from({ length: 400 }, pattern);
    const indexed = new PatternSet(patterns.map((p, i) => [i, p] as const));
    const gated = new SourceGatedPatternSet(patterns.map((p, i) => [i, p] as const));
    const events = Array.from({ length: 2000 }, event);

    // Act
    const mismatches = events.filter((e) => JSON.stringify(gated.match(e)) !== JSON.stringify(indexed.match(e)));
    const totalMatches = events.reduce((sum, e) => sum + gated.match(e).length, 0);

    // Assess
    expect(mismatches).toEqual([]);
    expect(totalMatches).toBeGreaterThan(events.length);
  });

  test('selects the same rules as the indexed set for every case beside every rule', () => {
    // Prepare
    const indexed = new PatternSet(RULES.map((rule) => [rule.id, compilePattern(rule.pattern)] as const));
    const gated = new SourceGatedPatternSet(RULES.map((rule) => [rule.id, rule.pattern] as const));
    const envelopes = Object.values(RULE_CASES).flatMap((cases) => (cases ?? []).map((testCase) => toEnvelope(testCase.record)));

    // Act
    const differing = envelopes.filter((envelope) => JSON.stringify(gated.match(envelope)) !== JSON.stringify(indexed.match(envelope)));
    const selected = envelopes.filter((envelope) => gated.match(envelope).length > 0).length;

    // Assess
    expect(envelopes.length).toBeGreaterThan(500);
    expect(differing).toEqual([]);
    expect(selected).toBeGreaterThan(envelopes.length / 2);
  });
});
