import { isIncidentsAvailable } from './isIncidentsAvailable';

const entity = (kind: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
});

describe('isIncidentsAvailable', () => {
  it('is true for service-like kinds and false for people', () => {
    expect(
      ['Component', 'System', 'Resource', 'API'].map(k =>
        isIncidentsAvailable(entity(k)),
      ),
    ).toEqual([true, true, true, true]);
    expect(
      ['User', 'Group', 'Location'].map(k => isIncidentsAvailable(entity(k))),
    ).toEqual([false, false, false]);
  });
});
