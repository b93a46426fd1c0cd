import path from 'node:path';
import type { Finding } from '../../results.js';
import { readTemplateFile } from '../../template/read-template.js';
import { isReallyInside } from '../../util/fs-fence.js';
import { isObject } from '../../util/objects.js';
import type { Stack, TemplateRef } from '../types.js';
import { appScript } from './app-script.js';
import { shareAlarmsAcrossStacks } from './alarms.js';
import { readCfnResources } from './cfn-resources.js';
import { Interpreter } from './interpreter.js';
import { SourceFiles } from './sources.js';
import type { StackBuild, Unread } from './stack-build.js';

export interface CdkAppRead {
  /** One stack per CDK stack the app creates (nested stacks are part of their parent), `format: 'cdk'`. */
  stacks: Stack[];
  /** `sls/config-not-static` when the app could not be read at all; nothing else. */
  findings: Finding[];
  /** How many constructs and settings could not be read without running the app. */
  unknown: number;
  /** What those are, and where. */
  unread: Unread[];
}

/**
 * Reads a CDK app from its TypeScript (or JavaScript) source, never running it: the program that
 * cdk.json's `app` runs, the stacks it creates, and their constructs, into the model the template
 * readers build. Positions point at the `new X(...)` of each construct, or at the property at
 * fault. Meant for a folder with cdk.json and no synthesized cdk.out templates; handler files are
 * checked afterwards like those of every stack (loadModel's handler-not-found).
 */
export function readCdkApp(root: string, cdkJsonFile: string): CdkAppRead {
  const appDir = path.dirname(cdkJsonFile);
  const skipped = (reason: string, at?: TemplateRef): CdkAppRead => ({
    stacks: [],
    findings: [notStatic(at ?? { file: cdkJsonFile, line: 1, column: 1, endLine: 1, endColumn: 1 }, reason)],
    unknown: 0,
    unread: [],
  });
  if (!isReallyInside(root, cdkJsonFile)) return skipped('it is outside the project');
  const read = readTemplateFile(cdkJsonFile, root);
  if (!read.ok) return skipped(read.error.message);
  let config: unknown;
  try {
    config = JSON.parse(read.text);
  } catch (error) {
    return skipped(`it is not valid JSON (${(error as Error).message})`);
  }
  const command = isObject(config) ? config['app'] : undefined;
  const appAt = appLine(read.text, cdkJsonFile);
  if (typeof command !== 'string') return skipped('it has no app command', appAt);
  const script = appScript(command, appDir);
  if (!script.ok) return skipped(script.reason, appAt);

  const interpreter = new Interpreter(root, appDir, new SourceFiles(root));
  let failed: string | undefined;
  try {
    failed = interpreter.runApp(script.file);
    // L1 constructs once each stack is complete: their references may name constructs created after them.
    if (!failed) for (const build of interpreter.stacks) readCfnResources(build, interpreter);
    if (!failed) shareAlarmsAcrossStacks(interpreter.stacks);
  } catch (error) {
    // A reader bug must not end the run: the app is reported as unread, like one that cannot be read.
    failed = (error as Error).message;
  }
  if (failed) return skipped(`its app ${path.relative(appDir, script.file)} could not be read: ${failed}`, appAt);
  const unread = interpreter.unreadList;
  return { stacks: distinct(interpreter.stacks), findings: [], unknown: unread.length, unread };
}

/**
 * Stacks as the app deploys them, each once: a stack class the app creates twice with the same
 * result (one per stage, one per region) would report every finding twice on the same lines.
 */
function distinct(builds: readonly StackBuild[]): Stack[] {
  const seen = new Set<string>();
  const stacks: Stack[] = [];
  for (const { stack } of builds) {
    const key = JSON.stringify(stack, (key, value: unknown) => (key === 'name' ? undefined : value));
    if (seen.has(key)) continue;
    seen.add(key);
    stacks.push(stack);
  }
  return stacks;
}

/** The line of the `app` key in cdk.json, where the finding about it belongs. */
function appLine(text: string, file: string): TemplateRef {
  const index = text.search(/"app"\s*:/);
  const line = index === -1 ? 1 : text.slice(0, index).split('\n').length;
  const column = index === -1 ? 1 : index - text.lastIndexOf('\n', index - 1);
  return { file, line, column, endLine: line, endColumn: column + 5 };
}

function notStatic(at: TemplateRef, reason: string): Finding {
  return {
    filePath: at.file, ruleId: 'sls/config-not-static', severity: 1, messageId: 'configNotStatic',
    message: `cdk.json was skipped: ${reason}. sls-lint never runs the CDK app; synthesize it (cdk synth) to lint its templates.`,
    line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn,
  };
}
