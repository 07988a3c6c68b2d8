import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isRetryableError } from '../../lib/aws/retry';
import { ACTIONS, ACTION_IDS } from '../../lib/remediation';
import type { ActionApplier } from '../../lib/remediation/applier';
import { awsCallsReachedFrom } from '../support/aws-calls';
import { ec2Error } from './support';

// Conformance over every action, walked from the folders on disk as the registry test walks the rules: each folder
// of lib/remediation/ is one action, registered by one line in ACTIONS, with its declaration and its live half.
const DIR = join(__dirname, '..', '..', 'lib', 'remediation');
const FOLDERS = readdirSync(DIR).filter((name) => statSync(join(DIR, name)).isDirectory()).sort();

/** The one applier an action's apply.ts exports. */
const applierOf = (id: string): ActionApplier<unknown> => {
  const appliers = Object.values(require(join(DIR, id, 'apply')) as Record<string, unknown>).filter(
    (value): value is ActionApplier<unknown> => typeof value === 'object' && value !== null && 'apply' in value && 'codes' in value,
  );
  expect(appliers).toHaveLength(1);
  return appliers[0]!;
};

describe('actions registry', () => {
  test('every action folder is registered, and every registered action has its folder', () => {
    expect(FOLDERS.length).toBeGreaterThan(0);
    expect(FOLDERS).toEqual([...ACTION_IDS].sort());
  });

  test.each([...ACTION_IDS])('%s: its declaration carries the id it is registered under', (id) => {
    expect(ACTIONS[id].id).toBe(id);
  });

  test.each([...ACTION_IDS])('%s: apply.ts exports the live half of the same id, with its SDK clients', (id) => {
    const applier = applierOf(id);
    expect(applier.id).toBe(id);
    expect(typeof applier.apply).toBe('function');
    expect(Object.keys(applier.clients).length).toBeGreaterThan(0);
  });

  test.each([...ACTION_IDS])('%s declares its error-code tables', (id) => {
    const { codes } = applierOf(id);
    expect(Array.isArray(codes.alreadyCompliant)).toBe(true);
    expect(Array.isArray(codes.notApplicable)).toBe(true);
    expect(typeof codes.failureHints).toBe('object');
  });

  test.each([...ACTION_IDS])('%s: a code is success or failure, never both, and never a retryable one', (id) => {
    const { codes } = applierOf(id);
    const successes = [...codes.alreadyCompliant, ...codes.notApplicable];
    expect(new Set(successes).size).toBe(successes.length);
    for (const code of successes) {
      expect(Object.keys(codes.failureHints)).not.toContain(code);
      expect(isRetryableError(ec2Error(code))).toBe(false);
    }
  });

  test.each([...ACTION_IDS])('%s: every AWS call its live half makes is among its declared IAM permissions', (id) => {
    // Prepare
    const declared = new Set(ACTIONS[id].permissions.map((permission) => permission.action));

    // Act
    const sent = awsCallsReachedFrom(join(DIR, id, 'apply.ts'));

    // Assess: the function's role is generated from the declaration, so an undeclared call is AccessDenied in AWS
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter(({ action }) => !declared.has(action))).toEqual([]);
  });

  test('the registry bundles without the AWS SDK or any live half (replay stays offline)', () => {
    const { metafile } = require('esbuild').buildSync({
      entryPoints: [join(DIR, 'index.ts')], bundle: true, platform: 'node', write: false, metafile: true, logLevel: 'silent',
    });
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((input) => input.includes('lib/remediation/')).length).toBeGreaterThan(FOLDERS.length);
    expect(inputs.filter((input) => input.includes('@aws-sdk') || input.includes('@smithy') || /\/apply\.ts$|applier\.ts$/.test(input))).toEqual([]);
  });

  test('the action declarations never load the AWS SDK or the live half (replay stays offline)', () => {
    const declarations = [
      ...readdirSync(DIR).filter((file) => file.endsWith('.ts')),
      ...FOLDERS.flatMap((folder) => readdirSync(join(DIR, folder)).filter((file) => file === 'action.ts').map((file) => join(folder, file))),
    ];
    expect(declarations.filter((file) => file.endsWith('action.ts')).length).toBe(FOLDERS.length + 1);
    for (const file of declarations) {
      const source = readFileSync(join(DIR, file), 'utf8');
      expect({ file, sdk: /from ['"]@aws-sdk\//.test(source) }).toEqual({ file, sdk: false });
      if (file === 'applier.ts') continue; // the live half's types; type-only imports of lib/aws
      expect({ file, live: /from ['"](\.\.\/)+aws|from ['"][./]*apply['"]|\/apply['"]/.test(source) }).toEqual({ file, live: false });
    }
  });
});
