/**
 * The kinds of the warnings ESLint emits on the process (its WarningService: `ESLintIgnoreWarning`
 * for a legacy `.eslintignore`, `ESLintEmptyConfigWarning`, `ESLintInactiveFlag_*`, ...).
 */
const ESLINT_KIND = /^ESLint/;

type EmitWarning = (warning: string | Error, ...rest: unknown[]) => void;

/**
 * Runs `make` (the ESLint constructor) with a `process.emitWarning` that drops ESLint's own
 * warnings, then puts the process' function back. ESLint's WarningService keeps the function it
 * found when it was made, so that instance stays quiet while it lints too; every other warning,
 * then or later, goes where it always went. Listening for 'warning' would not do: Node prints a
 * warning on stderr whether or not anyone listens.
 */
export function withoutEslintWarnings<T>(make: () => T): T {
  const emit = process.emitWarning as EmitWarning;
  const filtered: EmitWarning = (warning, ...rest) => {
    if (isEslintWarning(warning, rest[0])) return;
    Reflect.apply(emit, process, [warning, ...rest]);
  };
  process.emitWarning = filtered as typeof process.emitWarning;
  try {
    return make();
  } finally {
    process.emitWarning = emit as typeof process.emitWarning;
  }
}

/** `emitWarning(message, type)`, `emitWarning(message, { type })` or `emitWarning(error)` named as ESLint names its kinds. */
export function isEslintWarning(warning: string | Error, typeOrOptions: unknown): boolean {
  const type = typeof typeOrOptions === 'string'
    ? typeOrOptions
    : typeof typeOrOptions === 'object' && typeOrOptions !== null ? (typeOrOptions as { type?: unknown }).type : undefined;
  if (typeof type === 'string') return ESLINT_KIND.test(type);
  return warning instanceof Error && ESLINT_KIND.test(warning.name);
}
