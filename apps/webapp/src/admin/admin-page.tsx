import { useState } from 'react';
import { ApiError } from '../api/api-error';
import type { CatalogItem, CatalogPage } from '../api/types';
import { isAdmin, useApi, useSession } from '../app/contexts';
import { pageCount } from '../catalog/catalog-query';
import { formatCents } from '../money/money';
import { LoadFailure, Loading, PageHeading, StatusMessage } from '../ui/feedback';
import { Paging } from '../ui/paging';
import { useLoad } from '../ui/use-load';
import { PriceRow } from './price-row';

export const EDITOR_PAGE_SIZE = 50;

/** `/admin`: the catalog editor (change a price). Only for the `admin` role; catalog-api checks it again. */
export function AdminPage() {
  const { session } = useSession();
  if (session.status === 'loading') return <Loading />;
  if (!isAdmin(session)) {
    return (
      <section>
        <PageHeading>Admin only</PageHeading>
        <p role="alert" className="alert">
          You need the admin role to edit the catalog.
        </p>
      </section>
    );
  }
  return <CatalogEditor />;
}

function CatalogEditor() {
  const api = useApi();
  const [page, setPage] = useState(1);
  const items = useLoad(String(page), () => api.catalogItems({ pageIndex: page - 1, pageSize: EDITOR_PAGE_SIZE }), true);
  const [saving, setSaving] = useState<number | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const save = async (item: CatalogItem, cents: number) => {
    setSaving(item.id);
    setStatus(null);
    setFailure(null);
    try {
      const saved = await api.updateCatalogItem({ ...item, price: cents / 100 });
      const current = items.data as CatalogPage;
      items.setData({ ...current, data: current.data.map((each) => (each.id === saved.id ? saved : each)) });
      setStatus(`Saved ${saved.name}: ${formatCents(cents)}`);
    } catch (error) {
      setFailure(saveFailure(item.name, error));
      if (error instanceof ApiError && error.status === 409) items.reload();
    } finally {
      setSaving(null);
    }
  };

  return (
    <section>
      <PageHeading>Catalog editor</PageHeading>
      <p>A changed price reaches every basket holding the product (catalog → outbox → RabbitMQ → basket).</p>
      <StatusMessage message={status} />
      {failure ? (
        <p role="alert" className="alert">
          {failure}
        </p>
      ) : null}
      {items.loading ? <Loading /> : null}
      {items.error ? <LoadFailure error={items.error} what="catalog" /> : null}
      {items.data ? (
        <>
          <div className="table-scroll">
            <table className="editor">
              <caption className="visually-hidden">Catalog items and their prices</caption>
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">Current price</th>
                  <th scope="col">New price</th>
                  <th scope="col">
                    <span className="visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.data.data.map((item) => (
                  <PriceRow key={item.id} item={item} saving={saving === item.id} onSave={(cents) => void save(item, cents)} />
                ))}
              </tbody>
            </table>
          </div>
          <Paging page={page} pages={pageCount(items.data.count, EDITOR_PAGE_SIZE)} onPage={setPage} />
        </>
      ) : null}
    </section>
  );
}

function saveFailure(name: string, error: unknown): string {
  if (!(error instanceof ApiError)) return `Could not save ${name}.`;
  if (error.status === 409) return `${name} was changed meanwhile; the list is reloaded, try again.`;
  if (error.status === 403) return 'You need the admin role to edit the catalog.';
  if (error.status === 401) return 'Your session has ended: sign in again.';
  const circuit = error.circuitOpen ? ' (the gateway stopped calling a failing service for a few seconds)' : '';
  return `Could not save ${name}: ${error.status >= 500 || error.status === 0 ? 'the catalog is unavailable right now. Try again in a moment.' : error.message}${circuit}`;
}
