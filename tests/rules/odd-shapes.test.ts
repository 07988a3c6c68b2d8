import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import { ruleContext } from '../../lib/rule';
import { RULES } from '../../rules';
import { RULE_CASES } from '../../rules/cases';

// Classifiers read untrusted records: every field of every case's request and response, replaced by each JSON
// type in turn (and the whole objects nulled), must never make a rule throw.
const ODD_VALUES: readonly unknown[] = [null, 42, true, 'x', '', [], [null, 7, 'y'], {}, { items: 'not a list' }];

const variants = (record: CloudTrailRecord): CloudTrailRecord[] => {
  const out: CloudTrailRecord[] = [{ ...record, requestParameters: null, responseElements: null }, { ...record, userIdentity: {} }];
  for (const part of ['requestParameters', 'responseElements'] as const) {
    const value = record[part];
    if (value === null || value === undefined) continue;
    for (const key of Object.keys(value)) {
      for (const odd of ODD_VALUES) out.push({ ...record, [part]: { ...value, [key]: odd } });
    }
  }
  return out;
};

describe.each(RULES.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
  test('never throws on odd request and response shapes', () => {
    // Prepare
    const context = ruleContext();
    const records = (RULE_CASES[rule.id] ?? []).flatMap((c) => variants(c.record));

    // Act
    const thrown = records.flatMap((record) => {
      try {
        rule.classify(record, context);
        return [];
      } catch (error) {
        return [`${record.eventName}: ${(error as Error).message}`];
      }
    });

    // Assess
    expect(records.length).toBeGreaterThan(0);
    expect(thrown).toEqual([]);
  });
});
