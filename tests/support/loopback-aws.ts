import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake endpoint received: the Query-protocol Action and the whole form body. */
export interface ReceivedRequest {
  readonly action: string;
  readonly body: URLSearchParams;
}

/** What the fake endpoint does with an Action: answer with this XML, or never answer (`'hang'`). */
export type Reply = string | 'hang';

/**
 * A local HTTP endpoint standing in for the AWS Query APIs (EC2, SNS): answers each Action as told, or holds the
 * request open forever, the way a half-dead connection does. Loopback only, port chosen by the OS; `stop()`
 * destroys every open socket, so nothing outlives the test file.
 */
export const startLoopbackAws = async (replies: Readonly<Record<string, Reply>>) => {
  const received: ReceivedRequest[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const action = body.get('Action') ?? '';
      received.push({ action, body });
      const reply = replies[action];
      if (reply === 'hang') return;
      response.writeHead(reply === undefined ? 400 : 200, { 'content-type': 'text/xml' });
      response.end(reply ?? `<ErrorResponse><Error><Code>InvalidAction</Code><Message>${action}</Message></Error></ErrorResponse>`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

export const PUBLISH_RESPONSE =
  '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>loopback-message-1</MessageId></PublishResult>' +
  '<ResponseMetadata><RequestId>loopback-request-1</RequestId></ResponseMetadata></PublishResponse>';

/** Races a promise against a bound, so a call that would hang forever shows up as `'still pending'` instead. */
export const settleWithin = async <T>(promise: Promise<T>, ms: number): Promise<{ value?: T; error?: unknown } | 'still pending'> => {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'still pending'>((resolve) => {
    timer = setTimeout(() => resolve('still pending'), ms);
  });
  try {
    return await Promise.race([promise.then((value) => ({ value }), (error: unknown) => ({ error })), bound]);
  } finally {
    clearTimeout(timer);
  }
};
