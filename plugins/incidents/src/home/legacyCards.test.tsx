import { screen } from '@testing-library/react';
import { HomePageOverdueActionItems } from '../plugin';
import { mockIncidentsApi } from '../testing/fixtures';
import { renderWidget } from './__testUtils__/renderWidget';

describe('legacy home page cards', () => {
  it('render a titled card around the widget content', async () => {
    const api = mockIncidentsApi();
    await renderWidget(<HomePageOverdueActionItems />, api);
    expect(
      await screen.findByText('My overdue action items'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('None of your action items is overdue.'),
    ).toBeInTheDocument();
    expect(api.listActionItems).toHaveBeenCalled();
  });
});
