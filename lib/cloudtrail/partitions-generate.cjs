#!/usr/bin/env node
// Renders lib/cloudtrail/partitions.generated.json from the partition data the installed AWS SDK ships (the same
// table its endpoint resolver uses): partition ids, their region-name patterns and every region they list.
// Run after upgrading the SDK (`node lib/cloudtrail/partitions-generate.cjs`); a test fails while it is stale.
// Only this small table reaches the bundles, never the SDK module it comes from.
const { readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const sdkPartitions = () => {
  const core = dirname(require.resolve('@aws-sdk/core/package.json'));
  const source = readFileSync(join(core, 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js'), 'utf8');
  const json = source.slice(source.indexOf('{'), source.lastIndexOf('}') + 1);
  return JSON.parse(json).partitions;
};

const render = () =>
  `${JSON.stringify(
    sdkPartitions().map((p) => ({ id: p.id, regionRegex: p.regionRegex, regions: Object.keys(p.regions).filter((r) => !r.startsWith('aws-')).sort() })),
    null,
    2,
  )}\n`;

const outfile = join(__dirname, 'partitions.generated.json');
module.exports = { render, outfile };
if (require.main === module) writeFileSync(outfile, render());
