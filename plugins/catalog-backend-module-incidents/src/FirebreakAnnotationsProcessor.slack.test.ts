import { Entity } from '@backstage/catalog-model';
import { FirebreakAnnotationsProcessor } from './FirebreakAnnotationsProcessor';

const location = {
  type: 'url',
  target: 'https://example.com/org.yaml',
};

async function processGroup(channel: string) {
  const emitted: any[] = [];
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments',
      annotations: { 'firebreak.dev/slack-channel': channel },
    },
    spec: { type: 'team', children: [] },
  };
  const result = await new FirebreakAnnotationsProcessor().postProcessEntity(
    entity,
    location,
    r => emitted.push(r),
  );
  return { result, entity, emitted };
}

describe('FirebreakAnnotationsProcessor: firebreak.dev/slack-channel', () => {
  it('accepts a channel id and a #name', async () => {
    expect((await processGroup('C0123456789')).emitted).toEqual([]);
    expect((await processGroup('#payments-incidents')).emitted).toEqual([]);
  });

  it('reports a bad value as a processing error naming annotation and value', async () => {
    const { result, entity, emitted } = await processGroup(
      'payments incidents',
    );
    expect(result).toBe(entity);
    expect(emitted.map(e => [e.type, e.error.name, e.error.message])).toEqual([
      [
        'error',
        'InputError',
        "firebreak.dev/slack-channel: 'payments incidents' is not a Slack channel id (e.g. C0123456789) or #name (lower-case letters, digits, - and _, at most 80)",
      ],
    ]);
  });
});
