import { compilePattern } from '../../lib/pattern';
import { toEnvelope } from '../../lib/cloudtrail/envelope';
import { apiCallPattern, serviceCallPattern, signInPattern, succeededCall } from '../../lib/cloudtrail/patterns';
import { apiCall, consoleSignIn } from '../support/records';

// The builders write what rules used to write by hand: the deployed JSON (key order included) must be exactly the
// hand-written pattern, and it must select what the hand-written one selected.

describe('apiCallPattern', () => {
  test('writes source, detail-type, eventSource, eventName and a success filter, then the extra fields, in that order', () => {
    // Prepare
    const handWritten = {
      source: ['aws.ec2'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: {
        eventSource: ['ec2.amazonaws.com'],
        eventName: ['RunInstances'],
        errorCode: [{ exists: false }],
        $or: [{ requestParameters: { instanceType: [{ prefix: 'p5' }] } }],
      },
    };

    // Act
    const built = apiCallPattern('ec2', ['RunInstances'], { $or: [{ requestParameters: { instanceType: [{ prefix: 'p5' }] } }] });

    // Assess
    expect(JSON.stringify(built)).toBe(JSON.stringify(handWritten));
  });

  test('selects successful calls of the named events on that service only', () => {
    // Prepare
    const pattern = compilePattern(apiCallPattern('ec2-instance-connect', ['SendSSHPublicKey']));
    const call = apiCall({ eventSource: 'ec2-instance-connect.amazonaws.com', eventName: 'SendSSHPublicKey' });

    // Act
    const verdicts = [
      pattern.matches(toEnvelope(call)),
      pattern.matches(toEnvelope({ ...call, errorCode: 'AccessDenied' })),
      pattern.matches(toEnvelope({ ...call, eventName: 'SendSerialConsoleSSHPublicKey' })),
      pattern.matches(toEnvelope({ ...call, eventSource: 'ec2.amazonaws.com' })),
    ];

    // Assess
    expect(verdicts).toEqual([true, false, false, false]);
  });

  test('gives every pattern its own success filter, so one rule cannot change another', () => {
    // Act
    const first = apiCallPattern('iam', ['CreateRole']);
    const second = apiCallPattern('iam', ['CreateRole']);

    // Assess
    const [a, b] = [first, second].map((pattern) => (pattern.detail as Record<string, unknown>).errorCode);
    expect(a).toEqual([{ exists: false }]);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
  });
});

describe('serviceCallPattern', () => {
  test('keeps the detail fields in the order written after eventSource', () => {
    // Act
    const built = serviceCallPattern('iam', { eventName: ['CreateAccessKey'], userIdentity: { type: ['Root'] }, errorCode: succeededCall() });

    // Assess
    expect(Object.keys(built)).toEqual(['source', 'detail-type', 'detail']);
    expect(Object.keys(built.detail)).toEqual(['eventSource', 'eventName', 'userIdentity', 'errorCode']);
    expect(built.source).toEqual(['aws.iam']);
    expect(built.detail.eventSource).toEqual(['iam.amazonaws.com']);
  });
});

describe('signInPattern', () => {
  test('selects console sign-ins, including records written before CloudTrail had eventType', () => {
    // Prepare
    const pattern = compilePattern(signInPattern(['ConsoleLogin'], { responseElements: { ConsoleLogin: ['Failure'] } }));
    const failure = consoleSignIn({ outcome: 'Failure' });
    const { eventType: _dropped, ...beforeEventType } = failure;

    // Act
    const verdicts = [
      pattern.matches(toEnvelope(failure)),
      pattern.matches(toEnvelope(beforeEventType)),
      pattern.matches(toEnvelope(consoleSignIn({ outcome: 'Success' }))),
    ];

    // Assess
    expect(verdicts).toEqual([true, true, false]);
  });
});
