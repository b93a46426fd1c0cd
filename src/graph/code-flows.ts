import type { ProjectAnalysis } from '../analysis/analysis.js';
import type { CodeFlow } from './build-graph.js';

/** The analysis' emissions as graph edges: one per function, target and operation; receives mark who reads a queue. */
export function codeFlows(analysis: ProjectAnalysis): CodeFlow[] {
  const flows = new Map<string, CodeFlow>();
  for (const emission of analysis.emissions()) {
    if (!emission.target) continue;
    const { op, reach } = emission;
    const receive = op.service === 'SQS' && op.operation === 'ReceiveMessage';
    const kind = receive ? 'receive' : op.kind === 'emit' ? 'emit' : op.kind === 'invoke' || op.service === 'Lambda' ? 'invoke' : op.kind === 'write' ? 'write' : undefined;
    if (!kind) continue;
    const type = op.service === 'Lambda' ? emission.invocationType : undefined;
    const label = type ? `${op.operation} · ${type}` : op.operation;
    const flow: CodeFlow = { stack: reach.stack, functionLogicalId: reach.fn.logicalId, target: emission.target, kind, label };
    flows.set([reach.stack.templatePath, flow.functionLogicalId, flow.target, kind, label].join('\u0000'), flow);
  }
  return [...flows.values()];
}
