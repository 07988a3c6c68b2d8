'use strict';
/*
 * An esbuild plugin for the Lambda bundles: the SDK classes whose names are read at run time keep them.
 *
 * The bundles are minified without esbuild's keepNames (it wraps every class and function in a naming call: about
 * 30 KB and a few milliseconds of every cold start). Our own errors state their names (lib/errors.ts). The SDK reads
 * a class's name in two places that matter:
 * - `logger.constructor.name === "NoOpLogger"` tells its silent default logger from one a caller gave, and picks
 *   console.warn over it for the SDK's own warnings;
 * - ServiceException's instanceof falls back on the class name (`this.name`) for an error that is not on the
 *   class's prototype chain, and an error's prototype chain is what a log of its classes shows.
 * So the classes of those modules get their names back, stated after their declaration.
 * tests/build/class-names.test.ts finds every class-name comparison in the bundled library code, so a new one fails
 * a test instead of silently changing behaviour.
 */
const { readFile } = require('node:fs/promises');

/**
 * The modules whose classes keep their names: the SDK's NoOpLogger, its ServiceException, and each client's own
 * ServiceException (the base of the client's errors, which lib/build/sdk-error-classes.cjs builds already named).
 */
const KEPT_NAME_MODULES =
  /[\\/]node_modules[\\/](?:@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]client[\\/]smithy-client[\\/](?:NoOpLogger|exceptions)|@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]models[\\/]\w+ServiceException)\.js$/;

/** `source` with every class it exports by declaration named as written, whatever the minifier calls it. */
const keepClassNames = (source, path) => {
  const names = [...source.matchAll(/^export class (\w+)\b/gm)].map((match) => match[1]);
  // Each of these modules declares its class at top level; none means the module changed shape: look again.
  if (names.length === 0) throw new Error(`sdk-class-names: no exported class declared in ${path}`);
  const naming = names.map((name) => `Object.defineProperty(${name}, "name", { value: ${JSON.stringify(name)}, configurable: true });`);
  return `${source}\n${naming.join('\n')}\n`;
};

const sdkClassNames = () => ({
  name: 'sdk-class-names',
  setup(build) {
    build.onLoad({ filter: KEPT_NAME_MODULES }, async (args) => ({ contents: keepClassNames(await readFile(args.path, 'utf8'), args.path), loader: 'js' }));
  },
});

module.exports = { sdkClassNames, keepClassNames, KEPT_NAME_MODULES };
