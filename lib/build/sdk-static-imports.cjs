'use strict';
/*
 * An esbuild plugin for the Lambda bundles: no dynamic import() of a bundled module left in the SDK.
 *
 * When a bundled module is reached through import(), esbuild can no longer hoist it, nor anything it imports, into
 * the bundle's one scope: every such module becomes a lazy wrapper (`__esm`) that runs at load anyway, since the
 * clients import the same modules statically. Two dynamic imports did that to about 280 modules (all of
 * @smithy/core's submodules, the HTTP handler, the credential chain): V8 pre-parses each wrapper's body when it
 * compiles the bundle, then parses it again when the wrapper runs at load, a few milliseconds of every cold start.
 *
 * - The credential chain's remote link (@aws-sdk/credential-provider-node remoteProvider: container and instance
 *   metadata, reached only when the environment holds no credentials) imports its providers statically instead:
 *   the same code and behaviour, loaded with the rest.
 * - The event-stream codec (@smithy/core/event-streams, loaded by the HTTP protocol for operations that stream
 *   events, such as Lambda's InvokeWithResponseStream) is not bundled: no function sends such an operation, and
 *   one that did would fail with an error naming this plugin instead of streaming.
 *
 * Each rewrite checks that the text it replaces is there exactly once, so an SDK update that moves it fails the
 * build instead of silently bringing the wrappers back.
 */
const { readFile } = require('node:fs/promises');

const REMOTE_PROVIDER = /[\\/]@aws-sdk[\\/]credential-provider-node[\\/]dist-es[\\/]remoteProvider\.js$/;
const HTTP_PROTOCOL = /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]protocols[\\/]HttpProtocol\.js$/;

const EVENT_STREAMS_NOT_BUNDLED =
  'Promise.reject(new Error("@smithy/core/event-streams is not bundled into this Lambda function (lib/build/sdk-static-imports.cjs): no trailguard function sends an operation that streams events"))';

/** `source` with each [from, to] replaced; throws unless every `from` occurs exactly once. */
const replaceOnce = (source, path, replacements) =>
  replacements.reduce((text, [from, to]) => {
    const at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`sdk-static-imports: expected "${from}" exactly once in ${path}`);
    return text.slice(0, at) + to + text.slice(at + from.length);
  }, source);

const rewrite = (source, path) => {
  if (REMOTE_PROVIDER.test(path)) {
    return (
      'import * as __imdsProviders from "@smithy/credential-provider-imds";\nimport * as __httpProvider from "@aws-sdk/credential-provider-http";\n' +
      replaceOnce(source, path, [
        ['await import("@smithy/credential-provider-imds")', '__imdsProviders'],
        ['await import("@aws-sdk/credential-provider-http")', '__httpProvider'],
      ])
    );
  }
  return replaceOnce(source, path, [['import("@smithy/core/event-streams")', EVENT_STREAMS_NOT_BUNDLED]]);
};

const sdkStaticImports = () => ({
  name: 'sdk-static-imports',
  setup(build) {
    for (const filter of [REMOTE_PROVIDER, HTTP_PROTOCOL]) {
      build.onLoad({ filter }, async (args) => ({ contents: rewrite(await readFile(args.path, 'utf8'), args.path), loader: 'js' }));
    }
  },
});

module.exports = { sdkStaticImports, rewrite, REMOTE_PROVIDER, HTTP_PROTOCOL };
