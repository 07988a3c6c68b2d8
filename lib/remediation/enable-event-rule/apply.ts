import { DescribeRuleCommand, EnableRuleCommand, PutRuleCommand, RuleState, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { describeAwsError, hasErrorCode } from '../../aws/errors';
import { withRetry } from '../../aws/retry';
import type { EnableEventRuleParams } from './action';
import { failedResult, type ActionApplier, type Applier, type ErrorCodeTables } from '../applier';

const ACTION = 'enable-event-rule';

/**
 * Sources: EventBridge API reference, DescribeRule / EnableRule / PutRule (errors: ConcurrentModificationException,
 * InternalException, LimitExceededException, ManagedRuleException, ResourceNotFoundException, InvalidEventPatternException),
 * as modelled in @aws-sdk/client-eventbridge.
 */
const ENABLE_EVENT_RULE_CODES: ErrorCodeTables = {
  // Enabling an enabled rule succeeds, so no error code means "already on"; DescribeRule tells it apart first.
  alreadyCompliant: [],
  // Deleted after it was disabled (DeleteRule raises its own finding; only a redeployment brings it back).
  notApplicable: ['ResourceNotFoundException'],
  failureHints: {
    AccessDeniedException:
      'the selfProtection role may not call events:EnableRule/PutRule on this rule (IAM policy, SCP or permissions boundary); the rule is still disabled: redeploy the stack',
    ManagedRuleException: 'the rule is managed by an AWS service, so it is not trailguard\'s (a trailguard bug); nothing was changed',
    ConcurrentModificationException: 'the rule is being changed by another call; it is still disabled and the event is left for retry',
  },
};

// The description lib/deploy.ts gives every rule it deploys: `trailguard <rule id>: <title>`.
const DEPLOYED_DESCRIPTION = /^trailguard ([a-z0-9]+\.[a-z0-9-]+):/;

/**
 * The state the rule was deployed with: EnableRule only sets ENABLED, which would quietly stop read-only
 * management events reaching the rules that need them (their pattern is kept, their events would be lost).
 */
export const deployedStateOf = (description: string | undefined, allManagementEventRules: ReadonlySet<string>): RuleState => {
  const ruleId = DEPLOYED_DESCRIPTION.exec(description ?? '')?.[1];
  return ruleId !== undefined && allManagementEventRules.has(ruleId) ? RuleState.ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS : RuleState.ENABLED;
};

/** Turns a disabled trailguard rule back on, in its deployed state; an enabled one is left as it is. */
const applyEnableEventRule: Applier<EnableEventRuleParams> = async (params, clients, options = {}) => {
  const detail = { call: 'events:EnableRule', region: params.region, rule: params.name, ...(params.eventBusName ? { eventBus: params.eventBusName } : {}) };
  // A central stage's rules live on its organization bus; without a name the calls address the default bus.
  const bus = params.eventBusName ? { EventBusName: params.eventBusName } : {};
  let attempts = 0;
  try {
    const events = clients.eventbridge(params.region);
    const described = await withRetry(() => events.send(new DescribeRuleCommand({ Name: params.name, ...bus })), options.retry);
    attempts += described.attempts;
    const current = described.result.State;
    if (current !== RuleState.DISABLED) {
      return { outcome: 'already-compliant', detail: { ...detail, call: 'events:DescribeRule', state: current ?? 'unknown', attempts } };
    }
    const state = deployedStateOf(described.result.Description, options.allManagementEventRules ?? new Set());
    if (state === RuleState.ENABLED) {
      const { result, attempts: tries } = await withRetry(() => events.send(new EnableRuleCommand({ Name: params.name, ...bus })), options.retry);
      const requestId = result.$metadata?.requestId;
      return { outcome: 'applied', detail: { ...detail, state, ...(requestId ? { requestId } : {}), attempts: attempts + tries } };
    }
    // PutRule replaces the whole definition: send back exactly what DescribeRule returned, with the state.
    const { Name, EventPattern, ScheduleExpression, Description, RoleArn, EventBusName } = described.result;
    const { result, attempts: tries } = await withRetry(
      () =>
        events.send(
          new PutRuleCommand({
            Name: Name ?? params.name,
            State: state,
            ...(EventPattern ? { EventPattern } : {}),
            ...(ScheduleExpression ? { ScheduleExpression } : {}),
            ...(Description ? { Description } : {}),
            ...(RoleArn ? { RoleArn } : {}),
            ...(EventBusName ? { EventBusName } : {}),
          }),
        ),
      options.retry,
    );
    const requestId = result.$metadata?.requestId;
    return { outcome: 'applied', detail: { ...detail, call: 'events:PutRule', state, ...(requestId ? { requestId } : {}), attempts: attempts + tries } };
  } catch (error) {
    if (hasErrorCode(error, ENABLE_EVENT_RULE_CODES.notApplicable)) {
      const { errorCode, requestId } = describeAwsError(error);
      return { outcome: 'not-applicable', detail: { ...detail, errorCode, ...(requestId ? { requestId } : {}), reason: 'the rule no longer exists: redeploy the stack to recreate it' } };
    }
    return failedResult(ACTION, detail, error, ENABLE_EVENT_RULE_CODES.failureHints);
  }
};

export const enableEventRuleApplier: ActionApplier<EnableEventRuleParams> = { id: 'enable-event-rule', clients: { eventbridge: EventBridgeClient }, codes: ENABLE_EVENT_RULE_CODES, apply: applyEnableEventRule };
