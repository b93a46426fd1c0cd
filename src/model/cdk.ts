import path from 'node:path';
import type { ParsedTemplate } from '../template/parse-template.js';
import { asString } from './intrinsics.js';
import type { CodeLocation } from './code-location.js';
import { HandlerResolver } from './resolve-handler.js';
import type { Stack } from './types.js';
import { isObject } from '../util/objects.js';

/**
 * CDK output (`cdk.out/*.template.json`) is CloudFormation with hashed logical ids; people know
 * its resources by construct path. This names them so, and finds handler source where the asset
 * metadata points at a source folder (`cdk synth --no-staging`); a staged copy inside cdk.out is
 * build output, not source, so those functions keep only the template rules (code kind `staged-asset`).
 */
export function applyCdkMetadata(stack: Stack, template: ParsedTemplate, projectRoot: string): void {
  const value = isObject(template.value) ? template.value : {};
  const resources = isObject(value['Resources']) ? value['Resources'] : {};
  const metadataOf = (id: string): Record<string, unknown> => {
    const resource = resources[id];
    return isObject(resource) && isObject(resource['Metadata']) ? resource['Metadata'] : {};
  };
  for (const node of [...stack.functions, ...stack.resources]) {
    const constructPath = asString(metadataOf(node.logicalId)['aws:cdk:path']);
    if (constructPath) node.name = constructPath.replace(/\/(Resource|Default)$/, '');
  }
  const templateDir = path.dirname(template.filePath);
  const handlers = new HandlerResolver(projectRoot);
  for (const fn of stack.functions) {
    const metadata = metadataOf(fn.logicalId);
    const assetPath = asString(metadata['aws:asset:path']);
    if (!assetPath || metadata['aws:asset:property'] !== 'Code') continue;
    const staged = path.resolve(templateDir, assetPath).split(path.sep).includes('cdk.out');
    const location: CodeLocation = staged ? { kind: 'staged-asset' } : { kind: 'folder', path: assetPath };
    const code = handlers.locate(templateDir, location, fn.runtime);
    fn.codeKind = code.kind;
    if (fn.handler) fn.handler = handlers.resolve(code, { handler: fn.handler.value, at: fn.handler.at });
  }
}
