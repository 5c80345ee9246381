import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { homeModule } from './modules/home';
import { navModule } from './modules/nav';

// Other plugins (Firebreak incidents, org, notifications, signals, search, user settings)
// are discovered from this package's dependencies (`app.packages: all` in app-config.yaml).
export default createApp({
  features: [catalogPlugin, navModule, homeModule],
});
