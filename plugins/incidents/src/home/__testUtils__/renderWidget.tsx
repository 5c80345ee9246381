import { coreApis } from '@backstage/frontend-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { ReactElement } from 'react';
import { IncidentsApi, incidentsApiRef } from '../../api';

/** The signed-in user of the widget tests: alice, in the Payments team. */
export const ALICE = 'user:default/alice';
export const PAYMENTS = 'group:default/payments';

/** Renders a widget's content as the home page would, signed in as alice. */
export function renderWidget(element: ReactElement, api: IncidentsApi) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [incidentsApiRef, api],
        [
          coreApis.identity,
          mockApis.identity({
            userEntityRef: ALICE,
            ownershipEntityRefs: [ALICE, PAYMENTS],
          }),
        ],
      ]}
    >
      {element}
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
