import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRetryableError } from '../../lib/aws/retry';
import { ACTIONS } from '../../lib/remediation';
import { ALREADY_COMPLIANT_CODES, APPLIERS, FAILURE_HINTS, NOT_APPLICABLE_CODES } from '../../lib/remediation/apply';
import { ACTION_IDS } from '../../lib/rule';
import { ec2Error } from './support';

// Conformance over every action: a new action cannot land without its live half and its error-code tables.
describe('appliers registry', () => {
  test('every action has an applier, and nothing else does', () => {
    expect(Object.keys(APPLIERS).sort()).toEqual(Object.keys(ACTIONS).sort());
    expect(Object.keys(APPLIERS).sort()).toEqual([...ACTION_IDS].sort());
  });

  test.each([...ACTION_IDS])('%s declares its error-code tables', (id) => {
    expect(Array.isArray(ALREADY_COMPLIANT_CODES[id])).toBe(true);
    expect(Array.isArray(NOT_APPLICABLE_CODES[id])).toBe(true);
    expect(typeof FAILURE_HINTS[id]).toBe('object');
  });

  test.each([...ACTION_IDS])('%s: a code is success or failure, never both, and never a retryable one', (id) => {
    const successes = [...ALREADY_COMPLIANT_CODES[id], ...NOT_APPLICABLE_CODES[id]];
    expect(new Set(successes).size).toBe(successes.length);
    for (const code of successes) {
      expect(Object.keys(FAILURE_HINTS[id])).not.toContain(code);
      expect(isRetryableError(ec2Error(code))).toBe(false);
    }
  });

  test('the action declarations never load the AWS SDK or the live half (replay stays offline)', () => {
    const dir = join(__dirname, '..', '..', 'lib', 'remediation');
    const declarations = readdirSync(dir).filter((file) => file.endsWith('.ts'));
    expect(declarations.length).toBeGreaterThan(0);
    for (const file of declarations) {
      const source = readFileSync(join(dir, file), 'utf8');
      expect({ file, sdk: /from ['"]@aws-sdk\//.test(source) }).toEqual({ file, sdk: false });
      expect({ file, live: /from ['"](\.\.\/aws|\.\/apply)/.test(source) }).toEqual({ file, live: false });
    }
  });
});
