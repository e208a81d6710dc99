import { AdminPage } from '../admin/admin-page';
import { BasketPage } from '../basket/basket-page';
import { CatalogPage } from '../catalog/catalog-page';
import { ProductPage } from '../catalog/product-page';
import { CheckoutPage } from '../checkout/checkout-page';
import { OrderPage } from '../orders/order-page';
import { OrdersPage } from '../orders/orders-page';
import { PageHeading } from '../ui/feedback';
import { Header } from './header';
import { RequireSignIn } from './require-sign-in';
import { Link, matchRoute, useLocation, type Route } from './router';

function Page({ route }: { readonly route: Route }) {
  switch (route.name) {
    case 'catalog':
      return <CatalogPage />;
    case 'product':
      return <ProductPage key={route.id} id={route.id} />;
    case 'basket':
      return (
        <RequireSignIn title="Basket">
          <BasketPage />
        </RequireSignIn>
      );
    case 'checkout':
      return (
        <RequireSignIn title="Checkout">
          <CheckoutPage />
        </RequireSignIn>
      );
    case 'orders':
      return (
        <RequireSignIn title="Orders">
          <OrdersPage />
        </RequireSignIn>
      );
    case 'order':
      return (
        <RequireSignIn title={`Order ${route.id}`}>
          <OrderPage key={route.id} id={route.id} />
        </RequireSignIn>
      );
    case 'admin':
      return <AdminPage />;
    case 'not-found':
      return (
        <section>
          <PageHeading>Page not found</PageHeading>
          <p>
            There is nothing here. <Link to="/">Go to the shop's front page</Link>
          </p>
        </section>
      );
  }
}

/** The shell: header, then the page the URL names. */
export function App() {
  const { path } = useLocation();
  return (
    <>
      <Header />
      <main id="main">
        <Page route={matchRoute(path)} />
      </main>
      <footer className="site-footer">
        <p>eShop on NestJS: a storefront for studying microservices and integration events.</p>
      </footer>
    </>
  );
}
