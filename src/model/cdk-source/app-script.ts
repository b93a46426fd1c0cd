import path from 'node:path';
import { isFile } from '../../util/fs-fence.js';

/** The program of a cdk.json `app` command, or why there is none to read. */
export type AppScript = { ok: true; file: string } | { ok: false; reason: string };

const SCRIPT = /\.(?:[cm]?ts|[cm]?js)$/i;

/**
 * The script a cdk.json `app` command runs: `npx ts-node --prefer-ts-exts bin/app.ts`,
 * `npx tsx bin/app.ts`, `node bin/app.js`, `npx tsc && npx tsx lib/app.ts`. The last script of the
 * command is the app; a compiled `.js` whose `.ts` source sits beside it is read from the source.
 */
export function appScript(command: string, appDir: string): AppScript {
  const steps = command.split(/&&|\|\||;/);
  for (const step of steps.reverse()) {
    const script = step.trim().split(/\s+/).filter((word) => !word.startsWith('-') && SCRIPT.test(word)).at(-1);
    if (!script) continue;
    const file = path.resolve(appDir, script.replace(/^['"]|['"]$/g, ''));
    if (isFile(file) && !/\.[cm]?js$/i.test(file)) return { ok: true, file };
    const source = file.replace(/\.([cm]?)js$/i, '.$1ts');
    if (isFile(source)) return { ok: true, file: source };
    if (isFile(file)) return { ok: true, file };
    return { ok: false, reason: `its app script ${path.relative(appDir, file) || script} does not exist` };
  }
  return { ok: false, reason: `its app command (${command}) runs no TypeScript or JavaScript program` };
}
