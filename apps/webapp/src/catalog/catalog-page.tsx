import { useId } from 'react';
import { useApi } from '../app/contexts';
import { navigate, useLocation } from '../app/router';
import { LoadFailure, Loading, PageHeading, StatusMessage } from '../ui/feedback';
import { Paging } from '../ui/paging';
import { useLoad } from '../ui/use-load';
import { catalogViewUrl, CATALOG_PAGE_SIZE, loadCatalogPage, pageCount, parseCatalogView, type CatalogView } from './catalog-query';
import { ProductCard } from './product-card';
import { useAddToBasket } from './use-add-to-basket';

/** `/`: the product grid with type and brand filters and paging, all kept in the URL. */
export function CatalogPage() {
  const api = useApi();
  const { search } = useLocation();
  const view = parseCatalogView(search);
  const key = catalogViewUrl(view);
  const items = useLoad(key, () => loadCatalogPage(api, view), true);
  const references = useLoad('references', () => Promise.all([api.catalogTypes(), api.catalogBrands()]));
  const basket = useAddToBasket();
  const typeFieldId = useId();
  const brandFieldId = useId();

  const [types, brands] = references.data ?? [[], []];
  const typeName = new Map(types.map((type) => [type.id, type.type]));
  const brandName = new Map(brands.map((brand) => [brand.id, brand.brand]));
  const show = (next: CatalogView) => navigate(catalogViewUrl(next));
  const selected = (value: string) => (value === '' ? undefined : Number(value));

  return (
    <section>
      <PageHeading>Catalog</PageHeading>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor={typeFieldId}>Type</label>
        <select id={typeFieldId} value={view.typeId ?? ''} onChange={(event) => show({ ...view, page: 1, typeId: selected(event.target.value) })}>
          <option value="">All</option>
          {types.map((type) => (
            <option key={type.id} value={type.id}>
              {type.type}
            </option>
          ))}
        </select>
        <label htmlFor={brandFieldId}>Brand</label>
        <select id={brandFieldId} value={view.brandId ?? ''} onChange={(event) => show({ ...view, page: 1, brandId: selected(event.target.value) })}>
          <option value="">All</option>
          {brands.map((brand) => (
            <option key={brand.id} value={brand.id}>
              {brand.brand}
            </option>
          ))}
        </select>
      </form>
      <StatusMessage message={basket.status} />
      {basket.error ? (
        <p role="alert" className="alert">
          {basket.error}
        </p>
      ) : null}
      {items.loading ? <Loading /> : null}
      {items.error ? <LoadFailure error={items.error} what="catalog" /> : null}
      {items.data ? (
        <>
          {items.data.items.length === 0 ? <p>No products match these filters.</p> : null}
          <div className="product-grid">
            {items.data.items.map((item) => (
              <ProductCard
                key={item.id}
                item={item}
                typeName={typeName.get(item.catalogTypeId)}
                brandName={brandName.get(item.catalogBrandId)}
                addDisabled={basket.disabled}
                onAdd={() => void basket.add(item.id, item.name)}
              />
            ))}
          </div>
          <Paging page={view.page} pages={pageCount(items.data.count, CATALOG_PAGE_SIZE)} onPage={(page) => show({ ...view, page })} />
        </>
      ) : null}
    </section>
  );
}
