import { Content, Header, Page } from '@backstage/core-components';
import { WelcomeTitle } from '@backstage/plugin-home';
import { HomePageLayoutProps } from '@backstage/plugin-home-react/alpha';
import { Grid } from '@material-ui/core';

/** Firebreak is what the demo is about: its widgets come first, the others keep their order. */
const FIRST_PLUGIN = 'incidents';

/**
 * The demo app's home page: a greeting, then every installed widget as a card, two per
 * row on wide screens and one per row on phones. A plain grid rather than the
 * draggable default, so the page reads the same for everyone and on every width.
 */
export function HomePageLayout(props: HomePageLayoutProps) {
  const first = (w: HomePageLayoutProps['widgets'][number]) =>
    w.node.spec.plugin.pluginId === FIRST_PLUGIN ? 0 : 1;
  // Array.prototype.sort is stable, so widgets of one rank keep the app's order.
  const widgets = [...props.widgets].sort((a, b) => first(a) - first(b));
  return (
    <Page themeId="home">
      <Header
        title={<WelcomeTitle language={['English']} />}
        pageTitleOverride="Home"
      />
      <Content>
        <Grid container spacing={3} alignItems="stretch">
          {widgets.map((widget, index) => (
            <Grid item xs={12} md={6} key={widget.name ?? index}>
              {widget.component}
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}
