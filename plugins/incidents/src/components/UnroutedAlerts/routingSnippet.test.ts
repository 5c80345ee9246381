import { parseAlertMatchAnnotation } from '@firebreak/plugin-incidents-common';
import {
  alertMatchSelector,
  annotationSnippet,
  labelSnippet,
  suggestedEntityRef,
} from './routingSnippet';

describe('routing snippets', () => {
  it('builds a selector the annotation parser reads back as the stable labels', () => {
    const labels = {
      alertname: 'HighLatency',
      severity: 'page',
      pod: 'api-7d9f-xk2',
      team: 'search',
      env: 'prod',
      'has,comma': 'x',
      note: 'a,b',
      padded: ' x ',
    };
    const selector = alertMatchSelector(labels);
    expect(selector).toBe('env=prod,team=search');
    expect(parseAlertMatchAnnotation(selector)).toEqual({
      ok: true,
      value: { env: 'prod', team: 'search' },
    });
  });

  it('leaves a placeholder when no label identifies the alert', () => {
    expect(alertMatchSelector({ alertname: 'X', instance: 'h:1' })).toBe(
      '<label>=<value>',
    );
    expect(suggestedEntityRef({})).toBe('component:default/<entity-name>');
    expect(labelSnippet({})).toBe(
      'labels:\n  backstage_entity: "component:default/<entity-name>"',
    );
  });

  it('suggests the entity from service-like labels and quotes unsafe YAML', () => {
    expect(suggestedEntityRef({ job: 'node', app: 'checkout' })).toBe(
      'component:default/checkout',
    );
    expect(annotationSnippet({ path: '#/api: v1' })).toBe(
      'metadata:\n  annotations:\n    firebreak.dev/alert-match: "path=#/api: v1"',
    );
  });
});
