'use strict';
/*
 * Source transforms for the Lambda bundles (applied by lib/build/sdk-schema-keys.cjs, together, or not at all):
 * an SDK client registers its error schemas when an error response first needs them, not at every cold start.
 *
 * Each client's schemas module declares a schema for every error its service may return and registers it with its
 * class in the SDK's TypeRegistry, at module load: about 260 schemas and registrations in the trail function,
 * 26 KB of top-level code V8 compiles and runs at every cold start, though a typical event gets no error response
 * (the registry is read only to turn an error response into its class). Two rewrites defer that work:
 *
 * - in a schemas module, every `export var X$ = [-3, ...]; registry.registerError(X$, X);` pair becomes an
 *   assignment inside one function handed to `TypeRegistry.defer`; the `export var X$` bindings stay (undefined
 *   until then). A module where an error schema is also used by other top-level code is left as written.
 * - in @smithy/core's TypeRegistry, every method first runs the deferred registrations (once, in the order the
 *   modules were loaded, each module's in its own order), and a `copyFrom` made while some are pending (a client's
 *   protocol copies its error registries when the client is constructed) is recorded and replayed, in order, before
 *   that registry is next used. Every read therefore sees exactly the entries the eager registrations would have
 *   put there; nothing outside TypeRegistry reads its maps.
 *
 * tests/build/lazy-error-registry.test.ts checks both against the SDK as published: the same registry contents per
 * client, and the same error thrown for an error response.
 */

/** The SDK's type registry (the ES build the bundles use). */
const TYPE_REGISTRY = /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]schema[\\/]TypeRegistry\.js$/;

const replaceOnce = (source, path, replacements) =>
  replacements.reduce((text, [from, to]) => {
    const at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`lazy-error-registry: expected "${from}" exactly once in ${path}`);
    return text.slice(0, at) + to + text.slice(at + from.length);
  }, source);

const SETTLE = '        this.#settle();\n';

/** TypeRegistry with deferred registrations and deferred copies, settled before any method does its work. */
const deferringTypeRegistry = (source, path = 'TypeRegistry.js') =>
  replaceOnce(source, path, [
    [
      '    static registries = new Map();\n',
      `    static registries = new Map();
    static #deferred = [];
    static #settling = false;
    static defer(register) {
        TypeRegistry.#deferred.push(register);
    }
    static #settleDeferred() {
        if (TypeRegistry.#settling) {
            return;
        }
        TypeRegistry.#settling = true;
        try {
            while (TypeRegistry.#deferred.length > 0) {
                TypeRegistry.#deferred.shift()();
            }
        }
        finally {
            TypeRegistry.#settling = false;
        }
    }
    #pendingCopies = [];
    #settle() {
        TypeRegistry.#settleDeferred();
        while (this.#pendingCopies.length > 0) {
            this.#copyNow(this.#pendingCopies.shift());
        }
    }
`,
    ],
    [
      '    copyFrom(other) {\n',
      `    copyFrom(other) {
        if (TypeRegistry.#deferred.length > 0 || this.#pendingCopies.length > 0) {
            this.#pendingCopies.push(other);
            return;
        }
        this.#copyNow(other);
    }
    #copyNow(other) {
        other.#settle();
`,
    ],
    ['    register(shapeId, schema) {\n', `    register(shapeId, schema) {\n${SETTLE}`],
    ['    getSchema(shapeId) {\n', `    getSchema(shapeId) {\n${SETTLE}`],
    ['    registerError(es, ctor) {\n', `    registerError(es, ctor) {\n${SETTLE}`],
    ['    getErrorCtor(es) {\n', `    getErrorCtor(es) {\n${SETTLE}`],
    ['    getBaseException() {\n', `    getBaseException() {\n${SETTLE}`],
    ['    find(predicate) {\n', `    find(predicate) {\n${SETTLE}`],
    ['    clear() {\n', `    clear() {\n${SETTLE}`],
  ]);

// One statement each: the literal may span lines but holds no `;` at a line's end.
const ERROR_REGISTRATION = /^export var (\w+\$) = (\[-3, (?:(?!;\n)[\s\S])*?\]);\n(\w+)\.registerError\(\1, (\w+)\);$/gm;

/** A schemas module with its error registrations deferred, or as written when they cannot be moved safely. */
const deferErrorRegistration = (source) => {
  const moved = [];
  const rest = source.replace(ERROR_REGISTRATION, (statement, schema, literal, registry, errorClass) => {
    moved.push({ schema, code: `    ${schema} = ${literal};\n    ${registry}.registerError(${schema}, ${errorClass});` });
    return `export var ${schema};`;
  });
  if (moved.length === 0 || !/^import \{ TypeRegistry \} from "@smithy\/core\/schema";$/m.test(source)) return source;
  // A moved schema read by other top-level code would be read before it is assigned.
  for (const { schema } of moved) {
    const uses = rest.match(new RegExp(`(?<![\\w$])${schema.replace('$', '\\$')}(?![\\w$])`, 'g')) ?? [];
    if (uses.length !== 1) return source;
  }
  return `${rest}\nTypeRegistry.defer(() => {\n${moved.map((m) => m.code).join('\n')}\n});\n`;
};

module.exports = { deferringTypeRegistry, deferErrorRegistration, TYPE_REGISTRY };
