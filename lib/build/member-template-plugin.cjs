// Writes the organization member template (lib/deploy-organization.ts) beside the stack's own template when a
// `topology: central` stage is packaged (`sls package`, and `sls deploy`, which packages first): <package
// dir>/trailguard-member.json, by default .serverless/. Offline, like the rest of packaging: the central account id
// is a parameter of the template, given when the StackSet is created (README "Organization").
'use strict';

const { mkdirSync, rmSync, writeFileSync } = require('node:fs');
const path = require('node:path');

class MemberTemplatePlugin {
  constructor(serverless, options) {
    this.serverless = serverless;
    this.options = options;
    this.hooks = { 'after:package:finalize': () => this.write() };
  }

  write() {
    const { service } = this.serverless;
    const variables = service.provider.environment || {};
    const dir = this.options.package || service.package.path || path.join(this.serverless.serviceDir, '.serverless');
    const { file, template } = require('../deploy-params.cjs').memberTemplate({
      stage: this.serverless.getProvider('aws').getStage(),
      region: this.serverless.getProvider('aws').getRegion(),
      organizationId: String(variables.TRAILGUARD_ORGANIZATION_ID || ''),
    });
    const target = path.join(dir, file);
    // A single stage has no member template: remove one a central packaging left in the same directory.
    if (variables.TRAILGUARD_TOPOLOGY !== 'central') {
      rmSync(target, { force: true });
      return;
    }
    mkdirSync(dir, { recursive: true });
    // Compact: `aws cloudformation create-stack-set --template-body` takes at most 51,200 bytes (indented, it would not fit).
    writeFileSync(target, `${JSON.stringify(template)}\n`);
    this.serverless.cli.log(`trailguard: organization member template written to ${path.relative(process.cwd(), target)}`);
  }
}

module.exports = MemberTemplatePlugin;
