import { needsAllManagementEvents } from '../../lib/cloudtrail/delivery';
import { toEnvelope } from '../../lib/cloudtrail/envelope';
import { Engine } from '../../lib/engine';
import { OwnPrincipals } from '../../lib/own-principals';
import { compilePattern } from '../../lib/pattern';
import type { FindingExpectation, RuleCase, RuleDefinition } from '../../lib/rule';
import { RULES } from '../../rules';
import { RULE_CASES } from '../../rules/cases';

// Every case beside every rule, through the real matcher and engine with all rules loaded: the case says
// whether the rule's deployed pattern selects the event, what the rule finds, and which other rules fire.
const engines = new Map<string, Engine>();
const engineFor = (testCase: RuleCase): Engine => {
  const key = JSON.stringify([testCase.context?.publicPorts ?? null, testCase.context?.stage ?? null, testCase.context?.ownKeys ?? null, testCase.context?.ownPrincipals ?? null, testCase.context?.remediationSettings ?? null]);
  let engine = engines.get(key);
  if (!engine) {
    engine = new Engine({
      rules: RULES,
      ...(testCase.context?.publicPorts ? { publicPorts: testCase.context.publicPorts } : {}),
      ...(testCase.context?.stage !== undefined ? { stage: testCase.context.stage } : {}),
      ...(testCase.context?.ownKeys ? { ownKeys: testCase.context.ownKeys } : {}),
      ...(testCase.context?.ownPrincipals ? { ownPrincipals: OwnPrincipals.parse(testCase.context.ownPrincipals) } : {}),
      ...(testCase.context?.remediationSettings ? { remediationSettings: testCase.context.remediationSettings } : {}),
    });
    engines.set(key, engine);
  }
  return engine;
};

const expectFinding = (actual: ReturnType<Engine['evaluateRecord']>['findings'][number], expected: FindingExpectation) => {
  const { finding } = actual;
  if (expected.category) expect(finding.category).toBe(expected.category);
  if (expected.severity) expect(finding.severity).toBe(expected.severity);
  if (expected.resources) expect(finding.resources).toEqual(expected.resources);
  if (expected.action) expect(finding.remediation.action).toBe(expected.action);
  if (expected.params) expect(actual.remediation?.params).toEqual(expected.params);
  if (expected.notPlannedReason) {
    expect(finding.remediation.status).toBe('not-planned');
    expect(finding.remediation.reason).toContain(expected.notPlannedReason);
  }
};

const cases = RULES.flatMap((rule: RuleDefinition) =>
  (RULE_CASES[rule.id] ?? []).map((testCase) => [rule.id, testCase.name, rule, testCase] as const),
);

describe.each(RULES.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
  const pattern = compilePattern(rule.pattern);

  test.each(cases.filter(([id]) => id === rule.id).map(([, name, , testCase]) => [name, testCase] as const))(
    '%s',
    (_name, testCase) => {
      // Prepare
      const engine = engineFor(testCase);
      const delivered = !needsAllManagementEvents(testCase.record) || rule.allManagementEvents === true;

      // Act
      const selected = pattern.matches(toEnvelope(testCase.record)) && delivered;
      const evaluation = engine.evaluateRecord(testCase.record);

      // Assess
      expect(selected).toBe(testCase.matches);
      expect(evaluation.errors.map((error) => error.message)).toEqual([]);
      const own = evaluation.findings.filter((f) => f.rule.id === rule.id);
      const expected = testCase.matches ? (testCase.findings ?? []) : [];
      expect(own).toHaveLength(expected.length);
      expected.forEach((expectation, index) => expectFinding(own[index]!, expectation));
      const others = [...new Set(evaluation.findings.filter((f) => f.rule.id !== rule.id).map((f) => f.rule.id))].sort();
      expect(others).toEqual([...(testCase.alsoFiredBy ?? [])].sort());
    },
  );
});
