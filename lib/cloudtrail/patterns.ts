import { DETAIL_TYPES, SIGN_IN_DETAIL_TYPE_AS_DOCUMENTED } from './envelope';

/*
 * Builders for the EventBridge patterns rules deploy. They write the part every CloudTrail pattern repeats
 * (EventBridge's `source` and `detail-type`, CloudTrail's `eventSource`, "the call succeeded") from one service
 * name, so `aws.<service>` and `<service>.amazonaws.com` cannot drift apart. The result is plain data, exactly
 * what a rule would write by hand: the deployed pattern and README table are generated from it byte for byte,
 * so the key order below is part of the contract (`source`, `detail-type`, `detail`; in `detail`, `eventSource`
 * first, then the fields in the order given).
 */

/** The detail-type of management API calls (eventType AwsApiCall). */
export const API_CALL = DETAIL_TYPES.AwsApiCall!;
/** The detail-type of console actions (eventType AwsConsoleAction). */
export const CONSOLE_ACTION = DETAIL_TYPES.AwsConsoleAction!;
/**
 * The detail-type console sign-ins arrive with, and the EventBridge user guide's spelling of it (./envelope
 * SIGN_IN_DETAIL_TYPE_AS_DOCUMENTED). Records written before CloudTrail had `eventType` (eventVersion 1.0 and 1.01,
 * until early 2015) get the first too: replay routes signin.amazonaws.com records without an eventType as
 * sign-ins (./envelope detailTypeOf).
 */
export const SIGN_IN_DETAIL_TYPES: readonly string[] = [DETAIL_TYPES.AwsConsoleSignIn!, SIGN_IN_DETAIL_TYPE_AS_DOCUMENTED];

/** An event-name matcher: a name, or a content filter such as `{ prefix: 'UpdateFunctionCode' }`. */
export type EventNameMatcher = string | Readonly<Record<string, unknown>>;

/** Fields of a pattern's `detail`, in the order they are to be deployed. */
export type DetailFields = Readonly<Record<string, unknown>>;

/** `errorCode` absent: CloudTrail writes it only for failed calls. A fresh array each time: patterns are data. */
export const succeededCall = (): readonly Record<string, unknown>[] => [{ exists: false }];

/**
 * Calls to one service (`ec2`, `iam`, `ec2-instance-connect`…) with `detail` as written after `eventSource`.
 * For patterns whose fields are not in apiCallPattern's order.
 */
export const serviceCallPattern = (service: string, detail: DetailFields) => ({
  source: [`aws.${service}`],
  'detail-type': [API_CALL],
  detail: { eventSource: [`${service}.amazonaws.com`], ...detail },
});

/**
 * Successful calls of the named events on one service, then `more` detail fields:
 * `{ source, detail-type, detail: { eventSource, eventName, errorCode: [{ exists: false }], ...more } }`.
 *
 * @example
 * pattern: apiCallPattern('ec2', ['DeleteFlowLogs']),
 * pattern: apiCallPattern('iam', ['CreateRole'], { requestParameters: { path: [{ prefix: '/trailguard' }] } }),
 */
export const apiCallPattern = (service: string, eventNames: readonly EventNameMatcher[], more: DetailFields = {}) =>
  serviceCallPattern(service, { eventName: [...eventNames], errorCode: succeededCall(), ...more });

/**
 * Console sign-in events of the named kinds (`ConsoleLogin`, `PasswordUpdated`…), then `more` detail fields. A
 * sign-in has no errorCode to filter on: its outcome is `responseElements.ConsoleLogin`.
 */
export const signInPattern = (eventNames: readonly string[], more: DetailFields = {}) => ({
  source: ['aws.signin'],
  'detail-type': [...SIGN_IN_DETAIL_TYPES],
  detail: { eventSource: ['signin.amazonaws.com'], eventName: [...eventNames], ...more },
});
