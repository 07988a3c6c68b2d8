import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lambdaBundle } from '../support/lambda-bundle';

// The Lambda bundles' plugins (serverless.yml custom.esbuild.plugins): plain CommonJS, loaded as is.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lambdaCredentials, DEFAULT_PROVIDER } = require('../../lib/build/lambda-credentials.cjs') as {
  lambdaCredentials: () => import('esbuild').Plugin;
  DEFAULT_PROVIDER: RegExp;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const deployedPlugins = require('../../lib/build/esbuild-plugins.cjs') as import('esbuild').Plugin[];

type Provider = () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;

/** A minified bundle exporting the default provider every SDK client uses, as the Lambda bundles build it. */
const bundle = async (plugins: import('esbuild').Plugin[]) => {
  const { code, inputs, bytes } = await lambdaBundle("export { defaultProvider } from '@aws-sdk/credential-provider-node';\n", plugins);
  return { code, inputs: Object.keys(inputs), bytes };
};

const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION', 'AWS_ACCOUNT_ID', 'AWS_PROFILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_EC2_METADATA_DISABLED',
];

describe('lambda-credentials bundler plugin', () => {
  let dir: string;
  let defaultProvider: (init?: Record<string, unknown>) => Provider;
  let saved: Record<string, string | undefined>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lambda-credentials-'));
    const file = join(dir, 'provider.cjs');
    writeFileSync(file, (await bundle([lambdaCredentials()])).code);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    defaultProvider = (require(file) as { defaultProvider: typeof defaultProvider }).defaultProvider;
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    saved = Object.fromEntries(CREDENTIAL_VARIABLES.map((name) => [name, process.env[name]]));
    for (const name of CREDENTIAL_VARIABLES) delete process.env[name];
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  test('is one of the plugins the deployment bundles with, and applies to the default chain module only', () => {
    expect(deployedPlugins.map((plugin) => plugin.name)).toEqual(['sdk-schema-keys', 'lambda-credentials', 'sdk-static-imports', 'sdk-client-version', 'sdk-error-classes', 'sdk-class-names']);
    expect(DEFAULT_PROVIDER.test('/x/node_modules/@aws-sdk/credential-provider-node/dist-es/defaultProvider.js')).toBe(true);
    expect(DEFAULT_PROVIDER.test('C:\\x\\node_modules\\@aws-sdk\\credential-provider-node\\dist-es\\defaultProvider.js')).toBe(true);
    expect(DEFAULT_PROVIDER.test('/x/node_modules/@aws-sdk/credential-provider-node/dist-cjs/index.js')).toBe(false);
    expect(DEFAULT_PROVIDER.test('/x/node_modules/@aws-sdk/credential-provider-node/dist-es/remoteProvider.js')).toBe(false);
  });

  test('drops the providers Lambda never reaches and the nested clients they bring, keeping env and metadata', async () => {
    // Act
    const without = await bundle([]);
    const withPlugin = await bundle([lambdaCredentials()]);

    // Assess
    const dropped = /@aws-sdk[\\/](nested-clients|credential-provider-(ini|sso|login|process|web-identity)|token-providers)[\\/]/;
    expect(without.inputs.some((input) => dropped.test(input))).toBe(true);
    expect(withPlugin.inputs.filter((input) => dropped.test(input))).toEqual([]);
    expect(withPlugin.inputs.some((input) => input.includes('credential-provider-env'))).toBe(true);
    expect(withPlugin.inputs.some((input) => input.includes('credential-provider-imds'))).toBe(true);
    expect(withPlugin.bytes).toBeLessThan(without.bytes / 3);
  }, 60_000);

  test('reads the role credentials Lambda puts in the environment', async () => {
    // Prepare
    process.env.AWS_ACCESS_KEY_ID = 'ASIAEXAMPLEKEY';
    process.env.AWS_SECRET_ACCESS_KEY = 'example-secret';
    process.env.AWS_SESSION_TOKEN = 'example-token';

    // Act
    const credentials = await defaultProvider()();

    // Assess
    expect(credentials).toMatchObject({ accessKeyId: 'ASIAEXAMPLEKEY', secretAccessKey: 'example-secret', sessionToken: 'example-token' });
  });

  test('refuses a profile, naming the provider that is not bundled, even with keys in the environment', async () => {
    // Prepare
    process.env.AWS_PROFILE = 'admin';
    process.env.AWS_ACCESS_KEY_ID = 'ASIAEXAMPLEKEY';
    process.env.AWS_SECRET_ACCESS_KEY = 'example-secret';

    // Act / Assess
    await expect(defaultProvider()()).rejects.toThrow(/AWS_PROFILE is set \(admin\).*shared config file provider is not bundled/);
  });

  test('refuses SSO settings instead of skipping them silently', async () => {
    await expect(defaultProvider({ ssoStartUrl: 'https://example.awsapps.com/start' })()).rejects.toThrow(/SSO provider is not bundled/);
  });

  test('with nothing in the environment and instance metadata off, the error lists what was tried and what is not bundled', async () => {
    // Prepare
    process.env.AWS_EC2_METADATA_DISABLED = 'true';

    // Act / Assess
    await expect(defaultProvider()()).rejects.toThrow(/Could not load credentials from any providers \(environment, container or instance metadata; .*web identity providers is not bundled/);
  });
});
