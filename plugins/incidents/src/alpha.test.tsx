import { Entity } from '@backstage/catalog-model';
import { coreApis, useApi } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { screen } from '@testing-library/react';
import useAsync from 'react-use/esm/useAsync';
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
  it('describes itself with an icon and, once installed, its package', async () => {
    expect(plugin.icon).toBeDefined();
    // Plugin info is only loaded for a plugin installed in an app.
    function PackageName() {
      const node = useApi(coreApis.appTree)
        .getTree()
        .tree.nodes.get('page:incidents');
      const { value } = useAsync(async () => node?.spec.plugin.info(), [node]);
      return <span>package: {value?.packageName}</span>;
    }
    renderInTestApp(<PackageName />, {
      features: [plugin],
      apis: [[incidentsApiRef, mockIncidentsApi()]],
    });
    expect(
      await screen.findByText('package: @firebreak/plugin-incidents'),
    ).toBeInTheDocument();
  });

  it('puts the Incidents tab in the operation group under a translatable title', () => {
    const tester = createExtensionTester(
      plugin.getExtension('entity-content:incidents/incidents'),
      { apis: [mockApis.translation()] },
    );
    expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBe('operation');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Incidents');
    expect(
      tester.get(EntityContentBlueprint.dataRefs.titleTranslation),
    ).toBeDefined();
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(component)).toBe(true);
    expect(filter?.(group)).toBe(false);
  });

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

  it('renders incident search results, and only those, on the search page', async () => {
    const tester = createExtensionTester(
      plugin.getExtension('search-result-list-item:incidents'),
    );
    const item = tester.get(SearchResultListItemBlueprint.dataRefs.item);
    const document = {
      title: 'Checkout failing',
      text: 'Root cause: Configuration changes skipped the canary stage.',
      location: '/incidents/INC-42',
      ref: 'INC-42',
      severity: 'P2',
      status: 'monitoring',
    };
    expect(item.predicate?.({ type: 'incident', document })).toBe(true);
    expect(item.predicate?.({ type: 'software-catalog', document })).toBe(
      false,
    );

    const Item = item.component;
    renderInTestApp(<Item result={document} rank={1} />);
    expect(
      await screen.findByRole('link', { name: 'INC-42 Checkout failing' }),
    ).toHaveAttribute('href', '/incidents/INC-42');
    expect(screen.getByText('P2')).toBeInTheDocument();
    expect(screen.getByText('monitoring')).toBeInTheDocument();
  });

  it('offers Incidents as a result type of the search page', () => {
    const tester = createExtensionTester(
      plugin.getExtension('search-filter-result-type:incidents'),
    );
    expect(
      tester.get(SearchFilterResultTypeBlueprint.dataRefs.resultType),
    ).toMatchObject({ value: 'incident', name: 'Incidents' });
  });
});
