import { useId, type ReactNode } from 'react';

interface Props {
  readonly label: string;
  readonly error: string | undefined;
  /** Renders the control with the ids that tie it to its label and its error. */
  readonly children: (control: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactNode;
}

/** A labelled form field whose error sits next to it and is announced with it. */
export function CheckoutFieldRow({ label, error, children }: Props) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error !== undefined, 'aria-describedby': error ? errorId : undefined })}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
