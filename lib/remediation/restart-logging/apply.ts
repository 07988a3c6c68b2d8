import { StartLoggingCommand, CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { describeAwsError, hasErrorCode } from '../../aws/errors';
import { attemptsOf, withRetry } from '../../aws/retry';
import type { RestartLoggingParams } from './action';
import { failedResult, type ActionApplier, type Applier, type ErrorCodeTables } from '../applier';

const ACTION = 'restart-logging';
const CALL = 'cloudtrail:StartLogging';

const ORGANIZATION_TRAIL =
  'this is an organization trail, which only the organization management account (or the CloudTrail delegated ' +
  'administrator) can start; logging is still off: start it from that account';

/**
 * Sources: CloudTrail API reference, StartLogging (errors: CloudTrailARNInvalidException, ConflictException,
 * InsufficientDependencyServiceAccessPermissionException, InvalidHomeRegionException, InvalidTrailNameException,
 * NoManagementAccountSLRExistsException, NotOrganizationMasterAccountException, OperationNotPermittedException,
 * ThrottlingException, TrailNotFoundException, UnsupportedOperationException), as modelled in
 * @aws-sdk/client-cloudtrail StartLoggingCommand.
 */
const RESTART_LOGGING_CODES: ErrorCodeTables = {
  // StartLogging on a trail that is already logging succeeds, so no error code means "already on".
  alreadyCompliant: [],
  // The trail was deleted after it was stopped (DeleteTrail raises its own finding). InvalidTrailNameException and
  // CloudTrailARNInvalidException are deliberately not here: the StopLogging that triggered this accepted the very
  // same identifier, so the trail demonstrably existed; if CloudTrail now calls it malformed, trailguard mangled
  // it, and treating that as "nothing to do" would leave logging off without anyone knowing.
  notApplicable: ['TrailNotFoundException'],
  failureHints: {
    AccessDeniedException:
      'the responder role may not call cloudtrail:StartLogging on this trail (IAM policy, SCP or permissions boundary); logging is still off',
    NotOrganizationMasterAccountException: ORGANIZATION_TRAIL,
    NotOrganizationManagementAccountException: ORGANIZATION_TRAIL,
    OrganizationNotInAllFeaturesModeException: `${ORGANIZATION_TRAIL} (and the organization does not have all features enabled)`,
    OrganizationsNotInUseException: `${ORGANIZATION_TRAIL} (but this account is not in an organization)`,
    NoManagementAccountSLRExistsException: `${ORGANIZATION_TRAIL} (and the management account has no CloudTrail service-linked role)`,
    InsufficientDependencyServiceAccessPermissionException: `${ORGANIZATION_TRAIL} (and the caller lacks the Organizations permissions it needs)`,
    InvalidHomeRegionException:
      "StartLogging must be called in the trail's home region and params.region is not it (a trailguard bug); logging is still off",
    InvalidTrailNameException:
      'CloudTrail rejected the trail name that StopLogging accepted (a trailguard bug); logging is still off',
    CloudTrailARNInvalidException:
      'CloudTrail rejected the trail ARN that StopLogging accepted (a trailguard bug); logging is still off',
    ConflictException: 'the trail is being modified by another operation; logging is still off and the event is left for retry',
  },
};

/**
 * Turns logging back on for the trail a StopLogging event named, in the trail's home region (the only region
 * where StartLogging works for a multi-region trail).
 */
const applyRestartLogging: Applier<RestartLoggingParams> = async (params, clients, options = {}) => {
  const detail = { call: CALL, region: params.region, trail: params.trail };
  try {
    const cloudtrail = clients.cloudtrail(params.region);
    const { result, attempts } = await withRetry(() => cloudtrail.send(new StartLoggingCommand({ Name: params.trail })), options.retry);
    const requestId = result.$metadata?.requestId;
    return { outcome: 'applied', detail: { ...detail, ...(requestId ? { requestId } : {}), attempts } };
  } catch (error) {
    if (hasErrorCode(error, RESTART_LOGGING_CODES.notApplicable)) {
      const { errorCode, requestId } = describeAwsError(error);
      const facts = { errorCode, ...(requestId ? { requestId } : {}), attempts: attemptsOf(error) ?? 1 };
      return { outcome: 'not-applicable', detail: { ...detail, ...facts, reason: 'the trail no longer exists' } };
    }
    return failedResult(ACTION, detail, error, RESTART_LOGGING_CODES.failureHints);
  }
};

export const restartLoggingApplier: ActionApplier<RestartLoggingParams> = { id: 'restart-logging', clients: { cloudtrail: CloudTrailClient }, codes: RESTART_LOGGING_CODES, apply: applyRestartLogging };
