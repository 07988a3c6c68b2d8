import { REGION_NAME } from '../../cloudtrail/record';
import { defineAction } from '../action';
import { ParamsReader } from '../params-schema';

// EventBridge rule names ([.-_A-Za-z0-9], at most 64); only trailguard's own (`trailguard-<stage>-…`) reach here.
const RULE_NAME = /^trailguard-[.\-_A-Za-z0-9]{1,53}$/;

/** A responder EventBridge rule someone disabled, in the region the event was recorded in (rules are regional). */
export interface EnableEventRuleParams {
  readonly name: string;
  readonly region: string;
  /** A central stage's organization bus (`trailguard-<stage>`); absent: the default bus. */
  readonly eventBusName?: string;
}

// The central stage's bus name (lib/organization.ts centralBusName): the service prefix and a stage name.
const BUS_NAME = /^trailguard-[A-Za-z0-9-]{1,64}$/;

export const enableEventRule = defineAction<EnableEventRuleParams>({
  id: 'enable-event-rule',
  description: 'Turn a disabled trailguard EventBridge rule back on, in the state it was deployed with',
  permissions: [
    // DescribeRule first: an enabled rule is left alone, and the deployed state decides EnableRule or PutRule.
    { action: 'events:DescribeRule', resources: ['events:responder-rule'] },
    { action: 'events:EnableRule', resources: ['events:responder-rule'] },
    // EnableRule can only set ENABLED; rules that also need read-only management events are put back with PutRule.
    { action: 'events:PutRule', resources: ['events:responder-rule'] },
  ],
  parse(params) {
    const reader = new ParamsReader('enable-event-rule', params, ['name', 'region', 'eventBusName']);
    const eventBusName = reader.optionalString('eventBusName', BUS_NAME);
    return { name: reader.string('name', RULE_NAME), region: reader.string('region', REGION_NAME), ...(eventBusName ? { eventBusName } : {}) };
  },
  plan(params) {
    return { call: 'events:EnableRule', region: params.region, rule: params.name, ...(params.eventBusName ? { eventBus: params.eventBusName } : {}) };
  },
  undo(params) {
    const bus = params.eventBusName ? ` --event-bus-name ${params.eventBusName}` : '';
    return `If disabling it was intended, add an exception for it, then: aws events disable-rule --region ${params.region} --name ${params.name}${bus}`;
  },
});
