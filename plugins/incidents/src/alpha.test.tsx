import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { screen } from '@testing-library/react';
import plugin from './alpha';
import { incidentsApiRef } from './api';
import { mockIncidentsApi } from './testing/fixtures';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { owner: 'group:default/payments' },
};
const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
};

describe('incidents plugin for the new frontend system', () => {
  it.each([
    'entity-card:incidents/incidents',
    'entity-card:incidents/oncall',
    'entity-card:incidents/runbooks',
  ] as const)('%s is an info card shown where incidents are available', id => {
    const tester = createExtensionTester(plugin.getExtension(id));
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter?.(component)).toBe(true);
    expect(filter?.(group)).toBe(false);
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
  });

  it.each([
    ['oncall-shifts', 'HomePageOncallShifts', 'My on-call shifts'],
    [
      'owned-incidents',
      'HomePageOwnedIncidents',
      'Open incidents on my services',
    ],
    [
      'overdue-action-items',
      'HomePageOverdueActionItems',
      'My overdue action items',
    ],
    ['role-incidents', 'HomePageRoleIncidents', 'Incidents I hold a role in'],
  ] as const)(
    'home-page-widget:incidents/%s is the %s widget',
    (name, widgetName, title) => {
      const tester = createExtensionTester(
        plugin.getExtension(`home-page-widget:incidents/${name}`),
      );
      expect(tester.get(HomePageWidgetBlueprint.dataRefs.widget)).toMatchObject(
        {
          name: widgetName,
          title,
        },
      );
    },
  );

  it('renders a home page widget as a titled card with its content', async () => {
    const tester = createExtensionTester(
      plugin.getExtension('home-page-widget:incidents/oncall-shifts'),
    );
    renderInTestApp(
      tester.get(HomePageWidgetBlueprint.dataRefs.widget).component,
      { apis: [[incidentsApiRef, mockIncidentsApi()]] },
    );
    expect(await screen.findByText('My on-call shifts')).toBeInTheDocument();
    expect(
      await screen.findByText(/You have no on-call shifts coming up/),
    ).toBeInTheDocument();
  });

  it('renders the runbooks card from its loader', async () => {
    const tester = createExtensionTester(
      plugin.getExtension('entity-card:incidents/runbooks'),
    );
    renderInTestApp(
      <EntityProvider entity={component}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[incidentsApiRef, mockIncidentsApi()]] },
    );
    expect(
      await screen.findByText('No alerts fired in the last 90 days'),
    ).toBeInTheDocument();
  });
});
