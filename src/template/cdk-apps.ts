import path from 'node:path';
import { globSync } from 'tinyglobby';
import { readTemplateFile } from './read-template.js';
import { isInside, realPath } from '../util/fs-fence.js';
import { isObject } from '../util/objects.js';

/** `cdk.out/<stack>.template.json`, or one level down in a Stage's nested assembly. */
const SYNTHESIZED = ['*.template.json', '*/*.template.json'];

/**
 * A CDK app (`cdk.json`) whose output folder (`output` in cdk.json, `cdk.out` by default) holds no
 * synthesized template. sls-lint reads `cdk synth` output, never CDK source, so such an app would
 * otherwise be passed over in silence.
 */
export function isUnsynthesizedCdkApp(cdkJson: string, realRoot: string): boolean {
  const outDir = path.resolve(path.dirname(cdkJson), outputOf(cdkJson, realRoot));
  // An output folder outside the project is never read: nothing synthesized is within reach.
  if (!isInside(realRoot, realPath(outDir))) return true;
  return globSync(SYNTHESIZED, { cwd: outDir, followSymbolicLinks: false, dot: false }).length === 0;
}

function outputOf(cdkJson: string, fence: string): string {
  const read = readTemplateFile(cdkJson, fence);
  if (!read.ok) return 'cdk.out';
  try {
    const value: unknown = JSON.parse(read.text);
    return isObject(value) && typeof value['output'] === 'string' ? value['output'] : 'cdk.out';
  } catch {
    return 'cdk.out';
  }
}
