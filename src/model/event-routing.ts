/** Where events go once emitted: the bus when none is named, and the filters on triggers and links. */
import { asString } from './intrinsics.js';
import type { EventFilter } from './types.js';
import { isObject } from '../util/objects.js';

/** The event bus a rule without EventBusName listens on, and code without one puts to. */
export const DEFAULT_BUS = 'default';

/** The filters of a trigger or link, from SAM, CloudFormation or Serverless settings. */
export function eventFilter(input: { pattern?: unknown; filterPolicy?: unknown; s3Filter?: unknown; s3Rules?: unknown }): EventFilter | undefined {
  const filter: EventFilter = {};
  if (isObject(input.pattern)) filter.eventPattern = input.pattern;
  if (isObject(input.filterPolicy)) filter.snsFilterPolicy = input.filterPolicy;
  const s3Key = isObject(input.s3Filter) && isObject(input.s3Filter['S3Key']) ? input.s3Filter['S3Key'] : undefined;
  const rules = Array.isArray(s3Key?.['Rules']) ? s3Key['Rules'] : Array.isArray(input.s3Rules) ? input.s3Rules : [];
  for (const rule of rules) {
    if (!isObject(rule)) continue;
    // CloudFormation writes { Name: prefix, Value }, the Serverless Framework { prefix: value }.
    const name = (asString(rule['Name']) ?? Object.keys(rule)[0] ?? '').toLowerCase();
    const value = asString(rule['Value']) ?? asString(rule[Object.keys(rule)[0] ?? '']);
    if (value === undefined) continue;
    if (name === 'prefix') filter.s3Prefix = value;
    if (name === 'suffix') filter.s3Suffix = value;
  }
  return Object.keys(filter).length > 0 ? filter : undefined;
}
