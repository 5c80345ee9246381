import { FirebreakAnnotationsProcessor } from '@firebreak/plugin-catalog-backend-module-incidents';
import { parse } from 'yaml';

type Entity = Parameters<FirebreakAnnotationsProcessor['postProcessEntity']>[0];

const location = { type: 'file', target: 'migration-report.md' };

/** The text of every ```yaml block of a report, in order. */
export function yamlBlocks(report: string): string[] {
  return [...report.matchAll(/^```yaml\n([\s\S]*?)\n```$/gm)].map(m => m[1]);
}

/** Runs annotations through the catalog module's validator; resolves to its error messages. */
export async function catalogErrors(
  annotations: Record<string, string>,
): Promise<string[]> {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'migrated', annotations },
    spec: { type: 'team', children: [] },
  };
  const errors: string[] = [];
  await new FirebreakAnnotationsProcessor().postProcessEntity(
    entity,
    location,
    result => {
      errors.push(
        result.type === 'error' ? result.error.message : JSON.stringify(result),
      );
    },
  );
  return errors;
}

/**
 * Every snippet of a printed report as a catalog entity would carry it: the YAML block
 * parsed, its `metadata.annotations` run through the validator.
 */
export async function checkReport(
  report: string,
): Promise<Array<{ annotations: Record<string, string>; errors: string[] }>> {
  const checked = [];
  for (const block of yamlBlocks(report)) {
    const annotations = parse(block)?.metadata?.annotations ?? {};
    checked.push({ annotations, errors: await catalogErrors(annotations) });
  }
  return checked;
}
