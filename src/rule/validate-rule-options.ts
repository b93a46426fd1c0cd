import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';

/**
 * Checks options against a rule's `meta.schema` as ESLint checks a code rule's, and words what
 * is wrong as ESLint does (`Value … must …`), so a template rule's bad options read like a code
 * rule's. Undefined when they are valid.
 */
export function ruleOptionsProblems(schema: readonly object[], options: readonly unknown[]): string | undefined {
  // Required here, not imported: ajv costs ~100 ms of start-up, and only options given to a rule need it.
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  // `strictTuples` would log a warning for ESLint's tuple, whose items are all optional.
  const validate = new Ajv({ verbose: true, strictTuples: false }).compile(optionsSchema(schema));
  if (validate(options)) return undefined;
  return (validate.errors ?? []).map(describe).join(' ');
}

/** ESLint's reading of the array form: the nth schema checks the nth option, and every option may be left out. */
function optionsSchema(schema: readonly object[]): object {
  return schema.length > 0 ? { type: 'array', items: [...schema], minItems: 0, maxItems: schema.length } : { type: 'array', minItems: 0, maxItems: 0 };
}

function describe(error: ErrorObject): string {
  const where = error.instancePath ? ` at ${error.instancePath}` : '';
  const problem = `Value ${JSON.stringify(error.data)}${where} ${error.message}.`;
  const properties: unknown = error.parentSchema?.['properties'];
  const unexpected: unknown = error.params['additionalProperty'];
  if (error.keyword !== 'additionalProperties' || error.schema !== false || typeof properties !== 'object' || properties === null || typeof unexpected !== 'string') {
    return problem;
  }
  const expected = Object.keys(properties).map((p) => `"${p}"`).join(', ');
  return `${problem} Unexpected property "${unexpected}". Expected properties: ${expected}.`;
}
