import { useId, useState } from 'react';
import type { CatalogItem } from '../api/types';
import { formatPrice, parsePriceInput } from '../money/money';

interface Props {
  readonly item: CatalogItem;
  readonly saving: boolean;
  readonly onSave: (cents: number) => void;
}

/** One item of the editor: a row named by the product, its price field and "Save price". */
export function PriceRow({ item, saving, onSave }: Props) {
  const nameId = useId();
  const fieldId = useId();
  const errorId = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = draft ?? item.price.toFixed(2);

  const save = () => {
    const parsed = parsePriceInput(shown);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setError(null);
    setDraft(null);
    onSave(parsed.cents);
  };

  return (
    <tr aria-labelledby={nameId}>
      <th scope="row" id={nameId}>
        {item.name}
      </th>
      <td>{formatPrice(item.price)}</td>
      <td>
        <label htmlFor={fieldId} className="visually-hidden">
          Price of {item.name}
        </label>
        <input
          id={fieldId}
          type="text"
          inputMode="decimal"
          value={shown}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') save();
          }}
        />
        {error ? (
          <p id={errorId} className="field-error">
            {error}
          </p>
        ) : null}
      </td>
      <td>
        <button type="button" disabled={saving} onClick={save}>
          Save price
        </button>
      </td>
    </tr>
  );
}
