import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lambdaBundle } from '../support/lambda-bundle';

// The Lambda bundles' plugins (serverless.yml custom.esbuild.plugins): plain CommonJS, loaded as is.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { rewrite, REMOTE_PROVIDER, HTTP_PROTOCOL } = require('../../lib/build/sdk-static-imports.cjs') as {
  rewrite: (source: string, path: string) => string;
  REMOTE_PROVIDER: RegExp;
  HTTP_PROTOCOL: RegExp;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const deployedPlugins = require('../../lib/build/esbuild-plugins.cjs') as import('esbuild').Plugin[];

const ROOT = join(__dirname, '..', '..');

describe('sdk-static-imports bundler plugin', () => {
  test('applies to the remote credential provider and the HTTP protocol only, on either path separator', () => {
    expect(REMOTE_PROVIDER.test('/x/node_modules/@aws-sdk/credential-provider-node/dist-es/remoteProvider.js')).toBe(true);
    expect(REMOTE_PROVIDER.test('C:\\x\\node_modules\\@aws-sdk\\credential-provider-node\\dist-es\\remoteProvider.js')).toBe(true);
    expect(REMOTE_PROVIDER.test('/x/node_modules/@aws-sdk/credential-provider-node/dist-es/defaultProvider.js')).toBe(false);
    expect(HTTP_PROTOCOL.test('/x/node_modules/@smithy/core/dist-es/submodules/protocols/HttpProtocol.js')).toBe(true);
    expect(HTTP_PROTOCOL.test('/x/node_modules/@smithy/core/dist-cjs/submodules/protocols/index.js')).toBe(false);
  });

  test('refuses a module whose dynamic import moved, instead of bundling the lazy wrappers again', () => {
    expect(() => rewrite('export const x = 1;', '/x/@smithy/core/dist-es/submodules/protocols/HttpProtocol.js')).toThrow(
      /expected "import\("@smithy\/core\/event-streams"\)" exactly once/,
    );
    expect(() => rewrite('export const remoteProvider = 1;', '/x/@aws-sdk/credential-provider-node/dist-es/remoteProvider.js')).toThrow(
      /expected "await import\("@smithy\/credential-provider-imds"\)" exactly once/,
    );
  });

  test('an SDK client bundles into one scope: no lazy module wrapper left', async () => {
    // Not minified, so esbuild's wrapper helper keeps its name.
    const bundle = async (plugins: import('esbuild').Plugin[]) =>
      (
        await build({
          stdin: { contents: "export { SNSClient, PublishCommand } from '@aws-sdk/client-sns';\n", resolveDir: ROOT, loader: 'js' },
          bundle: true,
          platform: 'node',
          format: 'cjs',
          target: 'node22',
          mainFields: ['module', 'main'],
          write: false,
          logLevel: 'silent',
          plugins,
        })
      ).outputFiles[0]!.text;
    const wrappers = (code: string) => code.match(/= __esm\(\{/g)?.length ?? 0;

    expect(wrappers(await bundle(deployedPlugins.filter((plugin) => plugin.name !== 'sdk-static-imports')))).toBeGreaterThan(100);
    expect(wrappers(await bundle(deployedPlugins))).toBe(0);
  }, 60_000);

  describe('in a bundle', () => {
    let dir: string;
    let server: Server;
    let bundled: {
      defaultProvider: () => () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;
      HttpProtocol: new (options: { defaultNamespace: string }) => { loadEventStreamCapability(): Promise<unknown> };
    };
    const saved: Record<string, string | undefined> = {};
    const VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sdk-static-imports-'));
      const file = join(dir, 'bundle.cjs');
      const { code } = await lambdaBundle(
        "export { defaultProvider } from '@aws-sdk/credential-provider-node';\nexport { HttpProtocol } from '@smithy/core/protocols';\n",
        deployedPlugins,
      );
      writeFileSync(file, code);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      bundled = require(file) as typeof bundled;
      server = createServer((request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ AccessKeyId: 'ASIACONTAINER', SecretAccessKey: 'container-secret', Token: 'container-token', Expiration: new Date(Date.now() + 3_600_000).toISOString() }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      for (const name of VARIABLES) saved[name] = process.env[name];
    }, 60_000);
    afterAll(() => {
      server.close();
      rmSync(dir, { recursive: true, force: true });
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    test('the credential chain still reaches container metadata when the environment holds no keys', async () => {
      // Prepare
      for (const name of VARIABLES) delete process.env[name];
      process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `http://127.0.0.1:${(server.address() as AddressInfo).port}/credentials`;

      // Act
      const credentials = await bundled.defaultProvider()();

      // Assess
      expect(credentials).toMatchObject({ accessKeyId: 'ASIACONTAINER', secretAccessKey: 'container-secret', sessionToken: 'container-token' });
    });

    test('an operation that streams events fails, naming the plugin', async () => {
      await expect(new bundled.HttpProtocol({ defaultNamespace: 'test' }).loadEventStreamCapability()).rejects.toThrow(
        /@smithy\/core\/event-streams is not bundled into this Lambda function \(lib\/build\/sdk-static-imports\.cjs\)/,
      );
    });
  });
});
