import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createStorefrontApi } from './api/storefront-api';
import { App } from './app/app';
import { ApiContext } from './app/contexts';
import { SessionProvider } from './app/session-provider';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

const api = createStorefrontApi((input, init) => fetch(input, init));

createRoot(root).render(
  <StrictMode>
    <ApiContext.Provider value={api}>
      <SessionProvider>
        <App />
      </SessionProvider>
    </ApiContext.Provider>
  </StrictMode>,
);
