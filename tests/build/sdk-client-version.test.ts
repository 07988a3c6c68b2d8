import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lambdaBundle } from '../support/lambda-bundle';

// The Lambda bundles' plugins (serverless.yml custom.esbuild.plugins): plain CommonJS, loaded as is.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sdkClientVersion, CLIENT_PACKAGE_JSON } = require('../../lib/build/sdk-client-version.cjs') as {
  sdkClientVersion: () => import('esbuild').Plugin;
  CLIENT_PACKAGE_JSON: RegExp;
};

const ROOT = join(__dirname, '..', '..');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const CLIENTS = Object.keys(PACKAGE.dependencies).filter((name) => name.startsWith('@aws-sdk/client-'));

/** Every .js file under `dir`. */
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.js') ? [join(dir, entry.name)] : [],
  );

describe('sdk-client-version bundler plugin', () => {
  test('applies to the SDK clients\' package.json only', () => {
    expect(CLIENT_PACKAGE_JSON.test('/x/node_modules/@aws-sdk/client-ec2/package.json')).toBe(true);
    expect(CLIENT_PACKAGE_JSON.test('C:\\x\\node_modules\\@aws-sdk\\client-ec2\\package.json')).toBe(true);
    expect(CLIENT_PACKAGE_JSON.test('/x/node_modules/@aws-sdk/nested-clients/package.json')).toBe(true);
    expect(CLIENT_PACKAGE_JSON.test('/x/node_modules/@aws-sdk/core/package.json')).toBe(false);
    expect(CLIENT_PACKAGE_JSON.test('/x/node_modules/@aws-sdk/client-ec2/dist-es/package.json.js')).toBe(false);
  });

  test.each(CLIENTS)('%s reads nothing of its package.json but the version', (client) => {
    const readers = sources(join(ROOT, 'node_modules', client, 'dist-es')).filter((file) => readFileSync(file, 'utf8').includes('package.json'));
    expect(readers.length).toBeGreaterThan(0);
    for (const file of readers) {
      const source = readFileSync(file, 'utf8');
      const binding = /^import (\w+) from "\.\.\/package\.json";$/m.exec(source)?.[1];
      expect(binding).toBeDefined();
      const uses = [...source.matchAll(new RegExp(`\\b${binding!}\\b(\\.\\w+)?`, 'g'))].slice(1).map((match) => match[1]);
      expect(uses.length).toBeGreaterThan(0);
      expect(new Set(uses)).toEqual(new Set(['.version']));
    }
  });

  test('a bundled client still puts its version in the user agent, without the rest of its package.json', async () => {
    const source = "export { SNSClient } from '@aws-sdk/client-sns';\n";
    const version = (JSON.parse(readFileSync(join(ROOT, 'node_modules', '@aws-sdk', 'client-sns', 'package.json'), 'utf8')) as { version: string }).version;

    const without = await lambdaBundle(source, []);
    const withPlugin = await lambdaBundle(source, [sdkClientVersion()]);

    const devDependencies = /\bdevDependencies"?:/;
    expect(devDependencies.test(without.code)).toBe(true);
    expect(devDependencies.test(withPlugin.code)).toBe(false);
    expect(withPlugin.code.includes(`"${version}"`)).toBe(true);
    expect(without.bytes - withPlugin.bytes).toBeGreaterThan(1000);
  }, 60_000);
});
