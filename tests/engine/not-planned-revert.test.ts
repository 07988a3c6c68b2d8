import { Engine } from '../../lib/engine';
import { defineRule, type RuleDefinition } from '../../lib/rule';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { ec2Call } from '../support/service-records';

// A rule may say which revert it would ask for and why the stage does not allow it (FindingDraft.notPlanned):
// replay reports `not-planned` with that reason and nothing is planned; naming an action the rule does not declare
// is a rule error, the finding still goes out.
const ruleWith = (actions: RuleDefinition['actions']) =>
  defineRule({
    id: 'test.not-planned',
    title: 'test',
    description: 'test',
    category: 'flow-logs-deleted',
    severity: 'HIGH',
    status: 'active',
    pattern: apiCallPattern('ec2', ['DeleteFlowLogs']),
    ...(actions ? { actions } : {}),
    classify: () => ({ resources: ['fl-0123456789abcdef0'], summary: 'deleted', notPlanned: { action: 'deactivate-access-key', reason: 'the stage did not opt in' } }),
    references: {},
  });
const record = ec2Call('DeleteFlowLogs', { flowLogIds: ['fl-0123456789abcdef0'] });

describe('a revert the stage does not allow', () => {
  test('is reported not-planned with the rule\'s reason, and nothing is planned', () => {
    // Act
    const { findings, errors } = new Engine({ rules: [ruleWith(['deactivate-access-key'])] }).evaluateRecord(record);

    // Assess
    expect(errors).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.remediation).toBeUndefined();
    expect(findings[0]!.finding.remediation).toEqual({ action: 'deactivate-access-key', status: 'not-planned', reason: 'the stage did not opt in', detail: {} });
  });

  test('naming an action the rule does not declare is a rule error; the finding still goes out, alert only', () => {
    // Act
    const { findings, errors } = new Engine({ rules: [ruleWith(undefined)] }).evaluateRecord(record);

    // Assess
    expect(errors.map((error) => (error.cause as Error).message)).toEqual(['action deactivate-access-key is not declared by the rule']);
    expect(findings[0]!.finding.remediation).toEqual({ action: 'none', status: 'none', detail: {} });
  });
});
