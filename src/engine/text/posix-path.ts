/** '/'-separated path arithmetic (node:path's posix subset): URI paths in the browser build, where node:path is absent. */

/** The path's segments with '.' and '..' applied ('..' above the root is dropped). */
function normalizedSegments(path: string): string[] {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out;
}

export const posixPath = {
  sep: '/',
  isAbsolute: (path: string): boolean => path.startsWith('/'),
  /** The absolute path the parts name, read right to left until one is absolute (relative to '/'). */
  resolve(...parts: string[]): string {
    let joined = '';
    for (let i = parts.length - 1; i >= 0 && !joined.startsWith('/'); i--) if (parts[i]) joined = joined ? `${parts[i]}/${joined}` : parts[i];
    return `/${normalizedSegments(joined).join('/')}`;
  },
  /** The path from `from` to `to` (both resolved), '..' where it climbs. */
  relative(from: string, to: string): string {
    const [a, b] = [normalizedSegments(posixPath.resolve(from)), normalizedSegments(posixPath.resolve(to))];
    let common = 0;
    while (common < a.length && common < b.length && a[common] === b[common]) common++;
    return [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/');
  },
  basename: (path: string): string => normalizedSegments(path).pop() ?? '',
  dirname(path: string): string {
    const segments = normalizedSegments(path);
    segments.pop();
    return `${path.startsWith('/') ? '/' : ''}${segments.join('/')}` || '.';
  },
};

/** The part of node:path the run-folder links and export paths use (node:path itself, or posixPath). */
export type PathOps = Pick<typeof posixPath, 'sep' | 'isAbsolute' | 'resolve' | 'relative' | 'basename' | 'dirname'>;
