'use strict';
// The plugins of the Lambda bundles (serverless.yml custom.esbuild.plugins loads a file whose export is the list).
const { sdkSchemaKeys } = require('./sdk-schema-keys.cjs');
const { lambdaCredentials } = require('./lambda-credentials.cjs');
const { sdkStaticImports } = require('./sdk-static-imports.cjs');
const { sdkClientVersion } = require('./sdk-client-version.cjs');
const { sdkErrorClasses } = require('./sdk-error-classes.cjs');
const { sdkClassNames } = require('./sdk-class-names.cjs');

module.exports = [sdkSchemaKeys(), lambdaCredentials(), sdkStaticImports(), sdkClientVersion(), sdkErrorClasses(), sdkClassNames()];
