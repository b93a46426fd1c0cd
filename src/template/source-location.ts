/** 1-based line and column, as ESLint reports them. End is exclusive, like ESLint's. */
export interface SourceLocation {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type PathSegment = string | number;

export const FILE_START: SourceLocation = { line: 1, column: 1, endLine: 1, endColumn: 1 };
