export declare class ShellWordsError extends Error {}
export declare function splitShellWords(text: string): string[];
