import { defineAction } from '../action';
import { ParamsReader } from '../params-schema';
import { REGION_NAME } from '../../cloudtrail/record';

// A trail name or ARN as CloudTrail allows them; it ends up in the alert's undo command, so nothing else passes.
const TRAIL = /^([A-Za-z0-9][A-Za-z0-9._-]{2,127}|arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[A-Za-z0-9][A-Za-z0-9._-]{2,127})$/;

/** The trail a StopLogging event named (name or ARN) and its home region, where StartLogging must be called. */
export interface RestartLoggingParams {
  readonly trail: string;
  readonly region: string;
}

/** A trail ARN carries its home region; a bare name lives in the region the event was recorded in. */
export const trailHomeRegion = (trail: string, eventRegion: string): string => {
  const match = /^arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):\d{12}:trail\//.exec(trail);
  return match?.[1] ?? eventRegion;
};

export const restartLogging = defineAction<RestartLoggingParams>({
  id: 'restart-logging',
  description: 'Turn logging back on for a trail that was stopped',
  // Any region: a multi-region trail's home region can differ from the function's.
  permissions: [{ action: 'cloudtrail:StartLogging', resources: ['cloudtrail:trail'] }],
  parse(params) {
    const reader = new ParamsReader('restart-logging', params, ['trail', 'region']);
    return { trail: reader.string('trail', TRAIL), region: reader.string('region', REGION_NAME) };
  },
  plan(params) {
    return { call: 'cloudtrail:StartLogging', region: params.region, trail: params.trail };
  },
  undo(params) {
    return `If the stop was intended (e.g. decommissioning), add an exception for it, then: aws cloudtrail stop-logging --region ${params.region} --name ${params.trail}`;
  },
});
