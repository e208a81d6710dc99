import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { StorefrontApi } from '../api/storefront-api';
import { admin, alice, fakeApi, renderWith } from '../test/render';
import { ApiContext, useSession } from './contexts';
import { Header } from './header';
import { RequireSignIn } from './require-sign-in';
import { navigate } from './router';
import { browserNavigation, SessionProvider } from './session-provider';

function withSession(api: StorefrontApi, ui: React.ReactElement) {
  return render(
    <ApiContext.Provider value={api}>
      <SessionProvider>{ui}</SessionProvider>
    </ApiContext.Provider>,
  );
}

function SignInButton() {
  const { signIn } = useSession();
  return (
    <button type="button" onClick={() => signIn()}>
      go
    </button>
  );
}

describe('session', () => {
  it('shows a visitor a Sign in link that returns to the current page', async () => {
    navigate('/products/3', {}, true);
    withSession(fakeApi({ me: () => Promise.resolve(null) }), <Header />);
    const link = await screen.findByRole('link', { name: 'Sign in' });
    expect(link.getAttribute('href')).toBe('/auth/login?returnTo=%2Fproducts%2F3');
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
  });

  it('shows who is signed in, and the editor link to admins only', async () => {
    const { unmount } = withSession(fakeApi({ me: () => Promise.resolve(alice) }), <Header />);
    expect(await screen.findByText('Signed in as Alice')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Catalog editor' })).toBeNull();
    for (const name of ['eShop', 'Catalog', 'Basket', 'Orders']) expect(screen.getByRole('link', { name })).toBeTruthy();
    unmount();
    withSession(fakeApi({ me: () => Promise.resolve(admin) }), <Header />);
    expect(await screen.findByRole('link', { name: 'Catalog editor' })).toBeTruthy();
  });

  it('signs out through the gateway and follows its redirect', async () => {
    const user = userEvent.setup();
    const leave = vi.spyOn(browserNavigation, 'leave').mockImplementation(() => undefined);
    const logout = vi.fn(() => Promise.resolve('http://localhost:8085/session/end?x=1'));
    withSession(fakeApi({ me: () => Promise.resolve(alice), logout }), <Header />);
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(leave).toHaveBeenCalledWith('http://localhost:8085/session/end?x=1'));
  });

  it('signs in at the gateway with the current path and query as returnTo', async () => {
    const user = userEvent.setup();
    const leave = vi.spyOn(browserNavigation, 'leave').mockImplementation(() => undefined);
    navigate('/?page=2&type=1', {}, true);
    withSession(fakeApi({ me: () => Promise.resolve(null) }), <SignInButton />);
    await user.click(screen.getByRole('button', { name: 'go' }));
    expect(leave).toHaveBeenCalledWith('/auth/login?returnTo=%2F%3Fpage%3D2%26type%3D1');
  });

  it('sends a visitor of a buyer page to sign in once, and does not loop', async () => {
    const leave = vi.spyOn(browserNavigation, 'leave').mockImplementation(() => undefined);
    navigate('/basket', {}, true);
    const api = fakeApi({ me: () => Promise.resolve(null) });
    const first = withSession(api, <RequireSignIn title="Basket">secret</RequireSignIn>);
    await waitFor(() => expect(leave).toHaveBeenCalledWith('/auth/login?returnTo=%2Fbasket'));
    first.unmount();
    // Back from the sign-in page still without a session: stay, and say so.
    withSession(api, <RequireSignIn title="Basket">secret</RequireSignIn>);
    expect((await screen.findByRole('alert')).textContent).toMatch(/not signed in/);
    expect(leave).toHaveBeenCalledTimes(1);
    expect(screen.queryByText('secret')).toBeNull();
  });

  it('shows a buyer page to a signed-in buyer', () => {
    renderWith(<RequireSignIn title="Basket">secret</RequireSignIn>, fakeApi());
    expect(screen.getByText('secret')).toBeTruthy();
  });
});
