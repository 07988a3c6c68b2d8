'use strict';
/*
 * One Lambda cold start, run by Node.js 22 in a fresh process (bench/cold-start.ts spawns it). Prints one JSON line
 * after loading the handler (`ready`, with the module's own load time), then runs the event it was given once and
 * prints the result line. `--empty` loads nothing: the same process without a handler, the baseline.
 *
 *   cold-start-child.cjs <task root> <handler> <event file> | --empty
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const [taskRoot, handlerSpec, eventFile] = process.argv.slice(2);
const say = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);
// Powertools logs and EMF go to stdout: keep them off the protocol lines.
const write = process.stdout.write.bind(process.stdout);
const quiet = (chunk) => (typeof chunk === 'string' && chunk.startsWith('{"type":"bench') ? write(chunk) : true);

if (taskRoot === '--empty') {
  say({ type: 'bench-ready', loadMs: 0 });
  process.exit(0);
}
process.stdout.write = quiet;
const started = process.hrtime.bigint();
const dot = handlerSpec.lastIndexOf('.');
const handler = require(join(taskRoot, `${handlerSpec.slice(0, dot)}.js`))[handlerSpec.slice(dot + 1)];
const loadMs = Number(process.hrtime.bigint() - started) / 1e6;
say({ type: 'bench-ready', loadMs });

const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const context = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:123456789012:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
  memoryLimitInMB: '256',
  awsRequestId: 'cold-start-bench',
  getRemainingTimeInMillis: () => 30_000,
  callbackWaitsForEmptyEventLoop: true,
};
const invoked = process.hrtime.bigint();
Promise.resolve(handler(event, context)).then(
  (result) => {
    say({ type: 'bench-result', ok: true, firstEventMs: Number(process.hrtime.bigint() - invoked) / 1e6, result });
    process.exit(0);
  },
  (error) => {
    say({ type: 'bench-result', ok: false, firstEventMs: Number(process.hrtime.bigint() - invoked) / 1e6, error: `${error?.name}: ${error?.message}` });
    process.exit(0);
  },
);
