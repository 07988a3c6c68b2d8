import { randomUUID } from 'node:crypto';
import type { Template } from '../../deploy/packaged';
import { needsAllManagementEvents } from '../../../lib/cloudtrail/delivery';
import { detailTypeOf, toEnvelope, type EventBridgeEnvelope } from '../../../lib/cloudtrail/envelope';
import type { CloudTrailRecord } from '../../../lib/cloudtrail/record';
import { compilePattern, type CompiledPattern } from '../../../lib/pattern';
import type { FunctionSpec } from './lambda';

/*
 * The default event bus, as far as the packaged template configures it: each AWS::Events::Rule with its pattern
 * (matched with the project's own EventBridge matcher, lib/pattern) and state, and the functions it targets.
 * EventBridge invokes a target once per matching rule, so a record two rules match reaches their function twice,
 * with the same event id.
 */

export interface EventRule {
  readonly logicalId: string;
  readonly state: string;
  readonly pattern: CompiledPattern;
  /** serverless.yml keys of the functions the rule targets. */
  readonly functions: readonly string[];
}

export interface Delivery {
  readonly rule: string;
  readonly function: string;
}

export const eventRulesOf = (template: Template, functions: Readonly<Record<string, FunctionSpec>>): EventRule[] => {
  const byLogicalId = new Map(Object.values(functions).map((spec) => [spec.logicalId, spec.key]));
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Events::Rule')
    .map(([logicalId, resource]) => {
      const targets = (resource.Properties.Targets ?? []) as { Arn: unknown }[];
      const keys = targets.map(({ Arn }) => {
        const getAtt = (Arn as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
        const key = getAtt && getAtt[1] === 'Arn' ? byLogicalId.get(getAtt[0]) : undefined;
        if (key === undefined) throw new Error(`live suite: ${logicalId} targets ${JSON.stringify(Arn)}, which is not a function of this package`);
        return key;
      });
      return {
        logicalId,
        state: String(resource.Properties.State ?? 'ENABLED'),
        pattern: compilePattern(resource.Properties.EventPattern),
        functions: keys,
      };
    });
};

/** The envelope the default bus puts on a CloudTrail record: a fresh event id, the record as detail. */
export const envelopeOf = (record: CloudTrailRecord): EventBridgeEnvelope => {
  const detailType = detailTypeOf(record);
  if (detailType === undefined) throw new Error(`CloudTrail does not put ${String(record.eventType)} records on the bus`);
  return { ...toEnvelope(record, detailType), id: randomUUID() };
};

/** Every (rule, function) pair the bus would invoke for this envelope, in template order. */
export const deliveriesOf = (envelope: EventBridgeEnvelope, rules: readonly EventRule[]): Delivery[] => {
  const readOnlyFiltered = needsAllManagementEvents(envelope.detail);
  return rules
    .filter((rule) => rule.state.startsWith('ENABLED'))
    .filter((rule) => !readOnlyFiltered || rule.state === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS')
    .filter((rule) => rule.pattern.matches(envelope))
    .flatMap((rule) => rule.functions.map((fn) => ({ rule: rule.logicalId, function: fn })));
};
