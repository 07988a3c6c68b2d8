import type { Plugin } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { lambdaBundle } from '../support/lambda-bundle';

// The Lambda bundles are minified without keeping class names (serverless.yml custom.esbuild.keepNames): whatever
// reads a class's name at run time must get the name the source gives, not the minifier's. These tests hold our
// errors, the SDK classes whose names the SDK compares, and every such read in the bundled library code to it.

// The Lambda bundles' plugins (serverless.yml custom.esbuild.plugins): plain CommonJS, loaded as is.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PLUGINS = require('../../lib/build/esbuild-plugins.cjs') as Plugin[];
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { KEPT_NAME_MODULES } = require('../../lib/build/sdk-class-names.cjs') as { KEPT_NAME_MODULES: RegExp };

const ROOT = join(__dirname, '..', '..');
const posix = (path: string): string => relative(ROOT, path).split(sep).join('/');

const typescriptFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? typescriptFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );

interface ErrorClass {
  readonly name: string;
  readonly base: string;
  readonly file: string;
  readonly exported: boolean;
}

/** Every class under lib/ whose instances are TrailguardErrors (subclasses of subclasses too). */
const errorClasses = (): ErrorClass[] => {
  const declared = new Map<string, ErrorClass>();
  for (const file of typescriptFiles(join(ROOT, 'lib'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/^(export )?class (\w+) extends (\w+)/gm)) {
      declared.set(match[2]!, { name: match[2]!, base: match[3]!, file: posix(file), exported: match[1] !== undefined });
    }
  }
  const errors = new Set(['TrailguardError']);
  for (let grew = true; grew; ) {
    grew = false;
    for (const cls of declared.values()) {
      if (errors.has(cls.base) && !errors.has(cls.name)) grew = errors.add(cls.name).size > 0;
    }
  }
  return [...declared.values()].filter((cls) => errors.has(cls.name));
};

/** Constructor arguments each error class accepts; others take strings. */
const ARGUMENTS: Readonly<Record<string, readonly unknown[]>> = {
  ResponseFailedError: ['event-1', [new Error('boom')]],
  MemberRoleMissingError: ['123456789012', 'arn:aws:iam::123456789012:role/x', { cause: new Error('AccessDenied') }],
  DeadlineExceededError: ['PutItem', 12],
};

/** The Lambda handlers, each bundled on its own (the backtest ones only with the backtest param). */
const HANDLERS = readdirSync(join(ROOT, 'handlers')).filter((name) => name.endsWith('.ts'));

/** Every library module any Lambda bundle holds, as bundled (after the plugins), by path from the project root. */
const bundledLibraryModules = async (): Promise<Map<string, string>> => {
  const modules = new Map<string, string>();
  for (const handler of HANDLERS) {
    const { inputs } = await lambdaBundle(`export { handler } from './handlers/${handler.replace(/\.ts$/, '')}';\n`, PLUGINS);
    for (const input of Object.keys(inputs)) if (input.startsWith('node_modules/')) modules.set(input, readFileSync(join(ROOT, input), 'utf8'));
  }
  return modules;
};

/** A read of some object's class name, the line it is on. */
const NAME_READ = /^.*(?:constructor\??\.name|new\.target\.name).*$/gm;
/** A read compared with a literal name: that class must keep its name, or be a built-in. */
const COMPARED = /constructor\??\.name\s*[!=]==?\s*["'](\w+)["']/;

/** The other reads in the bundled library code, each looked at: why a minified class name does not change them. */
const REVIEWED: readonly { module: string; line: string; why: string }[] = [
  {
    module: 'node_modules/@smithy/core/dist-es/submodules/client/smithy-client/exceptions.js',
    line: 'const ctorName = proto.constructor?.name;',
    why: "ServiceException's instanceof, against the target class's name: the clients' ServiceException classes keep theirs (sdk-class-names), their error classes are built named (sdk-error-classes)",
  },
  {
    module: 'node_modules/@smithy/core/dist-es/submodules/serde/util-stream/stream-type-check.js',
    line: '(stream?.constructor?.name === ReadableStream.name || stream instanceof ReadableStream);',
    why: "compared with a built-in's name",
  },
  {
    module: 'node_modules/@smithy/core/dist-es/submodules/serde/util-stream/stream-type-check.js',
    line: 'return typeof Blob === "function" && (blob?.constructor?.name === Blob.name || blob instanceof Blob);',
    why: "compared with a built-in's name",
  },
  {
    module: 'node_modules/@smithy/core/dist-es/submodules/serde/util-stream/sdk-stream-mixin.js',
    line: 'const name = stream?.__proto__?.constructor?.name || stream;',
    why: 'only names the stream in an error message',
  },
  {
    module: 'node_modules/@smithy/core/dist-es/submodules/serde/util-stream/sdk-stream-mixin.browser.js',
    line: 'const name = stream?.__proto__?.constructor?.name || stream;',
    why: 'only names the stream in an error message',
  },
  {
    module: 'node_modules/@smithy/core/dist-es/submodules/protocols/HttpProtocol.js',
    line: 'throw new Error(`@smithy/core/protocols - ${this.constructor.name} getDefaultContentType() implementation missing.`);',
    why: 'only names the protocol class in an error message',
  },
  {
    module: 'node_modules/@smithy/core/dist-es/submodules/serde/util-stream/checksum/ChecksumStream.js',
    line: 'throw new Error(`@smithy/util-stream: unsupported source type ${source?.constructor?.name ?? source} in ChecksumStream.`);',
    why: 'only names the source in an error message',
  },
  {
    module: 'node_modules/@smithy/core/dist-es/submodules/serde/util-stream/checksum/createChecksumStream.browser.js',
    line: 'throw new Error(`@smithy/util-stream: unsupported source type ${source?.constructor?.name ?? source} in ChecksumStream.`);',
    why: 'only names the source in an error message',
  },
  {
    module: 'node_modules/@aws-sdk/util-dynamodb/dist-es/convertToAttr.js',
    line: 'return binaryTypes.includes(data.constructor.name);',
    why: "compared with built-ins' names (typed arrays, ArrayBuffer, Blob…)",
  },
];

describe('class names in the minified Lambda bundles', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'class-names-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const load = async (source: string, plugins: Plugin[], tag: string): Promise<Record<string, unknown>> => {
    const { code } = await lambdaBundle(source, plugins);
    const file = join(dir, `${tag}.cjs`);
    writeFileSync(file, code);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as Record<string, unknown>;
  };

  test('every trailguard error class states the name its errors carry, its own', () => {
    const classes = errorClasses();
    expect(classes.length).toBeGreaterThanOrEqual(15);
    for (const { name, base, file } of classes) {
      const source = readFileSync(join(ROOT, file), 'utf8');
      expect({ file, name, states: new RegExp(`class ${name} extends ${base} \\{(?:\\s*\\/\\/.*)*\\s*public override readonly name(?:: string)? = '${name}';`).test(source) }).toEqual({ file, name, states: true });
    }
    expect(readFileSync(join(ROOT, 'lib', 'errors.ts'), 'utf8')).not.toMatch(/new\.target\.name|constructor\.name/);
  });

  test('our errors carry their names in the deployed build, where the classes themselves are renamed', async () => {
    const exported = errorClasses().filter((cls) => cls.exported);
    const source = exported.map(({ name, file }) => `export { ${name} } from './${file.replace(/\.ts$/, '')}';`).join('\n');
    const bundled = await load(source, PLUGINS, 'errors');
    let renamed = 0;
    for (const { name } of exported) {
      const Class = bundled[name] as new (...args: unknown[]) => Error;
      if (Class.name !== name) renamed++;
      const error = new Class(...(ARGUMENTS[name] ?? ['first', 'second', 'third']));
      expect({ name: error.name, header: error.stack?.split('\n')[0]?.split(':')[0], json: JSON.parse(JSON.stringify(error)) as unknown }).toEqual({
        name,
        header: name,
        json: expect.objectContaining({ name }),
      });
      expect(error).toBeInstanceOf(bundled.TrailguardError as new () => Error);
    }
    // The minifier did rename them: what the test reads is the stated name, not a kept one.
    expect(renamed).toBeGreaterThan(exported.length / 2);
  }, 60_000);

  test('the SDK classes whose names the SDK reads keep them; without the plugin they would not', async () => {
    const source = [
      "export { NoOpLogger, ServiceException } from '@smithy/core/client';",
      "export { SNSServiceException } from '@aws-sdk/client-sns';",
      "export { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';",
    ].join('\n');
    const expected = ['NoOpLogger', 'ServiceException', 'SNSServiceException', 'DynamoDBServiceException'];
    const kept = await load(source, PLUGINS, 'sdk-kept');
    expect(expected.map((name) => (kept[name] as { name: string }).name)).toEqual(expected);
    expect((new (kept.NoOpLogger as new () => object)()).constructor.name).toBe('NoOpLogger');

    const withoutNames = await load(source, PLUGINS.filter((plugin) => plugin.name !== 'sdk-class-names'), 'sdk-renamed');
    for (const name of expected) expect((withoutNames[name] as { name: string }).name).not.toBe(name);
  }, 60_000);

  test("every read of a class's name in the bundled library code is reviewed or compares a kept name", async () => {
    const modules = await bundledLibraryModules();
    const classesOf = (sources: readonly string[]) => new Set(sources.flatMap((source) => [...source.matchAll(/\bclass (\w+)\b/g)].map((match) => match[1]!)));
    const kept = classesOf([...modules].filter(([path]) => KEPT_NAME_MODULES.test(`/${path}`)).map(([, source]) => source));
    expect(kept).toContain('NoOpLogger');
    // A class no bundle declares (FetchHttpHandler, for browsers) cannot be renamed in one.
    const bundled = classesOf([...modules.values()]);
    const unreviewed: string[] = [];
    const seen = new Set<string>();
    for (const [module, source] of modules) {
      for (const [text] of source.matchAll(NAME_READ)) {
        const line = text.trim();
        const compared = COMPARED.exec(line)?.[1];
        if (compared !== undefined) {
          const builtIn = typeof (globalThis as Record<string, unknown>)[compared] === 'function';
          if (!builtIn && bundled.has(compared) && !kept.has(compared)) unreviewed.push(`${module}: ${line} (${compared} is renamed in the bundle)`);
          continue;
        }
        const reviewed = REVIEWED.find((entry) => entry.module === module && entry.line === line);
        if (reviewed === undefined) unreviewed.push(`${module}: ${line}`);
        else seen.add(`${module}\n${line}`);
      }
    }
    expect(unreviewed).toEqual([]);
    // A reviewed read that no bundle holds any more is dropped from the list, so the list says what is there.
    expect(REVIEWED.filter((entry) => !seen.has(`${entry.module}\n${entry.line}`)).map((entry) => entry.line)).toEqual([]);
  }, 180_000);

  test('our own code reads no class name at run time', () => {
    const readers = ['lib', 'rules', 'handlers']
      .flatMap((folder) => typescriptFiles(join(ROOT, folder)))
      .filter((file) => /constructor\??\.name|new\.target\.name/.test(readFileSync(file, 'utf8')))
      .map(posix);
    expect(readers).toEqual([]);
  });
});
