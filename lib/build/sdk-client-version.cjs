'use strict';
/*
 * An esbuild plugin for the Lambda bundles: an SDK client's package.json bundled as the one field it is read for.
 *
 * Each client's runtime config imports its whole package.json (`import packageInfo from "../package.json"`) to put
 * `packageInfo.version` in the user agent. esbuild cannot drop the other fields of a default-imported JSON object,
 * so every client brought its scripts, dependencies and metadata along: about 2 KB a client, 15 KB of object
 * literals V8 compiled at every cold start of a function with seven clients. The client reads nothing but the
 * version (tests/build/sdk-client-version.test.ts checks that the client sources read no other field).
 */
const { readFile } = require('node:fs/promises');

/** The package.json of an SDK client or of the nested clients the credential providers use. */
const CLIENT_PACKAGE_JSON = /[\\/]@aws-sdk[\\/](?:client-[^\\/]+|nested-clients)[\\/]package\.json$/;

const sdkClientVersion = () => ({
  name: 'sdk-client-version',
  setup(build) {
    build.onLoad({ filter: CLIENT_PACKAGE_JSON }, async (args) => {
      const { version } = JSON.parse(await readFile(args.path, 'utf8'));
      if (typeof version !== 'string') throw new Error(`sdk-client-version: no version in ${args.path}`);
      return { contents: JSON.stringify({ version }), loader: 'json' };
    });
  },
});

module.exports = { sdkClientVersion, CLIENT_PACKAGE_JSON };
