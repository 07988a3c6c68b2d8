import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { needsAllManagementEvents } from '../../lib/cloudtrail/delivery';
import { toEnvelope } from '../../lib/cloudtrail/envelope';
import { compilePattern } from '../../lib/pattern';
import { ACTIONS } from '../../lib/remediation';
import { CATEGORIES, SEVERITIES } from '../../lib/rule';
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
    for (const id of rule.references.stratus ?? []) expect(id).toMatch(/^aws\.[a-z-]+\.[a-z0-9-]+$/);
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
    for (const c of cases.filter((c) => (c.findings?.length ?? 0) > 0)) {
      const delivered = !needsAllManagementEvents(c.record) || rule.allManagementEvents === true;
      expect({ name: c.name, selected: pattern.matches(toEnvelope(c.record)) && delivered }).toEqual({ name: c.name, selected: true });
    }
  });

  test('requests only registered actions, which declare exact IAM permissions', () => {
    for (const actionId of rule.actions ?? []) {
      const action = ACTIONS[actionId];
      expect(action).toBeDefined();
      expect(action.permissions.length).toBeGreaterThan(0);
      for (const permission of action.permissions) {
        expect(permission.action).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
        expect(permission.resources.length).toBeGreaterThan(0);
      }
    }
  });

  test('cases that request a remediation name an action the rule declares', () => {
    for (const c of cases) {
      for (const expectation of c.findings ?? []) {
        if (expectation.action && expectation.action !== 'none') expect(rule.actions ?? []).toContain(expectation.action);
      }
    }
  });
});
