import { ConfigError } from '../../lib/errors';
import { createHandler } from '../../lib/lambda/create-handler';
import { WIRING } from '../../lib/lambda/wiring';
import { RULES } from '../../rules';
import { ACCOUNT, consoleSignIn, identities } from '../support/records';
import { busEvent, captureStdout, context, enableLogs, metricsIn, stageEnv } from './support';

// Config is parsed once at cold start; a bad value stops the cold start with a message that names the param
// (README "Deploy"). The real handler modules build their handler at import, so a bad
// environment makes the import itself fail, which is what makes Lambda report an init error.

const without = (name: string): Record<string, string> => {
  const env = stageEnv();
  delete env[name];
  return env;
};

const validException = {
  id: 'bastion-ssh',
  match: { securityGroupId: 'sg-0123456789abcdef0', port: 22 },
  reason: 'break-glass bastion',
  owner: 'platform-team@example.com',
  expires: '2026-12-31',
};
const { expires: _dropped, ...noExpiry } = validException;

/** Runs `body` with these variables set (undefined: unset) and puts process.env back afterwards. */
const withEnv = <T>(vars: Readonly<Record<string, string | undefined>>, body: () => T): T => {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply({ ...vars });
  try {
    return body();
  } finally {
    apply(saved);
  }
};

const UNSET_TRAILGUARD = Object.fromEntries(Object.keys(stageEnv({ TRAILGUARD_EXCEPTIONS: '', TRAILGUARD_PUBLIC_PORTS: '' })).map((name) => [name, undefined]));

describe('createHandler with a bad environment', () => {
  let restoreLogs: () => void;
  beforeAll(() => {
    restoreLogs = enableLogs();
  });
  afterAll(() => restoreLogs());

  test.each([
    ['TRAILGUARD_MODE missing', 'TRAILGUARD_MODE', without('TRAILGUARD_MODE'), 'is not set'],
    ['TRAILGUARD_MODE neither dry-run nor enforce', 'TRAILGUARD_MODE', stageEnv({ TRAILGUARD_MODE: 'Enforce!' }), 'must be dry-run or enforce'],
    ['TRAILGUARD_PUBLIC_PORTS=abc', 'TRAILGUARD_PUBLIC_PORTS[0]', stageEnv({ TRAILGUARD_PUBLIC_PORTS: 'abc' }), '"abc" is not a port number'],
    ['TRAILGUARD_PUBLIC_PORTS=80,https', 'TRAILGUARD_PUBLIC_PORTS[1]', stageEnv({ TRAILGUARD_PUBLIC_PORTS: '80,https' }), '"https" is not a port number'],
    [
      'an exception without expires',
      'TRAILGUARD_EXCEPTIONS[0].expires',
      stageEnv({ TRAILGUARD_EXCEPTIONS: JSON.stringify([noExpiry]) }),
      'must be a non-empty string',
    ],
    [
      'the second exception without expires',
      'TRAILGUARD_EXCEPTIONS[1].expires',
      stageEnv({ TRAILGUARD_EXCEPTIONS: JSON.stringify([validException, { ...noExpiry, id: 'other' }]) }),
      'must be a non-empty string',
    ],
  ])('%s: throws ConfigError with param %s and logs a critical line', (_name, param, env, reason) => {
    // Prepare
    const output = captureStdout();
    let thrown: unknown;

    // Act
    try {
      createHandler(WIRING['alert'], RULES, { env });
    } catch (error) {
      thrown = error;
    } finally {
      output.restore();
    }

    // Assess
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).param).toBe(param);
    expect((thrown as ConfigError).message.startsWith(`invalid configuration ${param}: `)).toBe(true);
    expect((thrown as ConfigError).message).toContain(reason);
    const critical = output.logs().filter((line) => line.level === 'CRITICAL');
    expect(critical).toHaveLength(1);
    expect(critical[0]).toMatchObject({
      message: 'invalid configuration: cold start stopped',
      service: 'trailguard',
      error: { name: 'ConfigError', message: expect.stringContaining(param) },
    });
  });
});

describe('importing the real handlers/alert.ts', () => {
  test('fails with ConfigError naming TRAILGUARD_MODE when the stage variables are missing', () => {
    // Prepare
    let thrown: unknown;

    // Act
    withEnv(UNSET_TRAILGUARD, () => {
      jest.isolateModules(() => {
        try {
          require('../../handlers/alert');
        } catch (error) {
          thrown = error;
        }
      });
    });

    // Assess: the isolated registry has its own ConfigError class, so compare by name.
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as ConfigError).name).toBe('ConfigError');
    expect((thrown as ConfigError).param).toBe('TRAILGUARD_MODE');
  });

  test('succeeds when they are set, exporting the handler', () => {
    // Prepare
    let module: typeof import('../../handlers/alert') | undefined;

    // Act
    withEnv(stageEnv(), () => {
      jest.isolateModules(() => {
        module = require('../../handlers/alert') as typeof import('../../handlers/alert');
      });
    });

    // Assess
    expect(typeof module?.handler).toBe('function');
  });
});

describe('ColdStart metric (AWS_LAMBDA_INITIALIZATION_TYPE=on-demand)', () => {
  test('the first invocation of a freshly loaded handlers/alert.ts emits ColdStart, the second does not', async () => {
    // Prepare: Powertools reads the initialisation type when its Metrics is constructed, i.e. at import, so the
    // module graph is loaded fresh with the variable set. SNS is mocked inside that graph.
    type Sns = typeof import('@aws-sdk/client-sns');
    type ClientMock = typeof import('aws-sdk-client-mock');
    let handler!: typeof import('../../handlers/alert')['handler'];
    let sns!: ReturnType<ClientMock['mockClient']>;
    let PublishCommand!: Sns['PublishCommand'];
    withEnv({ ...stageEnv(), AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand', POWERTOOLS_LOG_LEVEL: 'INFO' }, () => {
      jest.isolateModules(() => {
        const client = require('@aws-sdk/client-sns') as Sns;
        const { mockClient } = require('aws-sdk-client-mock') as ClientMock;
        PublishCommand = client.PublishCommand;
        sns = mockClient(client.SNSClient);
        sns.on(PublishCommand).resolves({ MessageId: 'msg-cold' });
        handler = (require('../../handlers/alert') as typeof import('../../handlers/alert')).handler;
      });
    });
    const ctx = context('trailguard-test-alert');
    const event = busEvent(consoleSignIn({ userIdentity: identities.root(ACCOUNT), mfaUsed: 'No' }));

    // Act
    const first = captureStdout();
    try {
      await handler(event, ctx);
    } finally {
      first.restore();
    }
    const second = captureStdout();
    try {
      await handler(event, ctx);
    } finally {
      second.restore();
    }

    // Assess
    const coldStarts = (output: ReturnType<typeof captureStdout>) => metricsIn(output.emf()).filter((m) => m.name === 'ColdStart');
    expect(coldStarts(first)).toEqual([
      // service and function_name from Powertools, plus the stage createHandler sets as a default dimension.
      { name: 'ColdStart', namespace: 'Trailguard', value: 1, dimensions: { service: 'trailguard', stage: 'test', function_name: 'trailguard-test-alert' } },
    ]);
    expect(coldStarts(second)).toEqual([]);
    // The logs agree, and both invocations still did their work.
    expect(first.logs().map((line) => line.cold_start)).toEqual(expect.arrayContaining([true]));
    expect(second.logs().every((line) => line.cold_start === false)).toBe(true);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
    expect(metricsIn(second.emf()).map((m) => m.name)).toEqual(expect.arrayContaining(['Findings', 'AlertsPublished']));
    sns.restore();
  });
});
