import { accountOf } from '../cloudtrail/record';
import { SEVERITIES, severityRank, type Severity } from '../rule';
import { mostImportantOutcome } from './outcome';
import type { AlertInput, RenderedAlert } from './types';

type Attributes = RenderedAlert['attributes'];

// Attribute values stay in a plain token alphabet: SNS rejects empty values and needs the value to be valid
// text, and filter policies compare exact strings (quotes and backslashes would need double escaping there).
const TOKEN_UNSAFE = /[^A-Za-z0-9._:/@+=,-]/g;
const TOKEN_MAX = 256;

/** A value safe for a String attribute and for filter-policy matching; never empty. */
export const attributeToken = (value: unknown, fallback = 'unknown'): string => {
  const token = (typeof value === 'string' ? value : '').replace(TOKEN_UNSAFE, '').slice(0, TOKEN_MAX);
  return token === '' ? fallback : token;
};

/**
 * A String.Array value: a JSON array of distinct tokens. SNS matches a filter policy against String.Array
 * attributes element-wise (any element matching accepts the message), so `{"category": ["root-access-key"]}`
 * matches an alert whose categories are ["root-activity","root-access-key"].
 */
export const stringArray = (values: readonly unknown[]): string =>
  JSON.stringify([...new Set(values.map((value) => attributeToken(value)))]);

export const maxSeverity = (severities: readonly Severity[]): Severity =>
  severities.reduce<Severity>((max, severity) => (severityRank(severity) > severityRank(max) ? severity : max), SEVERITIES[0]);

/**
 * The attributes subscriptions filter on: `severity` (the SMS subscription takes smsMinSeverity and above),
 * `category` and `ruleId` (String.Array of the event's distinct values), `account`, `outcome` (the most
 * important remediation outcome, see outcome.ts). Five of SNS's ten-attribute budget for SQS raw delivery.
 */
export const alertAttributes = (input: AlertInput): Attributes => {
  const findings = input.findings.map((alert) => alert.finding);
  return {
    severity: { DataType: 'String', StringValue: maxSeverity(findings.map((finding) => finding.severity)) },
    category: { DataType: 'String.Array', StringValue: stringArray(findings.map((finding) => finding.category)) },
    ruleId: { DataType: 'String.Array', StringValue: stringArray(findings.map((finding) => finding.ruleId)) },
    account: { DataType: 'String', StringValue: attributeToken(accountOf(input.record)) },
    outcome: { DataType: 'String', StringValue: mostImportantOutcome(input.findings) },
  };
};
