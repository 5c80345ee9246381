import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './processes.ts';

/** Where tests leave screenshots and logs (test/artifacts, ignored by git). */
export function artifactPath(name: string): string {
  const dir = join(REPO_ROOT, 'test', 'artifacts');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
