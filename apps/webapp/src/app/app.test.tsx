import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { alice, catalogItem, fakeApi } from '../test/render';
import { App } from './app';
import { ApiContext } from './contexts';
import { navigate } from './router';
import { SessionProvider } from './session-provider';

const api = fakeApi({
  me: () => Promise.resolve(alice),
  catalogItems: () => Promise.resolve({ pageIndex: 0, pageSize: 12, count: 1, data: [catalogItem(1, 'Trail Mug', 12.5)] }),
  catalogItem: () => Promise.resolve(catalogItem(1, 'Trail Mug', 12.5)),
  basket: () => Promise.resolve({ buyerId: 'alice-id', items: [] }),
});

function renderApp() {
  return render(
    <ApiContext.Provider value={api}>
      <SessionProvider>
        <App />
      </SessionProvider>
    </ApiContext.Provider>,
  );
}

describe('App', () => {
  it('navigates in the page through links and puts the focus on the new page heading', async () => {
    const user = userEvent.setup();
    renderApp();
    await screen.findByRole('article', { name: 'Trail Mug' });
    await user.click(screen.getByRole('link', { name: 'Trail Mug' }));
    const heading = await screen.findByRole('heading', { level: 1, name: 'Trail Mug' });
    expect(window.location.pathname).toBe('/products/1');
    await waitFor(() => expect(document.activeElement).toBe(heading));
    await user.click(screen.getByRole('link', { name: 'Basket' }));
    expect(await screen.findByText(/Your basket is empty/)).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Basket' }));
  });

  it('follows Back and Forward', async () => {
    renderApp();
    await screen.findByRole('heading', { level: 1, name: 'Catalog' });
    navigate('/basket');
    expect(await screen.findByRole('heading', { level: 1, name: 'Basket' })).toBeTruthy();
    window.history.back();
    expect(await screen.findByRole('heading', { level: 1, name: 'Catalog' })).toBeTruthy();
  });

  it('answers an unknown path with a page, not a blank screen', async () => {
    navigate('/nowhere', {}, true);
    renderApp();
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
  });
});
