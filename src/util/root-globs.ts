/**
 * User globs (`ignores`, `--ignore-pattern`) are relative to the project root and match files
 * inside it only. A glob that names a place outside it — absolute (`/etc/**`, `C:/x`, `\\server`),
 * or with a `..` segment (`../../**`, `src/../../x`), in any brace alternative — is refused: given
 * to a glob library it would make the walk start above the root.
 */
export function leavesRoot(glob: string): boolean {
  const pattern = glob.replace(/^!+/, '');
  // An alternative of a leading brace group stands at the start too: `{/etc,src}/**`.
  const starts = [pattern, ...(/^\{([^}]*)\}/.exec(pattern)?.[1]?.split(',') ?? [])];
  if (starts.some((start) => /^\s*(?:[/\\]|[A-Za-z]:)/.test(start))) return true;
  return /(?:^|[/\\{,])\.\.(?:$|[/\\},])/.test(pattern);
}

/**
 * Root-relative ignore globs as a search below the root takes them (relative to its folder): those
 * that apply there without leaving it (`**\/x` as it is, `src/gen/**` as `gen/**` for a search in
 * `src`). The others are left out of the walk; what they match is dropped after it, by the same
 * globs matched against paths relative to the root.
 */
export function ignoresBelow(relativeDir: string, globs: readonly string[]): string[] {
  const prefix = relativeDir.split(/[/\\]/).filter(Boolean).join('/');
  const kept: string[] = [];
  for (const glob of globs) {
    if (leavesRoot(glob) || glob.startsWith('!')) continue;
    if (prefix === '' || glob.startsWith('**/')) kept.push(glob);
    else if (glob.startsWith(`${prefix}/`)) kept.push(glob.slice(prefix.length + 1));
  }
  return kept;
}
