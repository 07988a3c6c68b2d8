import { lambdaBundle } from '../support/lambda-bundle';

// The bundler plugin the deployment uses (serverless.yml custom.esbuild.plugins): plain CommonJS, loaded as is.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { literalSchemaKeys, sdkSchemaKeys, SCHEMA_MODULE } = require('../../lib/build/sdk-schema-keys.cjs') as {
  literalSchemaKeys: (source: string) => string;
  sdkSchemaKeys: () => import('esbuild').Plugin;
  SCHEMA_MODULE: RegExp;
};

/** Bytes of @aws-sdk/client-ec2 in a minified bundle of a function that sends one EC2 command. */
const ec2BytesInBundle = async (plugins: import('esbuild').Plugin[]): Promise<number> => {
  const { inputs } = await lambdaBundle(
    "import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';\n" +
      "export const revoke = (groupId) => new EC2Client({}).send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId }));\n",
    plugins,
  );
  return Object.entries(inputs)
    .filter(([file]) => file.includes('@aws-sdk/client-ec2/'))
    .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
};

describe('sdk-schema-keys bundler plugin', () => {
  test('turns computed keys naming the module\'s own string constants into those strings, and nothing else', () => {
    // Prepare
    const source = [
      'const _xN = "xmlName";',
      'const _eQN = "ec2QueryName";',
      'const _esc = "say \\"hi\\"";',
      'let notConstant = "x";',
      'export var A$ = [3, n0, _A, 0, [_M], [[1, { [_eQN]: `Min`, [_xN]: _m }]]];',
      'export var B$ = { [_esc]: 1, [notConstant]: 2, [_unknown]: 3 };',
    ].join('\n');

    // Act
    const rewritten = literalSchemaKeys(source);

    // Assess
    expect(rewritten).toContain('{ "ec2QueryName": `Min`, "xmlName": _m }');
    expect(rewritten).toContain('{ "say \\"hi\\"": 1, [notConstant]: 2, [_unknown]: 3 }');
    expect(rewritten.split('\n').slice(0, 4)).toEqual(source.split('\n').slice(0, 4));
  });

  test('applies to SDK schema modules only', () => {
    expect(SCHEMA_MODULE.test('/x/node_modules/@aws-sdk/client-ec2/dist-es/schemas/schemas_0.js')).toBe(true);
    expect(SCHEMA_MODULE.test('C:\\x\\node_modules\\@aws-sdk\\nested-clients\\dist-es\\submodules\\sts\\schemas\\schemas_0.js')).toBe(true);
    expect(SCHEMA_MODULE.test('/x/node_modules/@aws-sdk/client-ec2/dist-cjs/index.js')).toBe(false);
    expect(SCHEMA_MODULE.test('/x/lib/schemas/schemas_0.js')).toBe(false);
  });

  test('with the installed SDK, a function sending one EC2 command keeps a small part of the EC2 schemas', async () => {
    // Act
    const without = await ec2BytesInBundle([]);
    const withPlugin = await ec2BytesInBundle([sdkSchemaKeys()]);

    // Assess: without it every EC2 shape stays (over 400 KB); with it, only what the command reaches.
    expect(without).toBeGreaterThan(400 * 1024);
    expect(withPlugin).toBeLessThan(50 * 1024);
  }, 60_000);
});
