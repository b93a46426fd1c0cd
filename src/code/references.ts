import type { Node } from './ast.js';

/** Nodes under which every name is a type: an import used only here is erased when TypeScript compiles. */
const TYPE_CONTEXTS = new Set<string>([
  'TSTypeAnnotation', 'TSTypeReference', 'TSTypeAliasDeclaration', 'TSInterfaceDeclaration', 'TSTypeParameterInstantiation',
  'TSTypeParameterDeclaration', 'TSTypeQuery', 'TSImportType', 'TSClassImplements', 'TSInterfaceHeritage', 'TSDeclareFunction',
]);

/**
 * Whether an identifier reads a name at run time: not a declaration, an import specifier, a
 * property key or member name, or a name inside a type.
 */
export function isValueReference(node: Node, ancestors: readonly Node[]): boolean {
  if (node.type !== 'Identifier') return false;
  const parent = ancestors.at(-1);
  if (!parent) return false;
  switch (parent.type) {
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
    case 'TSImportEqualsDeclaration':
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return false;
    case 'MemberExpression':
      if (parent.property === node && !parent.computed) return false;
      break;
    case 'Property':
    case 'PropertyDefinition':
    case 'MethodDefinition':
    case 'TSPropertySignature':
      if (parent.key === node && !parent.computed && !(parent.type === 'Property' && parent.shorthand)) return false;
      break;
    case 'VariableDeclarator':
      if (parent.id === node) return false;
      break;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ClassDeclaration':
    case 'ClassExpression':
      if (parent.id === node) return false;
      break;
    default:
      break;
  }
  return !ancestors.some((a) => TYPE_CONTEXTS.has(a.type));
}
