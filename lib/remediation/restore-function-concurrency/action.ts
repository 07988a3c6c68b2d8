import { REGION_NAME } from '../../cloudtrail/record';
import { defineAction } from '../action';
import { ParamsReader } from '../params-schema';

const FUNCTION_NAME = /^trailguard-[A-Za-z0-9-_]{1,53}$/;

/** A responder function whose reserved concurrency was set to 0 (which stops every invocation). */
export interface RestoreFunctionConcurrencyParams {
  readonly functionName: string;
  readonly region: string;
}

export const restoreFunctionConcurrency = defineAction<RestoreFunctionConcurrencyParams>({
  id: 'restore-function-concurrency',
  description: 'Remove the reserved concurrency of 0 that stops a trailguard function from running',
  permissions: [
    // Read first: a function whose concurrency was changed again since (to anything but 0) is left alone.
    { action: 'lambda:GetFunctionConcurrency', resources: ['lambda:responder-function'] },
    { action: 'lambda:DeleteFunctionConcurrency', resources: ['lambda:responder-function'] },
  ],
  parse(params) {
    const reader = new ParamsReader('restore-function-concurrency', params, ['functionName', 'region']);
    return { functionName: reader.string('functionName', FUNCTION_NAME), region: reader.string('region', REGION_NAME) };
  },
  plan(params) {
    return { call: 'lambda:DeleteFunctionConcurrency', region: params.region, functionName: params.functionName };
  },
  undo(params) {
    return `trailguard functions are deployed without reserved concurrency. To stop one on purpose, add an exception, then: aws lambda put-function-concurrency --region ${params.region} --function-name ${params.functionName} --reserved-concurrent-executions 0`;
  },
});
