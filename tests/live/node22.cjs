#!/usr/bin/env node
'use strict';
/*
 * Makes Node.js 22 (the Lambda runtime the functions are packaged for, nodejs22.x) available to the live suite
 * without touching the machine's Node or the project's node_modules: the npm registry ships Node binaries as the
 * package node-<platform>-<arch>, installed here into its own prefix under the git-ignored .cache/node22. An
 * existing install of a 22.x is reused. Prints the path of the node binary on stdout; progress goes to stderr.
 *
 *   node tests/live/node22.cjs            # install if needed, print the binary's path
 */
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const PREFIX = join(ROOT, '.cache', 'node22');
const MAJOR = 22;
const PACKAGE = `node-${process.platform}-${process.arch}`;
const BINARY = join(PREFIX, 'node_modules', PACKAGE, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');

const versionOf = (binary) => {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 20_000 }).trim();
  } catch {
    return undefined;
  }
};

const isWanted = (version) => typeof version === 'string' && version.startsWith(`v${MAJOR}.`);

const ensureNode22 = () => {
  if (existsSync(BINARY) && isWanted(versionOf(BINARY))) return BINARY;
  mkdirSync(PREFIX, { recursive: true });
  // A package.json of its own, so npm installs into this prefix and never walks up to the project's.
  if (!existsSync(join(PREFIX, 'package.json'))) writeFileSync(join(PREFIX, 'package.json'), '{ "private": true }\n');
  process.stderr.write(`live suite: installing ${PACKAGE}@${MAJOR} from the npm registry into ${PREFIX}\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['install', '--prefix', PREFIX, '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', `${PACKAGE}@${MAJOR}`], {
    stdio: ['ignore', process.stderr, process.stderr],
    timeout: 300_000,
  });
  const version = versionOf(BINARY);
  if (!isWanted(version)) throw new Error(`${BINARY} is not a working Node.js ${MAJOR} after the install (got ${version ?? 'no output'})`);
  return BINARY;
};

module.exports = { ensureNode22, NODE22_BINARY: BINARY };

if (require.main === module) {
  try {
    process.stdout.write(`${ensureNode22()}\n`);
  } catch (error) {
    process.stderr.write(`live suite: could not provide Node.js ${MAJOR}: ${error.message}\n`);
    process.exit(1);
  }
}
