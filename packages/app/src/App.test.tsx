import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('opens on the sign-in page with the guest provider, under the app title', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Firebreak Test' },
            backend: { baseUrl: 'http://localhost:7007' },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    expect(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 30_000 }),
    ).toBeEnabled();
    expect(screen.getByText('Guest')).toBeInTheDocument();
    expect(screen.getByText(/Enter as a Guest User/)).toBeInTheDocument();
    expect(screen.getByText('Firebreak Test')).toBeInTheDocument();
  });
});
