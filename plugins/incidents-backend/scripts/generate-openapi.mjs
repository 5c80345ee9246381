#!/usr/bin/env node
// Turns src/schema/openapi.yaml (the single source of truth of the API) into a typed
// `as const` module for @backstage/backend-openapi-utils. Backstage's own generator
// (`backstage-repo-tools package schema openapi generate --server`) downloads a Java
// generator at run time, which these machines cannot. `--check` exits 1 when the
// generated file is out of date (CI runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src/schema/openapi.yaml');
const target = join(root, 'src/schema/openapi.generated.ts');

const spec = parse(readFileSync(source, 'utf8'));
const output = `// Generated from openapi.yaml by scripts/generate-openapi.mjs: do not edit by hand.
// Run \`npm run generate:openapi --workspace @firebreak/plugin-incidents-backend\` after changing the YAML.
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

/** The incidents API specification. */
export const spec = ${JSON.stringify(spec, null, 2)} as const;

/** An express router that validates requests against {@link spec}. */
export function createOpenApiRouter(
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) {
  return createValidatedOpenApiRouter<typeof spec>(spec, options);
}
`;

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== output) {
    console.error(
      `${target} is out of date with openapi.yaml; run npm run generate:openapi`,
    );
    process.exit(1);
  }
  console.log('openapi: generated module is in sync with openapi.yaml');
} else {
  writeFileSync(target, output);
  console.log(`openapi: wrote ${target}`);
}
