import { useApi } from '../app/contexts';
import { Link } from '../app/router';
import { formatPrice } from '../money/money';
import { LoadFailure, Loading, PageHeading, StatusMessage } from '../ui/feedback';
import { ProductPicture } from '../ui/product-picture';
import { useLoad } from '../ui/use-load';
import { useAddToBasket } from './use-add-to-basket';

/** `/products/:id`: one product, its description and "Add to basket". */
export function ProductPage({ id }: { readonly id: number }) {
  const api = useApi();
  const item = useLoad(String(id), () => api.catalogItem(id));
  const types = useLoad('types', () => api.catalogTypes());
  const basket = useAddToBasket();

  if (item.loading) return <Loading />;
  if (!item.data) {
    return (
      <section>
        <PageHeading>Product</PageHeading>
        <LoadFailure error={item.error} what="catalog" />
        <Link to="/">Back to the shop</Link>
      </section>
    );
  }
  const product = item.data;
  const typeName = types.data?.find((type) => type.id === product.catalogTypeId)?.type;
  return (
    <section className="product-detail">
      <ProductPicture name={product.name} typeName={typeName} />
      <div>
        <PageHeading>{product.name}</PageHeading>
        <p className="price">{formatPrice(product.price)}</p>
        <p className="description">{product.description}</p>
        <button type="button" disabled={basket.disabled} onClick={() => void basket.add(product.id, product.name)}>
          Add to basket
        </button>
        <StatusMessage message={basket.status} />
        {basket.error ? (
          <p role="alert" className="alert">
            {basket.error}
          </p>
        ) : null}
      </div>
    </section>
  );
}
