import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { incidentsApiRef } from '../../api';
import { mockIncidentsApi } from '../../testing/fixtures';
import { actionItemFixture } from '../ActionItemsPage/testFixtures';
import { JiraIssueCell } from './JiraIssueCell';

const JIRA = 'https://example.atlassian.net';

async function render(
  api: ReturnType<typeof mockIncidentsApi>,
  item = actionItemFixture({ id: 7, title: 'Renew certificates' }),
) {
  await renderInTestApp(
    <TestApiProvider apis={[[incidentsApiRef, api]]}>
      <JiraIssueCell item={item} />
    </TestApiProvider>,
  );
}

describe('JiraIssueCell', () => {
  it('creates the Jira issue and then shows its key as a link', async () => {
    const api = mockIncidentsApi({
      getJira: jest.fn(async () => ({ configured: true, baseUrl: JIRA })),
      createJiraIssue: jest.fn(async (id: number) =>
        actionItemFixture({
          id,
          title: 'Renew certificates',
          jiraKey: 'PAY-12',
          jiraUrl: `${JIRA}/browse/PAY-12`,
        }),
      ),
    });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Create Jira issue for Renew certificates',
      }),
    );
    expect(api.createJiraIssue).toHaveBeenCalledWith(7);
    const link = await screen.findByRole('link', { name: /Jira issue PAY-12/ });
    expect(link).toHaveAttribute('href', `${JIRA}/browse/PAY-12`);
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('shows the key of a linked item and no button', async () => {
    const api = mockIncidentsApi({
      getJira: jest.fn(async () => ({ configured: true, baseUrl: JIRA })),
    });
    await render(
      api,
      actionItemFixture({
        jiraKey: 'OPS-3',
        jiraUrl: `${JIRA}/browse/OPS-3`,
        jiraStatus: 'In Progress',
      }),
    );
    expect(
      await screen.findByRole('link', {
        name: 'Jira issue OPS-3, In Progress',
      }),
    ).toHaveAttribute('href', `${JIRA}/browse/OPS-3`);
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('offers nothing when Jira is not configured', async () => {
    const api = mockIncidentsApi();
    await render(api);
    await waitFor(() => expect(api.getJira).toHaveBeenCalled());
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('says what went wrong when Jira refuses', async () => {
    const api = mockIncidentsApi({
      getJira: jest.fn(async () => ({ configured: true, baseUrl: JIRA })),
      createJiraIssue: jest.fn(async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'ServiceUnavailableError',
                message:
                  'Jira at https://example.atlassian.net answered HTTP 502',
              },
              response: { statusCode: 503 },
            }),
            {
              status: 503,
              headers: { 'Content-Type': 'application/json' },
            },
          ) as any,
        );
      }),
    });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: /Create Jira issue/ }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Jira at https://example.atlassian.net answered HTTP 502',
    );
    expect(
      screen.getByRole('button', { name: /Create Jira issue/ }),
    ).toBeEnabled();
  });
});
