'use strict';
/*
 * A Lambda execution environment in miniature, run by Node.js 22 (the nodejs22.x runtime) as a child of the test
 * process: loads one packaged function's handler once (its cold start), then runs each event the parent sends
 * over IPC with a Lambda-shaped context, and answers with the result or the error and the lines the invocation
 * wrote to stdout/stderr (Powertools logs, EMF metrics). Only what the parent put in the environment is there.
 *
 * argv: <task root> <handler, e.g. handlers/security-group.handler> <function name> <memory MB> <timeout s>
 */
const { randomUUID } = require('node:crypto');
const { join } = require('node:path');

const [taskRoot, handlerSpec, functionName, memory, timeoutSeconds] = process.argv.slice(2);

let lines = [];
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    lines.push(...String(chunk).split('\n').filter((line) => line !== ''));
    return write(chunk, ...rest);
  };
}

const errorOf = (error) => ({
  name: error?.name ?? typeof error,
  message: error?.message ?? String(error),
  stack: error?.stack,
  cause: error?.cause ? { name: error.cause.name, message: error.cause.message } : undefined,
});

let handler;
let initError;
const initStarted = process.hrtime.bigint();
try {
  const dot = handlerSpec.lastIndexOf('.');
  const module = require(join(taskRoot, `${handlerSpec.slice(0, dot)}.js`));
  handler = module[handlerSpec.slice(dot + 1)];
  if (typeof handler !== 'function') throw new Error(`${handlerSpec} is not a function in the bundle`);
} catch (error) {
  initError = errorOf(error);
}
const initMs = Number(process.hrtime.bigint() - initStarted) / 1e6;
const initLines = lines;
lines = [];

const context = (awsRequestId, deadline) => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:123456789012:function:${functionName}`,
  memoryLimitInMB: String(memory),
  awsRequestId,
  logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
  logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

let first = true;
process.on('message', async (message) => {
  if (message?.type !== 'invoke') return;
  const awsRequestId = randomUUID();
  const logs = first ? [...initLines] : [];
  const coldStart = first;
  first = false;
  lines = [];
  const started = process.hrtime.bigint();
  let outcome;
  if (initError) outcome = { ok: false, error: initError };
  else {
    try {
      const result = await handler(message.event, context(awsRequestId, Date.now() + Number(timeoutSeconds) * 1000));
      outcome = { ok: true, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) };
    } catch (error) {
      outcome = { ok: false, error: errorOf(error) };
    }
  }
  const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
  process.send({ type: 'result', id: message.id, awsRequestId, coldStart, initMs, durationMs, logs: [...logs, ...lines], ...outcome });
});

process.send({ type: 'ready', nodeVersion: process.version });
