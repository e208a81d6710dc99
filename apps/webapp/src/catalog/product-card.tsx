import { useId } from 'react';
import type { CatalogItem } from '../api/types';
import { Link } from '../app/router';
import { formatPrice } from '../money/money';
import { ProductPicture } from '../ui/product-picture';

interface Props {
  readonly item: CatalogItem;
  readonly typeName: string | undefined;
  readonly brandName: string | undefined;
  readonly onAdd: () => void;
  readonly addDisabled: boolean;
}

/** One product of the grid: an <article> named by its heading (the product's name, as text). */
export function ProductCard({ item, typeName, brandName, onAdd, addDisabled }: Props) {
  const headingId = useId();
  return (
    <article className="product-card" aria-labelledby={headingId}>
      <ProductPicture name={item.name} typeName={typeName} />
      <h2 id={headingId}>
        <Link to={`/products/${item.id}`}>{item.name}</Link>
      </h2>
      {brandName ? <p className="brand">{brandName}</p> : null}
      <p className="price">{formatPrice(item.price)}</p>
      <button type="button" onClick={onAdd} disabled={addDisabled}>
        Add to basket
      </button>
    </article>
  );
}
