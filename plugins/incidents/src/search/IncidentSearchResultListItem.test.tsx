import { renderInTestApp } from '@backstage/test-utils';
import { SearchResultListItemExtensions } from '@backstage/plugin-search-react';
import { IncidentSearchDocument } from '@firebreak/plugin-incidents-common';
import { screen, within } from '@testing-library/react';
import { IncidentSearchResultListItem as LegacyExtension } from '../plugin';
import { IncidentSearchResultListItem } from './IncidentSearchResultListItem';

const document: IncidentSearchDocument = {
  title: 'Checkout failing',
  text: 'Card payments failed.\n\nRoot cause: Configuration changes skipped the canary stage.',
  location: '/incidents/INC-42',
  ref: 'INC-42',
  severity: 'P1',
  status: 'resolved',
  entityRef: 'component:default/payments-api',
  ownerRef: 'group:default/payments',
  postmortemStatus: 'published',
  detectedAt: '2026-11-01T10:00:00.000Z',
  authorization: { resourceRef: '42' },
};

describe('IncidentSearchResultListItem', () => {
  it('links the incident and shows its severity, status, postmortem and entity', async () => {
    await renderInTestApp(<IncidentSearchResultListItem result={document} />);

    const link = screen.getByRole('link', { name: 'INC-42 Checkout failing' });
    expect(link).toHaveAttribute('href', '/incidents/INC-42');
    expect(screen.getByText('P1')).toBeInTheDocument();
    expect(screen.getByText('resolved')).toBeInTheDocument();
    expect(screen.getByText('Published')).toBeInTheDocument();
    expect(
      screen.getByText('component:default/payments-api'),
    ).toBeInTheDocument();
    expect(screen.getByText(/skipped the canary stage/)).toBeInTheDocument();
  });

  it('marks the matched terms of title and text', async () => {
    await renderInTestApp(
      <IncidentSearchResultListItem
        result={document}
        highlight={{
          preTag: '<em>',
          postTag: '</em>',
          fields: {
            title: 'Checkout failing',
            text: 'Root cause: Configuration changes skipped the <em>canary</em> stage.',
          },
        }}
      />,
    );
    const marks = screen.getAllByText('canary');
    expect(marks).toHaveLength(1);
    expect(marks[0].tagName).toBe('MARK');
    // the highlighted excerpt replaces the whole text
    expect(screen.queryByText(/Card payments failed/)).not.toBeInTheDocument();
  });

  it('starts the text shortly before the first match, so the match shows', async () => {
    const leadIn =
      'Customers saw errors until the change was rolled back. '.repeat(5);
    await renderInTestApp(
      <IncidentSearchResultListItem
        result={document}
        highlight={{
          preTag: '<em>',
          postTag: '</em>',
          fields: {
            text: `${leadIn}Root cause: Configuration changes skipped the <em>canary</em> stage.`,
          },
        }}
      />,
    );
    const mark = screen.getByText('canary');
    expect(mark.tagName).toBe('MARK');
    const text = mark.parentElement!.textContent!;
    expect(text.startsWith('…')).toBe(true);
    expect(text.length).toBeLessThan(leadIn.length);
    expect(text).toMatch(
      /rolled back\. Root cause: Configuration changes skipped the canary stage\.$/,
    );
  });

  it('shows what an older document has, and nothing without one', async () => {
    const { container } = await renderInTestApp(
      <div>
        <IncidentSearchResultListItem
          result={{
            title: 'Old',
            text: 'Old text',
            location: '/incidents/INC-1',
          }}
        />
        <IncidentSearchResultListItem />
      </div>,
    );
    expect(screen.getByRole('link', { name: 'Old' })).toBeInTheDocument();
    expect(container.querySelectorAll('a')).toHaveLength(1);
    expect(container.querySelector('.MuiChip-root')).toBeNull();
  });

  it('renders incident results in legacy search result lists, and leaves others to the default item', async () => {
    await renderInTestApp(
      <SearchResultListItemExtensions
        results={[
          { type: 'incident', document, rank: 1 },
          {
            type: 'software-catalog',
            document: {
              title: 'payments-api',
              text: 'Takes card payments',
              location: '/catalog/default/component/payments-api',
            },
            rank: 2,
          },
        ]}
      >
        <LegacyExtension />
      </SearchResultListItemExtensions>,
    );
    const items = await screen.findAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(
      await within(items[0]).findByRole('link', {
        name: 'INC-42 Checkout failing',
      }),
    ).toBeInTheDocument();
    expect(within(items[0]).getByText('P1')).toBeInTheDocument();
    expect(within(items[1]).queryByText('P1')).not.toBeInTheDocument();
    expect(within(items[1]).getByText('payments-api')).toBeInTheDocument();
  });
});
