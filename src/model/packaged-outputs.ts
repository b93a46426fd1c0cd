import path from 'node:path';
import { templateCodeLocation } from './code-location.js';
import { asString } from './intrinsics.js';
import { mergeGlobals } from './sam-globals.js';
import { isInside } from '../util/fs-fence.js';
import { isObject } from '../util/objects.js';

/** Where each function of a SAM or CloudFormation template has its code: in the project, in S3, or neither (an image, inline code). */
export interface CodePlaces {
  file: string;
  functions: ReadonlyMap<string, 'local' | 's3' | 'other'>;
}

/** Reads the functions' code locations from a template's value (SAM `Globals.Function` applied). */
export function codePlacesOf(file: string, value: unknown): CodePlaces {
  const functions = new Map<string, 'local' | 's3' | 'other'>();
  const template = isObject(value) ? value : {};
  const resources = isObject(template['Resources']) ? template['Resources'] : {};
  const globals = isObject(template['Globals']) ? template['Globals']['Function'] : undefined;
  for (const [id, resource] of Object.entries(resources)) {
    if (!isObject(resource)) continue;
    const type = asString(resource['Type']);
    const sam = type === 'AWS::Serverless::Function';
    if (!sam && type !== 'AWS::Lambda::Function') continue;
    const properties = sam ? mergeGlobals(globals, resource['Properties']) : resource['Properties'];
    const kind = templateCodeLocation(isObject(properties) ? properties : {}, sam).kind;
    functions.set(id, kind === 'folder' || kind === 'artifact' ? 'local' : kind === 's3' ? 's3' : 'other');
  }
  return { file, functions };
}

/**
 * The templates that are the output of `sam package` or `aws cloudformation package`, each with the
 * template it was packaged from (its source twin). A packaged output has its functions' code in S3
 * (at least one, and none in the project); its twin is another template, in the same folder or one
 * above, that declares each of those functions (the same logical ids) with its code in the project.
 * The nearest twin wins, then the first by name. A template with its code in S3 and no such twin is
 * not a packaged output here: it is all the project has, and it is linted.
 */
export function packagedOutputs(templates: readonly CodePlaces[]): Map<string, string> {
  const packaged = new Map<string, string>();
  for (const candidate of templates) {
    const kinds = [...candidate.functions.values()];
    if (!kinds.includes('s3') || kinds.includes('local')) continue;
    const dir = path.dirname(candidate.file);
    const twins = templates
      .filter((other) => other !== candidate && isInside(path.dirname(other.file), dir) && isTwin(candidate, other))
      .sort((a, b) => b.file.split(path.sep).length - a.file.split(path.sep).length || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    if (twins[0]) packaged.set(candidate.file, twins[0].file);
  }
  return packaged;
}

/** Every function of the packaged template is in the source, and each with code in S3 there has its code in the project here. */
function isTwin(packaged: CodePlaces, source: CodePlaces): boolean {
  return [...packaged.functions].every(([id, kind]) => {
    const own = source.functions.get(id);
    return own !== undefined && (kind !== 's3' || own === 'local');
  });
}
