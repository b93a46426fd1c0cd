import type { TSESTree } from '@typescript-eslint/types';
import { unwrap, type Node } from './ast.js';
import type { CodeFacts, SdkOperation } from './code-facts.js';
import type { Declarations } from './declarations.js';
import { staticString } from './static-values.js';

/** A read that goes through a whole DynamoDB table or index. */
export interface TableScan {
  node: TSESTree.NewExpression | TSESTree.CallExpression;
  /** `Scan` (a command or method of the `scan` kind), `paginateScan`, or a PartiQL `SELECT` with no `WHERE`. */
  form: 'scan' | 'paginator' | 'partiql';
  /** The table, when the input names it statically (a literal, a same-file constant). */
  table?: string;
}

/** PartiQL SELECT without a WHERE clause: DynamoDB runs it as a Scan. */
const SELECT_WITHOUT_WHERE = /^\s*select\b(?![\s\S]*\bwhere\b)/i;

/**
 * Every full-table read in the file, in source order: the catalog's `scan` operations, their
 * paginators, PartiQL scans, scans through dynamoose, ElectroDB or DynamoDB Toolbox, and scans a wrapper module is told to run by name
 * (`db.call('scan', params)`). A wrapper's own `scan` method is left to the wrapper, whose
 * `client.scan(params)` is the scan. `operations` are the file's SDK calls: by default those its
 * facts see; in project mode, also those on clients other project modules build
 * (`Analysis.operationsIn`).
 */
export function tableScans(facts: CodeFacts, operations: readonly SdkOperation[] = facts.operations): TableScan[] {
  const decls = facts.declarations;
  const found: TableScan[] = [];
  const table = (input: { properties: Map<string, TSESTree.Node> } | undefined) => {
    const name = staticString(input?.properties.get('TableName'), decls);
    return name ? { table: name } : {};
  };
  const seen = new Set<TSESTree.Node>();
  for (const op of [...operations, ...facts.wrappedOperations.filter((w) => w.named === 'argument'), ...facts.mapperOperations]) {
    if (seen.has(op.node)) continue;
    seen.add(op.node);
    if (op.kind === 'scan') found.push({ node: op.node, form: 'scan', ...table(op.input) });
    else if (op.operation === 'ExecuteStatement' && op.entry.service.startsWith('DynamoDB')) {
      const statement = statementText(op.input?.properties.get('Statement'), decls);
      if (statement && SELECT_WITHOUT_WHERE.test(statement)) {
        const from = /\bfrom\s+"?([\w.-]+)"?/i.exec(statement)?.[1];
        found.push({ node: op.node, form: 'partiql', ...(from ? { table: from } : {}) });
      }
    }
  }
  for (const paginator of facts.paginators) {
    if (paginator.kind === 'scan') found.push({ node: paginator.node, form: 'paginator', ...table(paginator.input) });
  }
  return found.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/**
 * A PartiQL statement's text, with `${}` standing for each part only known at run time
 * (`SELECT * FROM "${process.env.TABLE}"`): the shape of the statement is what matters here.
 */
function statementText(expression: Node | undefined, decls: Declarations, hops = 0): string | undefined {
  if (!expression || hops > 8) return undefined;
  const known = staticString(expression, decls);
  if (known !== undefined) return known;
  const node = unwrap(expression);
  if (node.type === 'TemplateLiteral') return node.quasis.map((q) => q.value.cooked ?? '').join('${}');
  if (node.type === 'Identifier') return statementText(decls.valueOf(node.name, node), decls, hops + 1);
  return undefined;
}
