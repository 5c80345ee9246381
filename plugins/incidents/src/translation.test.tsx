import { Entity } from '@backstage/catalog-model';
import {
  createFrontendModule,
  createTranslationMessages,
  FrontendFeature,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { TranslationBlueprint } from '@backstage/plugin-app-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import plugin from './alpha';
import { incidentsApiRef } from './api';
import { mockIncidentsApi } from './testing/fixtures';
import { incidentsTranslationRef } from './translation';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { owner: 'group:default/payments' },
};

/** The runbooks card as the new frontend system renders it, in an app with these features. */
async function renderRunbooksCard(features: FrontendFeature[] = []) {
  const tester = createExtensionTester(
    plugin.getExtension('entity-card:incidents/runbooks'),
  );
  renderInTestApp(
    <EntityProvider entity={component}>{tester.reactElement()}</EntityProvider>,
    { apis: [[incidentsApiRef, mockIncidentsApi()]], features },
  );
  // The subheader comes from the API's answer, so the card has loaded once it shows.
  await screen.findByText('No alerts fired in the last 90 days');
}

describe('incidentsTranslationRef', () => {
  it('shows the default messages when the app overrides none', async () => {
    await renderRunbooksCard();
    expect(screen.getByText('Runbooks')).toBeInTheDocument();
  });

  it('shows the messages an app overrides, and the defaults for the rest', async () => {
    // As an app does it: translations are the app plugin's input.
    await renderRunbooksCard([
      createFrontendModule({
        pluginId: 'app',
        extensions: [
          TranslationBlueprint.make({
            name: 'incidents-reworded',
            params: {
              resource: createTranslationMessages({
                ref: incidentsTranslationRef,
                messages: { 'cards.runbooks.title': 'Runbook coverage' },
              }),
            },
          }),
        ],
      }),
    ]);
    expect(screen.getByText('Runbook coverage')).toBeInTheDocument();
    expect(screen.queryByText('Runbooks')).not.toBeInTheDocument();
    // A message the app left alone keeps its default.
    expect(
      screen.getByText('No alerts fired in the last 90 days'),
    ).toBeInTheDocument();
  });
});
