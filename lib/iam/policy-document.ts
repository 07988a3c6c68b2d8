import { isObject, items } from '../cloudtrail/record';

/*
 * IAM policy documents (identity, trust and resource policies) as CloudTrail records them: IAM writes documents as
 * JSON strings (older records and some SDKs URL-encoded), S3 as parsed objects, hand-edited history as either.
 */

const MAX_DOCUMENT = 131_072;

/** A policy document from an object, a JSON string or a URL-encoded JSON string; undefined when it is none. */
export const parsePolicyDocument = (value: unknown): Record<string, unknown> | undefined => {
  if (isObject(value)) return value;
  if (typeof value !== 'string' || value.length > MAX_DOCUMENT) return undefined;
  let source = value.trim();
  if (source.startsWith('%7B') || source.startsWith('%7b')) {
    try {
      source = decodeURIComponent(source.replace(/\+/g, ' '));
    } catch {
      return undefined;
    }
  }
  try {
    const parsed: unknown = JSON.parse(source);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
};

/** A policy element that may be one value or a list of them. */
export const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** An Allow statement for every action on every resource with no condition: full administrator rights. */
export const grantsFullAdmin = (document: Record<string, unknown> | undefined): boolean =>
  items(document?.Statement).some(
    (statement) =>
      statement.Effect === 'Allow' &&
      listOf(statement.Action).includes('*') &&
      listOf(statement.Resource).includes('*') &&
      statement.Condition === undefined,
  );
