import { useState } from 'react';
import { isAdmin, useSession } from './contexts';
import { Link, useLocation } from './router';
import { signInUrl } from './session-provider';

/** The site header: home, the main sections, and who is signed in. */
export function Header() {
  const { session, signOut } = useSession();
  const { path, search } = useLocation();
  const [signOutFailed, setSignOutFailed] = useState(false);

  const leave = () => {
    setSignOutFailed(false);
    signOut().catch(() => setSignOutFailed(true));
  };

  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Link to="/" className="brand">
        eShop
      </Link>
      <nav aria-label="Main">
        <ul>
          <li>
            <Link to="/">Catalog</Link>
          </li>
          <li>
            <Link to="/basket">Basket</Link>
          </li>
          <li>
            <Link to="/orders">Orders</Link>
          </li>
          {isAdmin(session) ? (
            <li>
              <Link to="/admin">Catalog editor</Link>
            </li>
          ) : null}
        </ul>
      </nav>
      <div className="account">
        {session.status === 'signed-out' ? <a href={signInUrl(path + search)}>Sign in</a> : null}
        {session.status === 'signed-in' ? (
          <>
            <span>Signed in as {session.user.name}</span>
            <button type="button" onClick={leave}>
              Sign out
            </button>
          </>
        ) : null}
        {signOutFailed ? (
          <span role="alert" className="alert inline">
            Signing out failed; try again.
          </span>
        ) : null}
      </div>
    </header>
  );
}
