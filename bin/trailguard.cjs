#!/usr/bin/env node
// The `trailguard` command. Runs the bundle that `npm ci` built (bin/build.cjs); rebuilds it first when a
// source file is newer, so a working copy never runs stale rules.
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const { outfile, build } = require('./build.cjs');

const newestSource = (dir) => {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
};

const stale = () => {
  if (!existsSync(outfile)) return true;
  const built = statSync(outfile).mtimeMs;
  return ['bin', 'lib', 'rules'].some((dir) => newestSource(join(root, dir)) > built);
};

if (stale()) build();
require(outfile);
