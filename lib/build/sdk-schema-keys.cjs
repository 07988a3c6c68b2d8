'use strict';
/*
 * An esbuild plugin that lets the bundler drop the AWS SDK schemas a function never uses.
 *
 * Each SDK v3 client ships every shape of its service in one module (dist-es/schemas/schemas_0.js): for EC2, 1.3 MB
 * of source, 550 KB of it in a minified bundle, though a function sends two or three commands. The shapes are plain
 * arrays esbuild could tree-shake, but their member traits are objects with computed keys naming module constants
 * (`{ [_xN]: _m }`, with `const _xN = "xmlName"` at the top). esbuild cannot prove such a key free of side effects
 * (a computed key may call toString), so it keeps every shape. Replacing each computed key whose name is one of the
 * module's own string constants with that string makes the object literal pure and the same value: unused shapes go,
 * and the EC2 schemas shrink to what the commands the function sends reach.
 */
const { readFile } = require('node:fs/promises');

/** SDK schema modules: client packages and the nested clients the credential providers use. */
const SCHEMA_MODULE = /[\\/]@aws-sdk[\\/][^\\/]+[\\/]dist-es[\\/](?:.*[\\/])?schemas[\\/]schemas_\d+\.js$/;
const STRING_CONSTANT = /^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm;
const COMPUTED_KEY = /\[(_\w+)\]:/g;

/** The module's source with `[_name]:` keys replaced by the string `_name` holds; other computed keys are left. */
const literalSchemaKeys = (source) => {
  const constants = new Map();
  for (const [, name, literal] of source.matchAll(STRING_CONSTANT)) constants.set(name, literal);
  return source.replace(COMPUTED_KEY, (key, name) => (constants.has(name) ? `${constants.get(name)}:` : key));
};

const sdkSchemaKeys = () => ({
  name: 'sdk-schema-keys',
  setup(build) {
    build.onLoad({ filter: SCHEMA_MODULE }, async (args) => ({ contents: literalSchemaKeys(await readFile(args.path, 'utf8')), loader: 'js' }));
  },
});

// serverless-esbuild's `plugins` option loads a file whose export is the list of plugins.
module.exports = [sdkSchemaKeys()];
module.exports.literalSchemaKeys = literalSchemaKeys;
module.exports.sdkSchemaKeys = sdkSchemaKeys;
module.exports.SCHEMA_MODULE = SCHEMA_MODULE;
