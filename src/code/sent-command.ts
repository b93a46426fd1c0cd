import { propertyName, unwrap, type Node } from './ast.js';
import type { TreeIndex } from './tree-index.js';

/**
 * A command built into a variable and sent later (`const put = new PutItemCommand({...}); ...
 * await client.send(put)`) acts where it is sent: its one `send`, when it has exactly one. Rules
 * report a write or a message there, where a reader sees the call. The `send`s are looked for in
 * the block that declares the variable, among the calls the tree index has for the name.
 */
export function sendOfCommand(command: Node, tree: TreeIndex): Node | undefined {
  const declarator = command.parent;
  if (command.type !== 'NewExpression' || declarator?.type !== 'VariableDeclarator' || declarator.init !== command || declarator.id.type !== 'Identifier') return undefined;
  const name = declarator.id.name;
  const [start, end] = (declarator.parent?.parent ?? declarator).range;
  const sends = tree.callsGiven(name).filter((node) => {
    if (node.range[0] < start || node.range[1] > end) return false;
    if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || propertyName(node.callee.property, node.callee.computed) !== 'send') return false;
    const argument = node.arguments[0] && unwrap(node.arguments[0]);
    return argument?.type === 'Identifier' && argument.name === name;
  });
  return sends.length === 1 ? sends[0] : undefined;
}
