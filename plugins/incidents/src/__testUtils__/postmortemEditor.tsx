import { coreApis } from '@backstage/frontend-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { Postmortem } from '@firebreak/plugin-incidents-common';
import { Route, Routes } from 'react-router-dom';
import { FreshPermissionCache } from './permissions';
import { IncidentsApi, incidentsApiRef } from '../api';
import { incidentFixture, mockIncidentsApi } from '../testing/fixtures';
import { PostmortemEditorPage } from '../components/PostmortemEditor/PostmortemEditorPage';

/** The fixed "now" of the editor tests: after the fixture's due date. */
const EDITOR_NOW = new Date('2026-11-30T12:00:00Z');

/** The postmortem editor of incident 7, as `userEntityRef` sees it. */
export function renderEditor(
  api: IncidentsApi,
  userEntityRef = 'user:default/alice',
  permissionApi = mockApis.permission(),
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [incidentsApiRef, api],
        [permissionApiRef, permissionApi],
        [coreApis.identity, mockApis.identity({ userEntityRef })],
      ]}
    >
      <FreshPermissionCache>
        <Routes>
          <Route
            path="/incidents/:id/postmortem"
            element={<PostmortemEditorPage now={EDITOR_NOW} />}
          />
        </Routes>
      </FreshPermissionCache>
    </TestApiProvider>,
    {
      routeEntries: ['/incidents/7/postmortem'],
      // Owners and reviewers are shown by name, linked to their catalog page
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** An API whose incident 7 is resolved and has `postmortem` (or none). */
export function apiWith(
  postmortem: Postmortem | undefined,
  overrides: Partial<IncidentsApi> = {},
) {
  return mockIncidentsApi({
    getIncident: jest.fn(async () => incidentFixture({ status: 'resolved' })),
    getPostmortemForIncident: jest.fn(async () => postmortem),
    ...overrides,
  });
}
