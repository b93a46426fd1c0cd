import { asString } from './intrinsics.js';
import { isObject } from '../util/objects.js';

/** Where a template puts a function's code, before it is looked at on disk. */
export type CodeLocation =
  /** A folder or a file, relative to the template's folder; no path means that folder itself. */
  | { kind: 'folder'; path?: string }
  /** A built archive, relative to the template's folder. */
  | { kind: 'artifact'; path: string }
  | { kind: 's3' | 'image' | 'inline' | 'staged-asset' };

/** SAM `CodeUri`/`InlineCode`, or CloudFormation `Code`, with `PackageType`. */
export function templateCodeLocation(p: Record<string, unknown>, sam: boolean): CodeLocation {
  const code = sam ? p['CodeUri'] : p['Code'];
  if (asString(p['PackageType']) === 'Image' || (isObject(code) && 'ImageUri' in code)) return { kind: 'image' };
  if (sam ? p['InlineCode'] !== undefined : isObject(code) && 'ZipFile' in code) return { kind: 'inline' };
  if (typeof code === 'string') return pathLocation(code);
  // SAM defaults CodeUri to the template folder; CloudFormation has no such default.
  if (sam && code === undefined) return { kind: 'folder' };
  // `{ S3Bucket, S3Key }`, `{ Bucket, Key }`, or a location an intrinsic computes.
  return { kind: 's3' };
}

/** A code location written as a path: an `s3://` URI, an archive, or a folder or file of the project. */
export function pathLocation(code: string): CodeLocation {
  if (/^s3:\/\//i.test(code)) return { kind: 's3' };
  if (/\.(zip|jar)$/i.test(code)) return { kind: 'artifact', path: code };
  return { kind: 'folder', path: code };
}
