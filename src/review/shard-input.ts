import type { ProjectAnalysis } from '../analysis/analysis.js';
import type { ProjectModel } from '../model/types.js';
import { relativePath } from '../util/relative-path.js';
import type { ShardInput } from './shards.js';

/**
 * What a shard plan is made from, read off the model and the analysis: each template with its
 * functions (an id per function: template path, stack, logical id), and each code file the run
 * lints with the functions that reach it (their handler file, and the code the analysis found
 * their invocations run). Paths are relative to the project folder, so every CI job computes the
 * same plan whatever its checkout path.
 */
export function shardInputOf(model: ProjectModel, analysis: ProjectAnalysis | undefined, codeFiles: readonly string[]): ShardInput {
  const relative = (file: string) => relativePath(model.root, file);
  const templates: ShardInput['templates'] = [];
  const reachers = new Map<string, string[]>();
  const stacksPerFile = new Map<string, number>();
  for (const stack of model.stacks) {
    const file = relative(stack.templatePath);
    // A CDK source file may declare several stacks: their functions are told apart by the stack's place.
    const nth = stacksPerFile.get(file) ?? 0;
    stacksPerFile.set(file, nth + 1);
    const ids: string[] = [];
    for (const fn of stack.functions) {
      const id = `${file}#${nth}#${fn.logicalId}`;
      ids.push(id);
      const reached = [...(fn.handler?.sourceFile ? [fn.handler.sourceFile] : []), ...(analysis?.codeOf(fn).map((code) => code.file) ?? [])];
      for (const code of new Set(reached.map(relative))) {
        const list = reachers.get(code);
        if (list) list.push(id);
        else reachers.set(code, [id]);
      }
    }
    templates.push({ file, functions: ids });
  }
  const modules = codeFiles.map((file) => ({ file: relative(file), reachedBy: reachers.get(relative(file)) ?? [] }));
  return { templates, modules };
}
