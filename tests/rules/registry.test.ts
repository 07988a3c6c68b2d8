import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { needsAllManagementEvents } from '../../lib/cloudtrail/delivery';
import { toEnvelope } from '../../lib/cloudtrail/envelope';
import { compilePattern } from '../../lib/pattern';
import { ACTIONS } from '../../lib/remediation';
import { CATEGORIES, SEVERITIES, type RuleDefinition } from '../../lib/rule';
import type { ActionId } from '../../lib/remediation';
import { RULES } from '../../rules';
import { RULE_CASES } from '../../rules/cases';

// Cloud Custodian-style conformance: every unit in the registry is checked for the same promises, so adding a
// rule or an action cannot quietly skip one.
const rulesDir = join(__dirname, '..', '..', 'rules');
const ruleFilesOnDisk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? ruleFilesOnDisk(join(dir, entry.name)) : entry.name.endsWith('.rule.ts') ? [join(dir, entry.name)] : [],
  );
const idFromPath = (file: string): string => relative(rulesDir, file).replace(/\.rule\.ts$/, '').split('/').join('.');

// A check that loops over an empty list passes without asserting anything. Checks that apply to some rules only
// (remediations, Stratus references) are split by what each rule declares, and the registry test below fails if
// either side of a split is empty, so none of them can pass for every rule by examining nothing.
const actionsOf = (rule: RuleDefinition): readonly ActionId[] => rule.actions ?? [];
const remediating = RULES.filter((rule) => actionsOf(rule).length > 0);
const alertOnly = RULES.filter((rule) => actionsOf(rule).length === 0);
const stratusReferences = RULES.flatMap((rule) => (rule.references.stratus ?? []).map((id) => [rule.id, id] as const));

describe('rule registry', () => {
  test('every rule file on disk is registered, under the id its path gives', () => {
    const onDisk = ruleFilesOnDisk(rulesDir).map(idFromPath).sort();
    expect(RULES.map((rule) => rule.id).sort()).toEqual(onDisk);
  });

  test('rule ids are unique', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('every category in lib/rule.ts has at least one rule', () => {
    expect([...new Set(RULES.map((rule) => rule.category))].sort()).toEqual([...CATEGORIES].sort());
  });

  test('cases exist for exactly the registered rules', () => {
    expect(Object.keys(RULE_CASES).sort()).toEqual(RULES.map((rule) => rule.id).sort());
  });

  test('the checks split by declaration examine rules on both sides', () => {
    expect(remediating.length).toBeGreaterThan(0);
    expect(alertOnly.length).toBeGreaterThan(0);
    expect(remediating.length + alertOnly.length).toBe(RULES.length);
    expect(stratusReferences.length).toBeGreaterThan(0);
  });

  test.each(stratusReferences)('%s names Stratus Red Team technique %s by its id', (_ruleId, id) => {
    expect(id).toMatch(/^aws\.[a-z-]+\.[a-z0-9-]+$/);
  });
});

describe.each(RULES.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
  const cases = RULE_CASES[rule.id] ?? [];

  test('declares valid metadata', () => {
    expect(CATEGORIES).toContain(rule.category);
    expect(SEVERITIES).toContain(rule.severity);
    expect(['active', 'staged']).toContain(rule.status);
    expect(rule.title.length).toBeGreaterThan(0);
    expect(rule.title.length).toBeLessThanOrEqual(60);
    expect(rule.description.length).toBeGreaterThan(0);
    // A benchmark control, the attack technique it detects or the service documentation it rests on: every rule
    // says why it exists.
    const sources = [
      ...(rule.references.cis ?? []),
      ...(rule.references.securityHub ?? []),
      ...(rule.references.stratus ?? []),
      ...(rule.references.links ?? []),
    ];
    expect(sources.length).toBeGreaterThan(0);
    expect(rule.references.mitre?.length ?? 0).toBeGreaterThan(0);
  });

  test('deploys a pattern EventBridge accepts', () => {
    expect(() => compilePattern(rule.pattern)).not.toThrow();
  });

  test('has positive cases and near misses, with unique names', () => {
    const positive = cases.filter((c) => c.matches && (c.findings?.length ?? 0) > 0);
    const negative = cases.filter((c) => !c.matches || (c.findings?.length ?? 0) === 0);
    expect(positive.length).toBeGreaterThan(0);
    expect(negative.length).toBeGreaterThan(0);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  test('every positive case is selected by the rule\'s own deployed pattern', () => {
    const pattern = compilePattern(rule.pattern);
    const positives = cases.filter((c) => (c.findings?.length ?? 0) > 0);
    expect(positives.length).toBeGreaterThan(0);
    for (const c of positives) {
      const delivered = !needsAllManagementEvents(c.record) || rule.allManagementEvents === true;
      expect({ name: c.name, selected: pattern.matches(toEnvelope(c.record)) && delivered }).toEqual({ name: c.name, selected: true });
    }
  });

  const expectations = cases.flatMap((c) => (c.findings ?? []).map((expectation) => ({ name: c.name, action: expectation.action })));
  const requested = expectations.filter((e) => e.action !== undefined && e.action !== 'none');

  if (actionsOf(rule).length > 0) {
    test('requests only registered actions, which declare exact IAM permissions', () => {
      for (const actionId of actionsOf(rule)) {
        const action = ACTIONS[actionId];
        expect({ actionId, registered: action !== undefined }).toEqual({ actionId, registered: true });
        expect(action.permissions.length).toBeGreaterThan(0);
        for (const permission of action.permissions) {
          expect(permission.action).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
          expect(permission.resources.length).toBeGreaterThan(0);
        }
      }
    });

    test('its cases request every action it declares, and only those', () => {
      expect(requested.length).toBeGreaterThan(0);
      for (const { name, action } of requested) expect({ name, declared: actionsOf(rule).includes(action as ActionId) }).toEqual({ name, declared: true });
      expect([...new Set(requested.map((e) => e.action))].sort()).toEqual([...actionsOf(rule)].sort());
    });
  } else {
    test('alerts only: no case requests a remediation', () => {
      expect(expectations.length).toBeGreaterThan(0);
      expect(requested).toEqual([]);
    });
  }
});
