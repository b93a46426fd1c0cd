import { isFunctionNode, propertyName, unwrap, type Node } from '../code/ast.js';
import { requireOf, type PackageReexport } from '../code/declarations.js';
import { libraryIndex } from '../code/library-catalog.js';
import { isTracingPassThrough } from '../code/module-paths.js';
import { isAwsSdkSource } from '../code/sdk-catalog.js';
import type { ModuleIndex } from './module-index.js';
import type { ModuleLookup } from './value-resolver.js';

/** What a name stands for in a package: an export of it, or (`*`) the whole package. */
type PackageValue = { source: string; imported: string };

/** How many hops (names, modules) a re-export is followed: cycles end here. */
const MAX_DEPTH = 16;

const found = new WeakMap<ModuleIndex, PackageReexport[]>();

/**
 * The imports of a module that name a project module which only passes a package on: the AWS SDK
 * (`module.exports = require('aws-sdk')`, `export * as AWS from 'aws-sdk'`,
 * `export { DynamoDBClient } from '@aws-sdk/client-dynamodb'`, `module.exports = AWSXRay.captureAWS(require('aws-sdk'))`),
 * or a database or HTTP library of the catalog (`module.exports = require('pg')`). Such a module
 * adds nothing between the importer and the package: what the importer builds from the name, it
 * builds from the package. A module that exports a client it built is not one of these.
 */
export function packageReexportsOf(modules: ModuleLookup, index: ModuleIndex): PackageReexport[] {
  let list = found.get(index);
  if (!list) {
    list = [];
    for (const [local, binding] of index.decls.imports) {
      if (isPassedOn(binding.source)) continue;
      const target = modules(index.file, binding.source);
      const value = target ? exported(modules, target, binding.imported, 0) : undefined;
      if (value) list.push({ local, via: binding.source, source: value.source, imported: value.imported });
    }
    found.set(index, list);
  }
  return list;
}

/** Packages whose values a project module may pass on: the SDK's, and the client libraries sls-lint knows. */
function isPassedOn(source: string): boolean {
  return isAwsSdkSource(source) || libraryIndex.clients.has(source) || libraryIndex.http.has(source);
}

/** What a module's export (`*` for the module as a namespace, `default`) is in a package, if it only passes one on. */
function exported(modules: ModuleLookup, index: ModuleIndex, name: string, depth: number): PackageValue | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (name === '*') return exported(modules, index, 'default', depth + 1) ?? onlyStar(index);
  const entry = index.exports.get(name);
  if (entry?.kind === 'reexport') {
    // `module.exports = require('pg')` (the module index records a default re-export and a star): the whole package.
    const whole = name === 'default' && entry.name === 'default' && index.starExports.includes(entry.source);
    return fromModule(modules, index, entry.source, whole ? '*' : entry.name, depth + 1);
  }
  if (entry?.kind === 'value') return valueOf(modules, index, entry.value, depth + 1);
  if (name === 'default') return undefined;
  // A CommonJS module that is a package: its members are the package's (`const { DynamoDB } = require('./aws')`).
  const whole = index.exports.has('default') ? exported(modules, index, 'default', depth + 1) : undefined;
  if (whole?.imported === '*') return { source: whole.source, imported: name };
  for (const star of index.starExports) {
    if (isPassedOn(star)) continue;
    const target = modules(index.file, star);
    const value = target ? exported(modules, target, name, depth + 1) : undefined;
    if (value) return value;
  }
  // `export * from '@aws-sdk/client-dynamodb'`: a class, command or paginator of the SDK's, not a name of the project's own.
  const sdkStar = index.starExports.find(isAwsSdkSource);
  return sdkStar && /^([A-Z]|paginate[A-Z]|waitUntil[A-Z]|waitFor[A-Z])/.test(name) ? { source: sdkStar, imported: name } : undefined;
}

/** A module whose only export is `export * from '<package>'`, imported as a namespace. */
function onlyStar(index: ModuleIndex): PackageValue | undefined {
  const [star] = index.starExports;
  return index.exports.size === 0 && index.starExports.length === 1 && star && isAwsSdkSource(star) ? { source: star, imported: '*' } : undefined;
}

function fromModule(modules: ModuleLookup, index: ModuleIndex, source: string, name: string, depth: number): PackageValue | undefined {
  if (isPassedOn(source)) return { source, imported: name };
  const target = modules(index.file, source);
  return target ? exported(modules, target, name, depth) : undefined;
}

/** What a value of a module is in a package: `require('aws-sdk')`, an imported name, a same-file name for one, the SDK under X-Ray. */
function valueOf(modules: ModuleLookup, index: ModuleIndex, value: Node, depth: number): PackageValue | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(value);
  if (isFunctionNode(node)) return undefined;
  const required = requireOf(node);
  if (required) return fromModule(modules, index, required.source, required.member ?? '*', depth + 1);
  switch (node.type) {
    case 'Identifier': {
      const binding = index.decls.imports.get(node.name);
      if (binding) return fromModule(modules, index, binding.source, binding.imported, depth + 1);
      const local = index.decls.valueOf(node.name, node);
      return local ? valueOf(modules, index, local, depth + 1) : undefined;
    }
    case 'MemberExpression': {
      // `module.exports = require('aws-sdk').DynamoDB`, `export const S3 = AWS.S3`: a member of the whole package.
      const member = propertyName(node.property, node.computed);
      const owner = member ? valueOf(modules, index, node.object, depth + 1) : undefined;
      return owner?.imported === '*' ? { source: owner.source, imported: member! } : undefined;
    }
    case 'CallExpression':
      // AWSXRay.captureAWS(require('aws-sdk')): the SDK, instrumented.
      return isTracingPassThrough(node) && node.arguments[0] ? valueOf(modules, index, node.arguments[0], depth + 1) : undefined;
    case 'ConditionalExpression':
      // `process.env.IS_OFFLINE ? require('aws-sdk') : AWSXRay.captureAWS(require('aws-sdk'))`
      return sameValue(valueOf(modules, index, node.consequent, depth + 1), valueOf(modules, index, node.alternate, depth + 1));
    case 'LogicalExpression':
      return sameValue(valueOf(modules, index, node.left, depth + 1), valueOf(modules, index, node.right, depth + 1));
    default:
      return undefined;
  }
}

/** Both branches pass the same thing on: otherwise the module chooses, and is more than a re-export. */
function sameValue(a: PackageValue | undefined, b: PackageValue | undefined): PackageValue | undefined {
  return a && b && a.source === b.source && a.imported === b.imported ? a : undefined;
}
