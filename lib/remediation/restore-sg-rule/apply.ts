import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import {
  DescribeSecurityGroupRulesCommand,
  ModifySecurityGroupRulesCommand,
  RevokeSecurityGroupIngressCommand,
  EC2Client,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from '../../aws/client-factory';
import { describeAwsError, hasErrorCode } from '../../aws/errors';
import { attemptsOf, withRetry, type RetryOptions } from '../../aws/retry';
import type { JsonObject } from '../../cloudtrail/record';
import { canonicalCidr } from '../../ec2/cidr';
import type { ApplyResult } from '../action';
import { describeRuleValues, modifyCommand, ruleShorthand, type EditedRule, type RestoreSgRuleParams } from './action';
import { RemediationError } from '../../errors';
import { failedResult, type ActionApplier, type Applier, type ApplyOptions, type ErrorCodeTables } from '../applier';
import { fromCloudTrailHistory, fromConfigHistory, type HistoryQuery } from './history';
import { isWorldOpen, ruleValuesOf, sameAccess, sourceOf, type RuleValues } from './values';

const ACTION = 'restore-sg-rule';

/**
 * Sources: EC2 API reference (ModifySecurityGroupRules, DescribeSecurityGroupRules, RevokeSecurityGroupIngress)
 * and the EC2 error code list: a rule id that no longer exists answers InvalidSecurityGroupRuleId.NotFound, a
 * deleted group InvalidGroup.NotFound; InvalidPermission.Duplicate when the values to restore already exist as
 * another rule of the group. AWS Config and CloudTrail errors never fail the revert: a history source that cannot
 * be read only means the next one is asked.
 */
const RESTORE_SG_RULE_CODES: ErrorCodeTables = {
  // Decided from DescribeSecurityGroupRules (the rule no longer has the values the event set), not from a code.
  alreadyCompliant: [],
  notApplicable: ['InvalidSecurityGroupRuleId.NotFound', 'InvalidGroup.NotFound', 'InvalidSecurityGroupID.NotFound'],
  failureHints: {
    UnauthorizedOperation:
      'the responder role may not read or change this security group rule (IAM policy, SCP or permissions boundary); the rule is still open',
    AuthFailure: 'AWS rejected the responder credentials; the rule is still open',
    'InvalidSecurityGroupRuleId.Malformed': 'EC2 rejected the rule id as malformed although params validation accepted it: a trailguard bug',
    'InvalidPermission.Malformed': 'EC2 rejected the rule definition to restore as malformed; the rule is still open',
  },
};

/** How one edited rule ended. */
type RuleOutcome = 'restored' | 'revoked' | 'already-compliant' | 'egress' | 'edited-again' | 'gone' | 'failed';

interface RuleResult {
  readonly outcome: RuleOutcome;
  /** For the alert: what trailguard did or found, in words. */
  readonly sentence: string;
  /** The command that undoes what trailguard did to this rule (only when it changed something). */
  readonly undo?: string;
  readonly facts: Readonly<Record<string, unknown>>;
  readonly attempts: number;
  readonly error?: unknown;
}

class Step {
  public attempts = 0;

  public constructor(private readonly retry?: RetryOptions) {}

  public async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      const { result, attempts } = await withRetry(send, this.retry);
      this.attempts += attempts;
      return result;
    } catch (error) {
      this.attempts += attemptsOf(error) ?? 1;
      throw error;
    }
  }
}

/** Pages of 1000 rules read at most; a group holds at most a few hundred (the quota is adjustable to 1000). */
const DESCRIBE_PAGE_LIMIT = 10;

/** Every rule of the group as EC2 has it now (both directions), paged. An unknown group has none. */
const groupRules = async (ec2: EC2Client, groupId: string, step: Step): Promise<SecurityGroupRule[]> => {
  const rules: SecurityGroupRule[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    if (++pages > DESCRIBE_PAGE_LIMIT) throw new RemediationError(ACTION, `DescribeSecurityGroupRules kept paging past ${DESCRIBE_PAGE_LIMIT * 1000} rules`);
    const page = await step.call(() =>
      ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }], MaxResults: 1000, ...(token ? { NextToken: token } : {}) })),
    );
    rules.push(...(page.SecurityGroupRules ?? []));
    token = page.NextToken;
  } while (token);
  return rules;
};

// SDK output is plain data (strings, numbers, booleans, arrays): read it like a record.
const valuesOfRule = (rule: SecurityGroupRule): RuleValues | undefined => ruleValuesOf(rule as unknown as JsonObject);

const setValues = (rule: EditedRule): RuleValues => ({
  ipProtocol: rule.ipProtocol,
  ...(rule.fromPort !== undefined ? { fromPort: rule.fromPort } : {}),
  ...(rule.toPort !== undefined ? { toPort: rule.toPort } : {}),
  // Compared with what Describe shows, which is EC2's stored form.
  ...(rule.cidrIpv4 !== undefined ? { cidrIpv4: canonicalCidr(rule.cidrIpv4) } : {}),
  ...(rule.cidrIpv6 !== undefined ? { cidrIpv6: canonicalCidr(rule.cidrIpv6) } : {}),
});

const words = (values: RuleValues): string => describeRuleValues({ ...values, source: sourceOf(values) });

const permissionsShorthand = (values: RuleValues): string => {
  const ports = values.fromPort !== undefined ? `,FromPort=${values.fromPort},ToPort=${values.toPort ?? values.fromPort}` : '';
  const source = values.cidrIpv4 !== undefined
    ? `IpRanges=[{CidrIp=${values.cidrIpv4}}]`
    : values.cidrIpv6 !== undefined
      ? `Ipv6Ranges=[{CidrIpv6=${values.cidrIpv6}}]`
      : values.prefixListId !== undefined
        ? `PrefixListIds=[{PrefixListId=${values.prefixListId}}]`
        : `UserIdGroupPairs=[{GroupId=${values.referencedGroupId ?? ''}}]`;
  return `IpProtocol=${values.ipProtocol}${ports},${source}`;
};

/** The rule's own protocol and ports with a placeholder for the source nobody recorded. */
const placeholderSource = (set: RuleValues): RuleValues =>
  set.cidrIpv6 !== undefined ? { ...set, cidrIpv6: '<previous IPv6 CIDR>' } : { ...set, cidrIpv4: '<previous CIDR>' };

const authorizeCommand = (region: string, groupId: string, values: RuleValues): string =>
  `aws ec2 authorize-security-group-ingress --region ${region} --group-id ${groupId} --ip-permissions ${permissionsShorthand(values)}`;

/** All-traffic rules carry -1/-1 ports, as EC2 itself reports them (Config omits them; some EC2 versions require them). */
const toRequest = (values: RuleValues) => ({
  IpProtocol: values.ipProtocol,
  ...(values.fromPort !== undefined ? { FromPort: values.fromPort } : values.ipProtocol === '-1' ? { FromPort: -1 } : {}),
  ...(values.toPort !== undefined ? { ToPort: values.toPort } : values.ipProtocol === '-1' ? { ToPort: -1 } : {}),
  ...(values.cidrIpv4 !== undefined ? { CidrIpv4: values.cidrIpv4 } : {}),
  ...(values.cidrIpv6 !== undefined ? { CidrIpv6: values.cidrIpv6 } : {}),
  ...(values.prefixListId !== undefined ? { PrefixListId: values.prefixListId } : {}),
  ...(values.referencedGroupId !== undefined ? { ReferencedGroupId: values.referencedGroupId } : {}),
  ...(values.description !== undefined ? { Description: values.description } : {}),
});

const errorFacts = (error: unknown): Record<string, unknown> => {
  const { errorCode, requestId } = describeAwsError(error);
  return { errorCode, ...(requestId ? { requestId } : {}) };
};

/** Revokes the edited rule by id: exactly that rule, never a sibling with the same values. */
const revokeRule = async (ec2: EC2Client, params: RestoreSgRuleParams, ruleId: string, step: Step): Promise<Record<string, unknown>> => {
  const output = await step.call(() =>
    ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: params.groupId, SecurityGroupRuleIds: [ruleId] })),
  );
  if (output.Return === false) throw Object.assign(new Error('EC2 answered Return=false without an error'), { name: 'UnexpectedResponse' });
  return { call: 'ec2:RevokeSecurityGroupIngress', ...(output.$metadata?.requestId ? { requestId: output.$metadata.requestId } : {}) };
};

interface Context {
  readonly ec2: EC2Client;
  readonly clients: AwsClients;
  readonly params: RestoreSgRuleParams;
  readonly rules: readonly SecurityGroupRule[];
  readonly retry?: RetryOptions;
}

/** `learned` collects what is known so far, so a failure later on still reports it. */
const restoreOne = async (context: Context, edited: EditedRule, step: Step, learned: Record<string, unknown>): Promise<RuleResult> => {
  const { ec2, params, retry } = context;
  const ruleId = edited.securityGroupRuleId;
  const base = { securityGroupRuleId: ruleId };
  const set = setValues(edited);
  const redo = modifyCommand(params.region, params.groupId, ruleId, edited);

  const rule = context.rules.find((candidate) => candidate.SecurityGroupRuleId === ruleId);
  if (!rule) {
    return { outcome: 'gone', sentence: `rule ${ruleId} no longer exists in ${params.groupId}: nothing to revert`, facts: { ...base, result: 'gone' }, attempts: 0 };
  }
  const current = valuesOfRule(rule);
  if (rule.IsEgress === true) {
    return {
      outcome: 'egress',
      sentence:
        `rule ${ruleId} is an outbound (egress) rule: the edit lets the group's instances connect out on ${words(set).replace(' from ', ' to ')}; ` +
        'it opens nothing to connections from the internet, so it is not a world-open ingress rule',
      facts: { ...base, result: 'egress', direction: 'egress' },
      attempts: 0,
    };
  }
  if (!current || !sameAccess(current, set)) {
    const now = current ? words(current) : 'values EC2 did not report';
    const open = current !== undefined && isWorldOpen(current);
    return {
      outcome: open ? 'edited-again' : 'already-compliant',
      sentence: open
        ? `rule ${ruleId} was edited again after this event and is now ${now}, still open to the world: trailguard did not overwrite that later edit, which CloudTrail records as an event of its own`
        : `rule ${ruleId} no longer has the values the event set; it is now ${now}`,
      facts: { ...base, result: open ? 'edited-again' : 'already-compliant', current: now },
      attempts: 0,
    };
  }

  const query: HistoryQuery = {
    groupId: params.groupId,
    ruleId,
    egress: false,
    before: new Date(params.eventTime),
    eventId: params.eventId,
    siblings: context.rules
      .filter((other) => other.SecurityGroupRuleId !== ruleId && other.IsEgress !== true)
      .flatMap((other) => valuesOfRule(other) ?? []),
  };
  const fromConfig = await fromConfigHistory(context.clients.config(params.region), query, retry);
  // CloudTrail is read even when Config answers: it names the rule by id, and an event that set the rule after
  // Config's snapshot (Config captures changes minutes later, or daily) means the snapshot is not the rule's state
  // just before the edit.
  const fromTrail = await fromCloudTrailHistory(context.clients.cloudtrail(params.region), query, retry);
  const configStale = fromConfig.found && fromTrail.found && fromTrail.asOf > fromConfig.asOf;
  const answer = fromConfig.found && !configStale
    ? { ...fromConfig, source: 'AWS Config' }
    : fromTrail.found
      ? { ...fromTrail, source: 'CloudTrail' }
      : undefined;
  const history = {
    configHistory: !fromConfig.found
      ? fromConfig.why
      : configStale
        ? 'not used: a CloudTrail event set the rule after the configuration item was captured'
        : 'used',
    cloudTrailHistory: !fromTrail.found ? fromTrail.why : answer?.source === 'CloudTrail' ? 'used' : "not used: AWS Config's item is more recent",
  };
  Object.assign(learned, history, answer ? { previous: ruleShorthand(answer.values), previousFrom: answer.source } : {});

  if (answer && !isWorldOpen(answer.values)) {
    const previous = answer.values;
    try {
      const output = await step.call(() =>
        ec2.send(
          new ModifySecurityGroupRulesCommand({
            GroupId: params.groupId,
            SecurityGroupRules: [{ SecurityGroupRuleId: ruleId, SecurityGroupRule: toRequest(previous) }],
          }),
        ),
      );
      if (output.Return === false) throw Object.assign(new Error('EC2 answered Return=false without an error'), { name: 'UnexpectedResponse' });
      return {
        outcome: 'restored',
        sentence: `restored rule ${ruleId} from ${words(set)} back to ${words(previous)}, its values before the edit according to ${answer.source}`,
        undo: redo,
        facts: {
          ...base,
          result: 'restored',
          call: 'ec2:ModifySecurityGroupRules',
          restoredFrom: answer.source,
          previous: ruleShorthand(previous),
          ...answer.facts,
          ...history,
          ...(output.$metadata?.requestId ? { requestId: output.$metadata.requestId } : {}),
        },
        attempts: step.attempts,
      };
    } catch (error) {
      if (!hasErrorCode(error, ['InvalidPermission.Duplicate'])) throw error;
      // The previous access exists as another rule already: removing the edited one restores the previous state.
      const facts = await revokeRule(ec2, params, ruleId, step);
      return {
        outcome: 'revoked',
        sentence:
          `revoked rule ${ruleId} (${words(set)}): its values before the edit (${words(previous)}, according to ${answer.source}) ` +
          'already exist as another rule of the group, so that access is kept',
        undo: authorizeCommand(params.region, params.groupId, set),
        facts: { ...base, result: 'revoked', previous: ruleShorthand(previous), restoredFrom: answer.source, duplicateOf: 'an existing rule', ...facts, ...history },
        attempts: step.attempts,
      };
    }
  }

  const why = answer
    ? `its values before the edit (${words(answer.values)}, according to ${answer.source}) were open to the world too`
    : `its values before the edit could not be learned (${[fromConfig.found ? '' : fromConfig.why, fromTrail.found ? '' : fromTrail.why].filter(Boolean).join('; ')})`;
  const facts = await revokeRule(ec2, params, ruleId, step);
  const described = current.description ? `, description "${current.description.slice(0, 100)}"` : '';
  return {
    outcome: 'revoked',
    sentence:
      `revoked rule ${ruleId} (${words(set)}${described}) because ${why}. LOST with it: the access the rule gave before ` +
      `the edit${answer ? ` (${words(answer.values)})` : ''}. To give that access back, re-add the rule with the source it had: ` +
      authorizeCommand(params.region, params.groupId, { ...set, ...placeholderSource(set) }),
    undo: authorizeCommand(params.region, params.groupId, set),
    facts: {
      ...base,
      result: 'revoked',
      lost: answer ? `the rule's values before the edit: ${ruleShorthand(answer.values)}` : "the rule's values before the edit (unknown)",
      ...facts,
      ...history,
    },
    attempts: step.attempts,
  };
};

/** One rule's revert; never throws. */
const settle = async (context: Context, edited: EditedRule): Promise<RuleResult> => {
  const step = new Step(context.retry);
  const learned: Record<string, unknown> = {};
  try {
    return await restoreOne(context, edited, step, learned);
  } catch (error) {
    const facts = { securityGroupRuleId: edited.securityGroupRuleId, ...learned, ...errorFacts(error) };
    const attempts = step.attempts;
    if (hasErrorCode(error, RESTORE_SG_RULE_CODES.notApplicable)) {
      return { outcome: 'gone', sentence: `rule ${edited.securityGroupRuleId} or its group no longer exists: nothing to revert`, facts: { ...facts, result: 'gone' }, attempts };
    }
    return { outcome: 'failed', sentence: `could not revert rule ${edited.securityGroupRuleId}`, facts: { ...facts, result: 'failed' }, attempts, error };
  }
};

const OUTCOME_OF: Readonly<Record<RuleOutcome, ApplyResult['outcome']>> = {
  restored: 'applied',
  revoked: 'applied',
  failed: 'failed',
  'already-compliant': 'already-compliant',
  egress: 'not-applicable',
  'edited-again': 'not-applicable',
  gone: 'not-applicable',
};

/** Most telling first: a failure outranks a change, which outranks "nothing to do". */
const RANK: readonly ApplyResult['outcome'][] = ['failed', 'applied', 'not-applicable', 'already-compliant'];

/**
 * Reverts each world-open edit of one ModifySecurityGroupRules event exactly: reads the rule (direction, current
 * values); leaves egress rules and rules edited again since alone; else puts the rule back to its values before
 * the edit, learned from AWS Config, else CloudTrail; else revokes it and says what was lost.
 */
const applyRestoreSgRule: Applier<RestoreSgRuleParams> = async (params, clients, options: ApplyOptions = {}) => {
  const detail = { region: params.region, groupId: params.groupId };
  const step = new Step(options.retry);
  let rules: SecurityGroupRule[];
  let ec2: EC2Client;
  try {
    ec2 = clients.ec2(params.region);
    rules = await groupRules(ec2, params.groupId, step);
  } catch (error) {
    if (hasErrorCode(error, RESTORE_SG_RULE_CODES.notApplicable)) {
      return { outcome: 'not-applicable', detail: { ...detail, ...errorFacts(error), attempts: step.attempts, reason: 'the security group no longer exists' } };
    }
    return failedResult(ACTION, { ...detail, call: 'ec2:DescribeSecurityGroupRules' }, error, RESTORE_SG_RULE_CODES.failureHints);
  }
  if (rules.length === 0) {
    // EC2 answers an unknown group id in a filter with no rules, not an error; every group has at least its rules
    // or is gone.
    return { outcome: 'not-applicable', detail: { ...detail, attempts: step.attempts, reason: 'the security group no longer exists or has no rules left' } };
  }
  const context: Context = { ec2, clients, params, rules, ...(options.retry ? { retry: options.retry } : {}) };
  const results: RuleResult[] = [];
  for (const edited of params.rules) results.push(await settle(context, edited));

  const outcome = results.map((result) => OUTCOME_OF[result.outcome]).sort((a, b) => RANK.indexOf(a) - RANK.indexOf(b))[0]!;
  const summary = {
    ...detail,
    rules: results.map((result) => result.facts),
    attempts: results.reduce((sum, result) => sum + result.attempts, step.attempts),
  };
  const did = results.map((result) => result.sentence).join('; ');
  const undos = results.flatMap((result) => result.undo ?? []);
  const undo = undos.length > 0 ? `If the edit was legitimate, add an exception for it, then redo it: ${undos.join(' ; ')}` : undefined;
  const failed = results.find((result) => result.outcome === 'failed');
  // Nothing changed and nothing failed: there is nothing to undo, and no hypothetical undo to offer either.
  const extra = { did, ...(undo ? { undo } : failed ? {} : { undo: '' }) };
  if (failed) return { ...failedResult(ACTION, summary, failed.error, RESTORE_SG_RULE_CODES.failureHints), ...extra };
  const reason = outcome === 'applied' ? {} : { reason: did };
  return { outcome, detail: { ...summary, ...reason }, ...extra };
};

export const restoreSgRuleApplier: ActionApplier<RestoreSgRuleParams> = { id: 'restore-sg-rule', clients: { ec2: EC2Client, cloudtrail: CloudTrailClient, config: ConfigServiceClient }, codes: RESTORE_SG_RULE_CODES, apply: applyRestoreSgRule };
