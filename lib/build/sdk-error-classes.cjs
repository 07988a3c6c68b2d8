'use strict';
/*
 * An esbuild plugin for the Lambda bundles: each SDK client's error classes built by one small function instead
 * of one class declaration each.
 *
 * A client declares every error its service may return as a class (dist-es/models/errors.js), and its schemas
 * register them all, so none can be tree-shaken: the trail function carries about 300, 80 KB of minified code
 * that V8 compiles at every cold start, for classes that differ only in their name, fault and members. Every one
 * of them has the same shape:
 *
 *   export class X extends __BaseException {
 *       static shapeId = "<namespace>#X";     (optional)
 *       name = "X";
 *       $fault = "client";                    (or "server")
 *       $retryable = {};                      (optional)
 *       Member;                               (zero or more)
 *       constructor(opts) {
 *           super({ name: "X", $fault: "client", ...opts });
 *           Object.setPrototypeOf(this, X.prototype);
 *           this.Member = opts.Member;        (the same members, in order)
 *       }
 *   }
 *
 * and sdkErrorClass below builds that class from (name, fault, members, ...): the same base class, constructor
 * arity, own fields defined in the same order with the same values, prototype chain, `name` and `shapeId` on the
 * class (the SDK's instanceof checks read both). A class that does not match the shape exactly is left as
 * written. tests/build/sdk-error-classes.test.ts compares every bundled client's classes built both ways.
 */
const { readFile } = require('node:fs/promises');
const { dirname } = require('node:path');

/** The error classes of an SDK client, or of the nested clients the credential providers use. */
const ERRORS_MODULE = /[\\/]@aws-sdk[\\/](?:client-[^\\/]+|nested-clients)[\\/]dist-es[\\/](?:.*[\\/])?models[\\/]errors\.js$/;

const FACTORY_MODULE = 'trailguard:sdk-error-class';

// Class fields are defined (not assigned) on the instance after super() returns: enumerable, writable, configurable.
const FACTORY_SOURCE = `
const field = (target, key, value) => Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
export const sdkErrorClass = (Base, name, fault, members, shapeNamespace, retryable) => {
    const ErrorClass = class extends Base {
        constructor(opts) {
            super({ name, $fault: fault, ...opts });
            field(this, "name", name);
            field(this, "$fault", fault);
            if (retryable) field(this, "$retryable", {});
            for (const member of members) field(this, member, undefined);
            Object.setPrototypeOf(this, ErrorClass.prototype);
            for (const member of members) this[member] = opts[member];
        }
    };
    Object.defineProperty(ErrorClass, "name", { value: name, configurable: true });
    if (shapeNamespace !== undefined) field(ErrorClass, "shapeId", shapeNamespace + "#" + name);
    return ErrorClass;
};
`;

const CLASS = /^export class (\w+) extends __BaseException \{\n([\s\S]*?)\n\}$/gm;
const BODY = new RegExp(
  [
    '^(?:    static shapeId = "([\\w.]+)#(\\w+)";\\n)?',
    '    name = "(\\w+)";\\n',
    '    \\$fault = "(client|server)";\\n',
    '(    \\$retryable = \\{\\};\\n)?',
    '((?:    \\w+;\\n)*)',
    '    constructor\\(opts\\) \\{\\n',
    '        super\\(\\{\\n',
    '            name: "(\\w+)",\\n',
    '            \\$fault: "(client|server)",\\n',
    '            \\.\\.\\.opts,\\n',
    '        \\}\\);\\n',
    '        Object\\.setPrototypeOf\\(this, (\\w+)\\.prototype\\);\\n',
    '((?:        this\\.\\w+ = opts\\.\\w+;\\n)*)',
    '    \\}$',
  ].join(''),
);

/** One class as a call of the factory, or undefined when it is not exactly of the shape the factory builds. */
const compactClass = (className, body) => {
  const match = BODY.exec(body);
  if (!match) return undefined;
  const [, shapeNamespace, shapeName, name, fault, retryable, fieldLines, superName, superFault, prototypeOf, assignmentLines] = match;
  if (name !== className || superName !== className || prototypeOf !== className || superFault !== fault) return undefined;
  if (shapeName !== undefined && shapeName !== className) return undefined;
  const members = [...fieldLines.matchAll(/^ {4}(\w+);$/gm)].map((field) => field[1]);
  const assignments = [...assignmentLines.matchAll(/^ {8}this\.(\w+) = opts\.(\w+);$/gm)];
  if (assignments.length !== members.length || assignments.some(([, to, from], i) => to !== members[i] || from !== members[i])) return undefined;
  const args = [JSON.stringify(name), JSON.stringify(fault), JSON.stringify(members)];
  if (shapeNamespace !== undefined || retryable) args.push(shapeNamespace === undefined ? 'undefined' : JSON.stringify(shapeNamespace));
  if (retryable) args.push('true');
  return `export const ${className} = /* @__PURE__ */ __sdkErrorClass(__BaseException, ${args.join(', ')});`;
};

/** The module with every class of the common shape replaced by a factory call; the others stay as written. */
const compactErrorClasses = (source) => {
  let compacted = 0;
  const rewritten = source.replace(CLASS, (declaration, className, body) => {
    const call = compactClass(className, body);
    if (call === undefined) return declaration;
    compacted++;
    return call;
  });
  return compacted === 0 ? source : `import { sdkErrorClass as __sdkErrorClass } from ${JSON.stringify(FACTORY_MODULE)};\n${rewritten}`;
};

const sdkErrorClasses = () => ({
  name: 'sdk-error-classes',
  setup(build) {
    build.onResolve({ filter: /^trailguard:sdk-error-class$/ }, () => ({ path: FACTORY_MODULE, namespace: 'sdk-error-classes' }));
    build.onLoad({ filter: /.*/, namespace: 'sdk-error-classes' }, () => ({ contents: FACTORY_SOURCE, loader: 'js' }));
    build.onLoad({ filter: ERRORS_MODULE }, async (args) => ({
      contents: compactErrorClasses(await readFile(args.path, 'utf8')),
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
});

module.exports = { sdkErrorClasses, compactErrorClasses, ERRORS_MODULE };
