import { asString } from './intrinsics.js';
import { isObject } from '../util/objects.js';

/** Where a template puts a function's code, before it is looked at on disk. */
export type CodeLocation =
  /** A folder or a file, relative to the template's folder; no path means that folder itself. */
  | { kind: 'folder'; path?: string }
  /** A built archive, relative to the template's folder. */
  | { kind: 'artifact'; path: string }
  /** An S3 object; `key` when the template names it statically (`functions/ListBooks.zip`). */
  | { kind: 's3'; key?: string }
  | { kind: 'image' | 'inline' | 'staged-asset' };

/** Reads a value the template computes from itself alone (`!FindInMap` with literal keys); undefined otherwise. */
export type StaticString = (value: unknown) => string | undefined;

/** SAM `CodeUri`/`InlineCode`, or CloudFormation `Code`, with `PackageType`. */
export function templateCodeLocation(p: Record<string, unknown>, sam: boolean, staticString: StaticString = asString): CodeLocation {
  const code = sam ? p['CodeUri'] : p['Code'];
  if (asString(p['PackageType']) === 'Image' || (isObject(code) && 'ImageUri' in code)) return { kind: 'image' };
  if (sam ? p['InlineCode'] !== undefined : isObject(code) && 'ZipFile' in code) return { kind: 'inline' };
  if (typeof code === 'string') return pathLocation(code);
  // SAM defaults CodeUri to the template folder; CloudFormation has no such default.
  if (sam && code === undefined) return { kind: 'folder' };
  // `{ S3Bucket, S3Key }`, `{ Bucket, Key }`, or a location an intrinsic computes.
  const key = isObject(code) ? staticString(code['S3Key'] ?? code['Key']) : undefined;
  return key ? { kind: 's3', key } : { kind: 's3' };
}

/** A code location written as a path: an `s3://` URI, an archive, or a folder or file of the project. */
export function pathLocation(code: string): CodeLocation {
  const s3 = /^s3:\/\/[^/]+\/(.+)$/i.exec(code);
  if (s3) return { kind: 's3', key: s3[1]! };
  if (/^s3:\/\//i.test(code)) return { kind: 's3' };
  if (/\.(zip|jar)$/i.test(code)) return { kind: 'artifact', path: code };
  return { kind: 'folder', path: code };
}
