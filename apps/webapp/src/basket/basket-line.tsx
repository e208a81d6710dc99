import { useEffect, useId, useRef, useState } from 'react';
import type { BasketLine } from '../api/types';
import { Link } from '../app/router';
import { formatCents, formatPrice, toCents } from '../money/money';
import { ProductPicture } from '../ui/product-picture';
import { priceChangeNotice } from './price-change';

export const MAX_QUANTITY = 100;
const COMMIT_DELAY_MS = 600;

/** A quantity a person typed: a whole number from 1 to 100 (basket-api's limits), or why not. */
export function checkQuantity(text: string): { quantity: number } | { error: string } {
  if (!/^\d{1,3}$/.test(text.trim())) return { error: 'Enter a whole number' };
  const quantity = Number(text.trim());
  if (quantity < 1) return { error: 'At least 1 (use Remove to take it out)' };
  if (quantity > MAX_QUANTITY) return { error: `At most ${MAX_QUANTITY}` };
  return { quantity };
}

interface Props {
  readonly line: BasketLine;
  readonly busy: boolean;
  readonly onQuantity: (quantity: number) => void;
  readonly onRemove: () => void;
}

/**
 * One basket line, named by its product. A changed quantity is sent when the field is left,
 * on Enter, or after a short pause in typing, so "12" is one change, not "1" then "12".
 */
export function BasketLineItem({ line, busy, onQuantity, onRemove }: Props) {
  const headingId = useId();
  const fieldId = useId();
  const errorId = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const shown = draft ?? String(line.quantity);
  const checked = checkQuantity(shown);
  const notice = priceChangeNotice(line);

  const commit = (text: string) => {
    clearTimeout(timer.current);
    const result = checkQuantity(text);
    if (!('quantity' in result)) return;
    setDraft(null);
    if (result.quantity !== line.quantity) onQuantity(result.quantity);
  };
  const change = (text: string) => {
    setDraft(text);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => commit(text), COMMIT_DELAY_MS);
  };

  return (
    <li className="basket-line" aria-labelledby={headingId}>
      <ProductPicture name={line.productName} typeName={undefined} />
      <div className="basket-line-body">
        <h2 id={headingId}>
          <Link to={`/products/${line.productId}`}>{line.productName}</Link>
        </h2>
        <p className="price">{formatPrice(line.unitPrice)}</p>
        {notice ? (
          <p role="note" className="price-change">
            {notice}
          </p>
        ) : null}
      </div>
      <div className="basket-line-controls">
        <label htmlFor={fieldId}>Quantity of {line.productName}</label>
        <input
          id={fieldId}
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_QUANTITY}
          value={shown}
          aria-invalid={'error' in checked}
          aria-describedby={'error' in checked ? errorId : undefined}
          onChange={(event) => change(event.target.value)}
          onBlur={(event) => commit(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commit(event.currentTarget.value);
          }}
        />
        {'error' in checked ? (
          <p id={errorId} className="field-error">
            {checked.error}
          </p>
        ) : null}
        <p className="line-total">Subtotal {formatCents(toCents(line.unitPrice) * line.quantity)}</p>
        <button type="button" onClick={onRemove} disabled={busy}>
          Remove
        </button>
      </div>
    </li>
  );
}
