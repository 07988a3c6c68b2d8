import { build, type Plugin } from 'esbuild';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * `source` (JavaScript, resolved from the project root) bundled as serverless.yml custom.esbuild bundles a Lambda
 * function (minified ES module builds of the SDK for Node 22, class names not kept), with `plugins`, in memory: its
 * code, the inputs it kept with their bytes in the output, and its size. `keepNames` keeps every class's name, as
 * the source has it: a reference to compare the deployed build with.
 */
export const lambdaBundle = async (source: string, plugins: Plugin[], options: { keepNames?: boolean } = {}) => {
  const result = await build({
    stdin: { contents: source, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    minify: true,
    keepNames: options.keepNames ?? false,
    mainFields: ['module', 'main'],
    metafile: true,
    write: false,
    logLevel: 'silent',
    plugins,
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  return { code: result.outputFiles[0]!.text, inputs: output.inputs, bytes: result.outputFiles[0]!.contents.byteLength };
};
