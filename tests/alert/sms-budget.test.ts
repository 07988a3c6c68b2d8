import { fitParts } from '../../lib/alert/fit';
import { gsm7Length } from '../../lib/alert/gsm7';
import { renderAlert } from '../../lib/alert/render';
import { SMS_GSM7_LIMIT, SMS_UCS2_LIMIT, fitSms, fitsOneSegment, smsLength, type SmsPart } from '../../lib/alert/sms';
import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import { sgOpenAlert, trailFailedAlert } from './fixtures';

const parts = (resource: string, actor: string): SmsPart[] => [
  { text: 'CRITICAL', rank: 0, required: true },
  { text: 'sg-open-ingress', before: ' ', rank: 1, required: true },
  { text: resource, before: ': ', rank: 2, min: 8, untrusted: true },
  { text: actor, before: ' by ', rank: 3, min: 4, untrusted: true },
  { text: 'REVERT FAILED', before: ' - ', rank: 4 },
  { text: '123456789012', before: ' - acct ', rank: 5, untrusted: true },
];

describe('SMS budget', () => {
  test('a realistic alert is one GSM-7 segment with every part', () => {
    // Act
    const sms = renderAlert(sgOpenAlert('applied')).bodies.sms;

    // Assess
    expect(sms).toBe('CRITICAL sg-open-ingress: sg-29506e1bccd94d39a by alice - reverted - acct 123456789012 - trailguard prod');
    expect(smsLength(sms)).toEqual({ encoding: 'GSM-7', length: sms.length, limit: SMS_GSM7_LIMIT });
  });

  test('REVERT FAILED reaches the SMS', () => {
    // Act
    const sms = renderAlert(trailFailedAlert()).bodies.sms;

    // Assess
    expect(sms).toContain('REVERT FAILED');
    expect(fitsOneSegment(sms)).toBe(true);
  });

  test('truncation takes from the lowest-value part first: account, then outcome, then actor, then resource', () => {
    // Prepare
    const longActor = `${'a'.repeat(60)}-session`;
    const longResource = `sg-${'0'.repeat(100)}`;

    // Act
    const actorOverflows = fitSms(parts('sg-0abc', 'x'.repeat(150)));
    const bothOverflow = fitSms(parts(longResource, longActor));

    // Assess
    const head = 'CRITICAL sg-open-ingress: sg-0abc by ';
    expect(actorOverflows).toBe(`${head}${'x'.repeat(160 - head.length - 3)}...`);
    expect(gsm7Length(actorOverflows)).toBe(160);
    // account and outcome dropped, then the actor shortened just enough: the resource stays whole
    expect(bothOverflow).toBe(`CRITICAL sg-open-ingress: ${longResource} by ${'a'.repeat(24)}...`);
    expect(gsm7Length(bothOverflow)).toBe(160);
  });

  test('the resource is shortened only once the actor is gone', () => {
    // Act
    const sms = fitSms(parts(`sg-${'1'.repeat(200)}`, 'alice'));

    // Assess
    expect(sms).toBe(`CRITICAL sg-open-ingress: sg-${'1'.repeat(160 - 26 - 3 - 3)}...`);
    expect(sms).not.toContain(' by ');
  });

  test('low-value parts survive when the high-value ones are short', () => {
    // Act
    const sms = fitSms(parts('sg-0abc', 'alice'));

    // Assess
    expect(sms).toBe('CRITICAL sg-open-ingress: sg-0abc by alice - REVERT FAILED - acct 123456789012');
  });

  test('extension characters count double against the 160 budget', () => {
    // Act: 77 pipes are 154 septets; with the required parts the line must give way
    const sms = fitSms([
      { text: 'HIGH', rank: 0, required: true },
      { text: '|'.repeat(77), before: ' ', rank: 1, min: 4, untrusted: true },
      { text: 'dry-run', before: ' - ', rank: 2 },
    ]);

    // Assess
    expect(gsm7Length(sms)).toBeLessThanOrEqual(160);
    expect(sms.length).toBeLessThan(160);
    expect(sms.startsWith('HIGH ||||')).toBe(true);
  });

  test('accents and emoji in untrusted parts fold to GSM-7 and keep the 160 budget', () => {
    // Act
    const sms = fitSms(parts('sg-0abc', 'José 😀 “ops” naïve'));

    // Assess
    expect(sms).toBe('CRITICAL sg-open-ingress: sg-0abc by José "ops" naive - REVERT FAILED - acct 123456789012');
    expect(smsLength(sms).encoding).toBe('GSM-7');
  });

  test('a name mostly in another script falls back to UCS-2 within 70 units, dropping low-value parts', () => {
    // Act
    const sms = fitSms(parts('sg-0abc', 'Алиса Петрова'));

    // Assess
    expect(smsLength(sms).encoding).toBe('UCS-2');
    expect(sms.length).toBeLessThanOrEqual(SMS_UCS2_LIMIT);
    expect(sms).toBe('CRITICAL sg-open-ingress: sg-0abc by Алиса Петрова - REVERT FAILED');
  });

  test('a single stray non-Latin letter is not worth UCS-2: it becomes ?', () => {
    // Act
    const sms = fitSms(parts('sg-0abc', 'aliceЖ'));

    // Assess
    expect(sms).toContain('by alice?');
    expect(smsLength(sms).encoding).toBe('GSM-7');
  });

  test('if the UCS-2 part is dropped anyway, the GSM-7 version is used', () => {
    // Act
    const sms = fitSms([
      { text: 'LOW', rank: 0, required: true },
      { text: 'x'.repeat(80), before: ' ', rank: 1 },
      { text: 'Петрова', before: ' by ', rank: 2, untrusted: true },
    ]);

    // Assess
    expect(smsLength(sms).encoding).toBe('GSM-7');
    expect(sms).toBe(`LOW ${'x'.repeat(80)} by ???????`);
  });

  test('the topic display name prefix is reserved from the budget', () => {
    // Prepare: "TRAILGUARD> " is 12 characters
    const record: CloudTrailRecord = { ...sgOpenAlert('applied').record };

    // Act
    const sms = renderAlert({ ...sgOpenAlert('applied'), record }, { smsReserve: 12 }).bodies.sms;
    const longSms = fitSms(parts('sg-0abc', 'x'.repeat(150)), { reserve: 12 });

    // Assess
    expect(fitsOneSegment(sms, 12)).toBe(true);
    expect(gsm7Length(`TRAILGUARD> ${longSms}`)).toBe(160);
  });

  test('required parts that cannot fit at all are cut hard: never over budget', () => {
    // Act
    const line = fitParts([{ text: 'y'.repeat(300), rank: 0, required: true }], { budget: 160, measure: (t) => t.length, ellipsis: '...' });

    // Assess
    expect(line).toHaveLength(160);
  });
});
