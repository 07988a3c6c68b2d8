import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lambdaBundle } from '../support/lambda-bundle';

// The Lambda bundles' plugins (serverless.yml custom.esbuild.plugins): plain CommonJS, loaded as is.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sdkErrorClasses, compactErrorClasses, ERRORS_MODULE } = require('../../lib/build/sdk-error-classes.cjs') as {
  sdkErrorClasses: () => import('esbuild').Plugin;
  compactErrorClasses: (source: string) => string;
  ERRORS_MODULE: RegExp;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sdkClassNames } = require('../../lib/build/sdk-class-names.cjs') as { sdkClassNames: () => import('esbuild').Plugin };

const ROOT = join(__dirname, '..', '..');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
/** Every SDK client trailguard depends on that declares error classes (EC2's errors are all generic). */
const CLIENTS = Object.keys(PACKAGE.dependencies).filter(
  (name) => name.startsWith('@aws-sdk/client-') && existsSync(join(ROOT, 'node_modules', name, 'dist-es', 'models', 'errors.js')),
);

type ErrorClass = (new (options: Record<string, unknown>) => Error) & { shapeId?: string };
type Loaded = { classes: Record<string, ErrorClass>; ServiceException: ErrorClass };

/** All a caller can observe of one class and of instances of it, with and without its members. */
const observe = (name: string, Class: ErrorClass, loaded: Loaded) => {
  const describe = (target: object) =>
    Reflect.ownKeys(target)
      .filter((key) => key !== 'stack' && key !== 'prototype')
      .map((key) => {
        const { value, writable, enumerable, configurable, get, set } = Object.getOwnPropertyDescriptor(target, key)!;
        return [String(key), typeof value === 'function' ? `function ${(value as { name: string }).name}` : JSON.stringify(value), writable, enumerable, configurable, get === undefined, set === undefined];
      });
  const bare = new Class({ message: 'bare', $metadata: { httpStatusCode: 400, requestId: 'req-1' } });
  const members = Object.keys(bare).filter((key) => !['name', '$fault', '$retryable', '$metadata'].includes(key) && (bare as unknown as Record<string, unknown>)[key] === undefined);
  const full = new Class({ message: 'full', $metadata: { httpStatusCode: 500 }, ...Object.fromEntries(members.map((member) => [member, `value of ${member}`])) });
  const chain: string[] = [];
  for (let proto = Object.getPrototypeOf(full) as object | null; proto; proto = Object.getPrototypeOf(proto) as object | null) {
    chain.push((proto as { constructor: { name: string } }).constructor.name);
  }
  const others = Object.entries(loaded.classes).filter(([other]) => other !== name);
  return {
    class: describe(Class),
    length: Class.length,
    base: (Object.getPrototypeOf(Class) as { name: string }).name,
    ownConstructor: Class.prototype.constructor === Class,
    members,
    bare: describe(bare),
    full: describe(full),
    json: JSON.stringify(full),
    message: `${full.name}: ${full.message}`,
    stackHeader: full.stack?.split('\n')[0],
    chain,
    instanceOf: [full instanceof Class, full instanceof loaded.ServiceException, full instanceof Error],
    // The SDK's own instanceof reads shapeId and the class name: another class of the client must not claim it.
    claimedBy: others.filter(([, Other]) => full instanceof Other).map(([other]) => other),
  };
};

describe('sdk-error-classes bundler plugin', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sdk-error-classes-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * A client's error classes bundled as the Lambda bundles build them (`plugins`), or as the SDK declares them
   * (no plugin, every class name kept as written).
   */
  const load = async (client: string, plugins: import('esbuild').Plugin[], tag: string): Promise<Loaded & { bytes: number }> => {
    const errors = join(ROOT, 'node_modules', client, 'dist-es', 'models', 'errors.js');
    const { code, bytes } = await lambdaBundle(
      `export * as classes from ${JSON.stringify(errors)};\nexport { ServiceException } from '@smithy/core/client';\n`,
      plugins,
      { keepNames: plugins.length === 0 },
    );
    const file = join(dir, `${client.replace(/\W/g, '-')}-${tag}.cjs`);
    writeFileSync(file, code);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { ...(require(file) as Loaded), bytes };
  };

  test('applies to the clients\' error modules only', () => {
    expect(ERRORS_MODULE.test('/x/node_modules/@aws-sdk/client-kms/dist-es/models/errors.js')).toBe(true);
    expect(ERRORS_MODULE.test('C:\\x\\node_modules\\@aws-sdk\\client-kms\\dist-es\\models\\errors.js')).toBe(true);
    expect(ERRORS_MODULE.test('/x/node_modules/@aws-sdk/client-kms/dist-es/models/KMSServiceException.js')).toBe(false);
    expect(ERRORS_MODULE.test('/x/node_modules/@aws-sdk/core/dist-es/models/errors.js')).toBe(false);
  });

  test('leaves a class of any other shape as written', () => {
    const odd = [
      'import { XServiceException as __BaseException } from "./XServiceException";',
      'export class Odd extends __BaseException {',
      '    name = "Odd";',
      '    $fault = "client";',
      '    extra = 1;',
      '    constructor(opts) {',
      '        super({',
      '            name: "Odd",',
      '            $fault: "client",',
      '            ...opts,',
      '        });',
      '        Object.setPrototypeOf(this, Odd.prototype);',
      '    }',
      '}',
    ].join('\n');
    expect(compactErrorClasses(odd)).toBe(odd);
  });

  test.each(CLIENTS)('%s: every error class is built by the factory and behaves as the declared one', async (client) => {
    const source = readFileSync(join(ROOT, 'node_modules', client, 'dist-es', 'models', 'errors.js'), 'utf8');
    expect(compactErrorClasses(source)).not.toMatch(/^export class /m);

    const declared = await load(client, [], 'declared');
    const built = await load(client, [sdkErrorClasses(), sdkClassNames()], 'built');

    expect(Object.keys(built.classes)).toEqual(Object.keys(declared.classes));
    expect(Object.keys(declared.classes).length).toBeGreaterThan(0);
    for (const [name, Class] of Object.entries(declared.classes)) {
      expect(observe(name, built.classes[name]!, built)).toEqual(observe(name, Class, declared));
    }
    // About 250 bytes of minified class declaration saved per class, the factory itself aside.
    expect(declared.bytes - built.bytes).toBeGreaterThan(150 * Object.keys(declared.classes).length);
  }, 60_000);
});
