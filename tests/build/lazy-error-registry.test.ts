import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { lambdaBundle } from '../support/lambda-bundle';

// The Lambda bundles' plugins (serverless.yml custom.esbuild.plugins): plain CommonJS, loaded as is.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deferErrorRegistration, deferringTypeRegistry } = require('../../lib/build/lazy-error-registry.cjs') as {
  deferErrorRegistration: (source: string) => string;
  deferringTypeRegistry: (source: string, path?: string) => string;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sdkSchemaKeys } = require('../../lib/build/sdk-schema-keys.cjs') as {
  sdkSchemaKeys: (options?: { deferErrorRegistration?: boolean }) => import('esbuild').Plugin;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const deployedPlugins = require('../../lib/build/esbuild-plugins.cjs') as import('esbuild').Plugin[];

const ROOT = join(__dirname, '..', '..');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const CLIENTS = Object.keys(PACKAGE.dependencies).filter((name) => name.startsWith('@aws-sdk/client-'));
const EAGER = deployedPlugins.map((plugin) => (plugin.name === 'sdk-schema-keys' ? sdkSchemaKeys() : plugin));

interface Registry {
  schemas: Map<string, unknown>;
  exceptions: Map<unknown, { name: string }>;
  copyFrom(other: Registry): void;
  getBaseException(): unknown;
}

/** A registry's entries as a comparable value: schema ids and contents (functions by their source), classes by name. */
const contents = (registry: Registry) => ({
  // A member's schema is a thunk (its name differs between bundles): compared by the id of the schema it returns.
  schemas: [...registry.schemas].map(([id, schema]) =>
    [id, JSON.stringify(schema, (_, value: unknown) => (typeof value === 'function' ? ['=>', ...((value as () => unknown[])() ?? []).slice(0, 3)] : value))]),
  exceptions: [...registry.exceptions].map(([schema, ctor]) => [(schema as unknown[])[2], ctor.name]),
});

describe('lazy-error-registry bundler transforms', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lazy-error-registry-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let count = 0;
  const load = async <T>(source: string, plugins: import('esbuild').Plugin[]): Promise<T> => {
    const file = join(dir, `bundle-${++count}.cjs`);
    writeFileSync(file, (await lambdaBundle(source, plugins)).code);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as T;
  };

  test('the deployed bundles defer the registrations', () => {
    expect(deployedPlugins.find((plugin) => plugin.name === 'sdk-schema-keys')).toBeDefined();
    const source = readFileSync(join(ROOT, 'node_modules', '@aws-sdk', 'client-sns', 'dist-es', 'schemas', 'schemas_0.js'), 'utf8');
    const deferred = deferErrorRegistration(source);
    expect(deferred).toMatch(/^TypeRegistry\.defer\(\(\) => \{$/m);
    expect(deferred).toMatch(/^export var NotFoundException\$;$/m);
    expect(deferred.match(/registerError\(/g)).toHaveLength(source.match(/registerError\(/g)!.length);
  });

  test('a module whose error schema other top-level code reads is left as written', () => {
    const source = [
      'import { TypeRegistry } from "@smithy/core/schema";',
      'const n0_registry = TypeRegistry.for(n0);',
      'export var AError$ = [-3, n0, "AError", 0, [], []];',
      'n0_registry.registerError(AError$, AError);',
      'export var Uses$ = [3, n0, "Uses", 0, ["e"], [() => AError$]];',
      'export var alsoUses = AError$;',
    ].join('\n');
    expect(deferErrorRegistration(source)).toBe(source);
  });

  test('a TypeRegistry that moved on fails the build instead of deferring half the change', () => {
    expect(() => deferringTypeRegistry('export class TypeRegistry {}')).toThrow(/expected "    static registries = new Map\(\);\n" exactly once/);
  });

  test.each(CLIENTS)('%s: a client\'s error registry holds, when read, exactly what the eager registrations put there', async (client) => {
    const schemas = join(ROOT, 'node_modules', client, 'dist-es', 'schemas', 'schemas_0.js');
    // As HttpProtocol builds its composite registry at client construction, then as ProtocolLib.compose adds to it.
    const source = `
      import { errorTypeRegistries } from ${JSON.stringify(schemas)};
      import { TypeRegistry } from '@smithy/core/schema';
      export const read = () => {
        const composite = new TypeRegistry('composite');
        for (const registry of errorTypeRegistries) composite.copyFrom(registry);
        // Read past the methods: what had been registered by the time a client was constructed.
        const registeredAtConstruction = composite.schemas.size + errorTypeRegistries.reduce((sum, registry) => sum + registry.schemas.size, 0);
        const base = composite.getBaseException();
        const statics = errorTypeRegistries.map((registry) => TypeRegistry.for(registry.namespace));
        for (const registry of statics) registry.getBaseException();
        return { composite, base, statics, registeredAtConstruction };
      };
    `;
    type Read = { read: () => { composite: Registry; base: unknown; statics: Registry[]; registeredAtConstruction: number } };
    const eager = (await load<Read>(source, EAGER)).read();
    const deferred = (await load<Read>(source, deployedPlugins)).read();

    expect(contents(deferred.composite)).toEqual(contents(eager.composite));
    expect(JSON.stringify(deferred.base)).toEqual(JSON.stringify(eager.base));
    expect(deferred.statics.map(contents)).toEqual(eager.statics.map(contents));
    expect(eager.composite.exceptions.size).toBeGreaterThan(0);
    expect(eager.registeredAtConstruction).toBeGreaterThan(0);
    expect(deferred.registeredAtConstruction).toBe(0);
  }, 60_000);

  describe('an error response', () => {
    let server: Server;
    let endpoint: string;
    beforeAll(async () => {
      server = createServer((request, response) => {
        const target = request.headers['x-amz-target'];
        request.resume();
        request.on('end', () => {
          if (typeof target === 'string') {
            const code = target.endsWith('.GetItem') ? 'ResourceNotFoundException' : target.endsWith('.PutItem') ? 'ConditionalCheckFailedException' : 'SomethingNobodyDeclared';
            response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'req-1' });
            response.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${code}`, message: `${code} said so` }));
            return;
          }
          response.writeHead(404, { 'content-type': 'text/xml' });
          response.end('<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>req-2</RequestId></ErrorResponse>');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => server.close());

    test('throws the same error whether the registrations ran at load or at the response', async () => {
      const source = `
        import { DynamoDBClient, GetItemCommand, PutItemCommand, DeleteItemCommand } from '@aws-sdk/client-dynamodb';
        import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
        const describe = (error) => ({ name: error.name, ctor: error.constructor.name, fault: error.$fault, message: error.message,
          status: error.$metadata?.httpStatusCode, keys: Object.keys(error).filter((key) => key !== '$response') });
        export const errors = async (endpoint) => {
          const options = { endpoint, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } };
          const dynamodb = new DynamoDBClient(options);
          const sns = new SNSClient(options);
          const calls = [
            () => dynamodb.send(new GetItemCommand({ TableName: 't', Key: { id: { S: '1' } } })),
            () => dynamodb.send(new PutItemCommand({ TableName: 't', Item: { id: { S: '1' } } })),
            () => dynamodb.send(new DeleteItemCommand({ TableName: 't', Key: { id: { S: '1' } } })),
            () => sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:t', Message: 'm' })),
          ];
          const out = [];
          for (const call of calls) out.push(await call().then(() => 'no error', describe));
          return out;
        };
      `;
      // In a process of its own: the HTTP handler loads node:http with import(), which jest's module sandbox refuses.
      const run = async (plugins: import('esbuild').Plugin[]): Promise<unknown[]> => {
        const file = join(dir, `errors-${++count}.cjs`);
        writeFileSync(file, (await lambdaBundle(source, plugins)).code);
        const script = `require(${JSON.stringify(file)}).errors(${JSON.stringify(endpoint)}).then((r) => process.stdout.write(JSON.stringify(r)))`;
        const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '' } });
        return JSON.parse(stdout) as unknown[];
      };
      const eager = await run(EAGER);
      const deferred = await run(deployedPlugins);

      expect(deferred).toEqual(eager);
      expect(eager.map((error) => (error as { name: string }).name)).toEqual(['ResourceNotFoundException', 'ConditionalCheckFailedException', 'SomethingNobodyDeclared', 'NotFoundException']);
    }, 60_000);
  });
});
