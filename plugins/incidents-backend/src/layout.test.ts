import fs from 'node:fs';
import path from 'node:path';

// The plugin's rooms: lower layers serve every feature and import none of them.
const LOWER_LAYERS = [
  'http',
  'validation',
  'database',
  'catalog',
  'permissions',
  'schema',
];

/** Folder → folders its non-test sources import (relative imports only). */
function folderImports(root: string): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__testUtils__') walk(full);
        continue;
      }
      if (!/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) {
        continue;
      }
      const from = path.relative(root, full).split(path.sep);
      if (from.length < 2) continue; // plugin.ts, router.ts, index.ts: the wiring
      const source = fs.readFileSync(full, 'utf8');
      for (const [, spec] of source.matchAll(/from '(\.[^']+)'/g)) {
        const target = path
          .relative(root, path.resolve(path.dirname(full), spec))
          .split(path.sep);
        if (target.length < 2 || target[0] === from[0]) continue;
        if (!edges.has(from[0])) edges.set(from[0], new Set());
        edges.get(from[0])!.add(target[0]);
      }
    }
  };
  walk(root);
  return edges;
}

describe('source layout', () => {
  const edges = folderImports(__dirname);

  it('has no service/ folder mixing HTTP, rules and types', () => {
    expect(fs.existsSync(path.join(__dirname, 'service'))).toBe(false);
    expect(edges.size).toBeGreaterThan(5);
  });

  it('keeps the lower layers free of feature imports', () => {
    const offending = LOWER_LAYERS.flatMap(layer =>
      [...(edges.get(layer) ?? [])]
        .filter(target => !LOWER_LAYERS.includes(target))
        .map(target => `${layer} -> ${target}`),
    );
    expect(offending).toEqual([]);
  });

  it('has no two folders importing each other, directly or through others', () => {
    const reaches = (from: string, to: string, seen = new Set<string>()) => {
      for (const next of edges.get(from) ?? []) {
        if (next === to) return true;
        if (!seen.has(next)) {
          seen.add(next);
          if (reaches(next, to, seen)) return true;
        }
      }
      return false;
    };
    const cycles = [...edges].flatMap(([from, targets]) =>
      [...targets]
        .filter(target => reaches(target, from))
        .map(target => `${from} <-> ${target}`),
    );
    expect(cycles).toEqual([]);
  });
});
