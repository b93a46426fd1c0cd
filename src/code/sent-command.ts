import { propertyName, unwrap, walk, type Node } from './ast.js';

/**
 * A command built into a variable and sent later (`const put = new PutItemCommand({...}); ...
 * await client.send(put)`) acts where it is sent: its one `send`, when it has exactly one. Rules
 * report a write or a message there, where a reader sees the call. The `send`s are looked for in
 * the block that declares the variable.
 */
export function sendOfCommand(command: Node): Node | undefined {
  const declarator = command.parent;
  if (command.type !== 'NewExpression' || declarator?.type !== 'VariableDeclarator' || declarator.init !== command || declarator.id.type !== 'Identifier') return undefined;
  const name = declarator.id.name;
  const block = declarator.parent?.parent ?? declarator;
  const sends: Node[] = [];
  walk(block, (node) => {
    if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || propertyName(node.callee.property, node.callee.computed) !== 'send') return;
    const argument = node.arguments[0] && unwrap(node.arguments[0]);
    if (argument?.type === 'Identifier' && argument.name === name) sends.push(node);
  });
  return sends.length === 1 ? sends[0] : undefined;
}
