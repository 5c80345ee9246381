import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageLayoutBlueprint } from '@backstage/plugin-home-react/alpha';

const homePageLayout = HomePageLayoutBlueprint.make({
  params: {
    loader: () => import('./HomePageLayout').then(m => m.HomePageLayout),
  },
});

/** The home page at `/home`: its layout; the widgets come from the installed plugins. */
export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [homePageLayout],
});
