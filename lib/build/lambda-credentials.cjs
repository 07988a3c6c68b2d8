'use strict';
/*
 * An esbuild plugin for the Lambda bundles: the SDK's default credential chain without the links Lambda never
 * reaches.
 *
 * Every SDK v3 client's runtime config imports @aws-sdk/credential-provider-node's defaultProvider, whose chain
 * (environment, SSO, shared ini files, credential_process, web identity token file, container/instance metadata)
 * reaches its later links through dynamic imports. esbuild bundles those eagerly: SSO, ini, login, process and web
 * identity bring the nested SSO, SSO-OIDC, sign-in and STS clients with them, about 110 KB of a 700 KB minified
 * function that V8 must parse at every cold start, for code that never runs there: Lambda gives each function its
 * role's credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, which the chain's first link
 * (fromEnv) reads.
 *
 * The replacement keeps the chain's first and last links as the SDK has them: fromEnv (and its refusal when
 * AWS_PROFILE is set), then the container/instance metadata providers (remoteProvider, unchanged), then the same
 * final error. A profile, SSO fields, an ini file or a token file cannot supply credentials inside the bundle: the
 * error says so instead of silently trying nothing. The exports are the module's own (defaultProvider,
 * credentialsWillNeedRefresh, credentialsTreatedAsExpired), with the same memoisation and expiry rule.
 */
const { dirname } = require('node:path');

/** The module replaced: the default chain of @aws-sdk/credential-provider-node (ES build, which the bundles use). */
const DEFAULT_PROVIDER = /[\\/]@aws-sdk[\\/]credential-provider-node[\\/]dist-es[\\/]defaultProvider\.js$/;

const LAMBDA_DEFAULT_PROVIDER = `
import { fromEnv } from "@aws-sdk/credential-provider-env";
import { CredentialsProviderError, ENV_PROFILE } from "@smithy/core/config";
import { remoteProvider } from "./remoteProvider";
import { memoizeChain } from "./runtime/memoize-chain";
const NOT_BUNDLED = "is not bundled into this Lambda function (lib/build/lambda-credentials.cjs): Lambda supplies the role's credentials in the environment";
export const defaultProvider = (init = {}) => memoizeChain([
    async () => {
        const profile = init.profile ?? process.env[ENV_PROFILE];
        if (profile) {
            throw new CredentialsProviderError("AWS_PROFILE is set (" + profile + "), but the shared config file provider " + NOT_BUNDLED, { logger: init.logger, tryNextLink: false });
        }
        init.logger?.debug("@aws-sdk/credential-provider-node - defaultProvider::fromEnv");
        return fromEnv(init)();
    },
    async () => {
        if (init.ssoStartUrl || init.ssoAccountId || init.ssoRegion || init.ssoRoleName || init.ssoSession) {
            throw new CredentialsProviderError("SSO credentials were asked for, but the SSO provider " + NOT_BUNDLED, { logger: init.logger, tryNextLink: false });
        }
        init.logger?.debug("@aws-sdk/credential-provider-node - defaultProvider::remoteProvider");
        return (await remoteProvider(init))();
    },
    async () => {
        throw new CredentialsProviderError("Could not load credentials from any providers (environment, container or instance metadata; the shared config, SSO, credential_process and web identity providers " + NOT_BUNDLED + ")", {
            tryNextLink: false,
            logger: init.logger,
        });
    },
], credentialsTreatedAsExpired);
export const credentialsWillNeedRefresh = (credentials) => credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials) => credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300000;
`;

const lambdaCredentials = () => ({
  name: 'lambda-credentials',
  setup(build) {
    // resolveDir: the replacement's imports resolve exactly as the original module's would.
    build.onLoad({ filter: DEFAULT_PROVIDER }, (args) => ({ contents: LAMBDA_DEFAULT_PROVIDER, loader: 'js', resolveDir: dirname(args.path) }));
  },
});

module.exports = { lambdaCredentials, DEFAULT_PROVIDER };
