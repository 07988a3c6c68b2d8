import type { ResponderId } from '../../functions';
import { alertWiring } from './alert';
import { securityGroupWiring } from './security-group';
import { selfProtectionWiring } from './self-protection';
import { sharingWiring } from './sharing';
import { trailWiring } from './trail';
import type { ResponderWiring } from './function-wiring';

/** Every function's wiring, by responder: for tests and the conformance check, never for a handler. */
export const WIRING: { readonly [K in ResponderId]: ResponderWiring } = {
  'security-group': securityGroupWiring,
  trail: trailWiring,
  'self-protection': selfProtectionWiring,
  sharing: sharingWiring,
  alert: alertWiring,
};

export type { ResponderWiring } from './function-wiring';
