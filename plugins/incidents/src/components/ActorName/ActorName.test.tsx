import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityPresentationApi,
  entityPresentationApiRef,
} from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { ActorName } from './ActorName';

// Parses the ref as the catalog's DefaultEntityPresentationApi does, so a ref it would
// throw on throws here too.
const presentationApi: EntityPresentationApi = {
  forEntity: entityOrRef => {
    const entityRef = stringifyEntityRef(parseEntityRef(String(entityOrRef)));
    const snapshot = {
      entityRef,
      primaryTitle:
        entityRef === 'user:default/alice' ? 'Alice Adams' : entityRef,
    };
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

function renderActor(actorRef: string) {
  return renderInTestApp(
    <TestApiProvider apis={[[entityPresentationApiRef, presentationApi]]}>
      <p data-testid="actor">
        <ActorName actorRef={actorRef} />
      </p>
    </TestApiProvider>,
  );
}

describe('ActorName', () => {
  it('shows a person by their display name', async () => {
    await renderActor('user:default/alice');
    expect(await screen.findByText('Alice Adams')).toBeInTheDocument();
  });

  it("shows a service by its token's subject", async () => {
    await renderActor('alert-sender');
    expect(screen.getByTestId('actor')).toHaveTextContent(/^alert-sender$/);
  });
});
