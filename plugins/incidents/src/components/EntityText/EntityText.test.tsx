import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityPresentationApi,
  entityPresentationApiRef,
} from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { EntityText } from './EntityText';

const NAMES: Record<string, string> = {
  'group:default/payments': 'Payments team',
  'user:default/alice': 'Alice Adams',
};

const presentationApi: EntityPresentationApi = {
  forEntity: entityOrRef => {
    const entityRef = String(entityOrRef);
    const snapshot = {
      entityRef,
      primaryTitle: NAMES[entityRef] ?? entityRef,
    };
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

function renderText(text: string) {
  return renderInTestApp(
    <TestApiProvider apis={[[entityPresentationApiRef, presentationApi]]}>
      <p data-testid="text">
        <EntityText text={text} />
      </p>
    </TestApiProvider>,
  );
}

describe('EntityText', () => {
  it('shows the entities a message names by their display names', async () => {
    await renderText(
      'Paged group:default/payments (P2 pages the on-call); user:default/alice is commander',
    );
    expect(await screen.findByText('Payments team')).toBeInTheDocument();
    expect(screen.getByTestId('text')).toHaveTextContent(
      'Paged Payments team (P2 pages the on-call); Alice Adams is commander',
    );
    expect(screen.getByTestId('text').textContent).not.toMatch(
      /group:default|user:default/,
    );
  });

  it('leaves text without full refs as it is', async () => {
    await renderText('Rolled back to user:alice’s build at 14:02');
    expect(screen.getByTestId('text')).toHaveTextContent(
      'Rolled back to user:alice’s build at 14:02',
    );
  });
});
