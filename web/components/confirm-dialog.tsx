'use client';

import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useI18n } from '../lib/i18n';

interface Question {
  /** The question, naming what it acts on: «¿Revocar la clave «Integración web»?». */
  title: string;
  /** What happens if the person confirms. */
  consequence: string;
  confirmLabel: string;
  cancelLabel?: string;
  /** More to fill in before confirming (a typed name), shown under the consequence. */
  children?: ReactNode;
  confirmDisabled?: boolean;
}

/**
 * A modal question before a destructive action. It opens on mount, keeps focus inside (native
 * `showModal`), starts on Cancelar, closes on Escape as a cancel, and gives focus back to what
 * opened it. It lives under <body> so it may be opened from inside another form or a table cell;
 * React still bubbles its events to that form, hence the stopped submit.
 */
export function ConfirmDialog({ title, consequence, confirmLabel, cancelLabel, children, confirmDisabled, onConfirm, onCancel }: Question & { onConfirm(): void; onCancel(): void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => opener?.focus();
  }, []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    event.stopPropagation();
    if (!confirmDisabled) onConfirm();
  }

  return createPortal(
    <dialog
      ref={ref}
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-consequence`}
      className="confirm-dialog"
      onClose={onCancel}
    >
      <form onSubmit={submit}>
        <h2 id={`${id}-title`}>{title}</h2>
        <p id={`${id}-consequence`}>{consequence}</p>
        {children}
        <div className="row confirm-actions">
          <button type="button" className="secondary" onClick={onCancel}>
            {cancelLabel ?? t('common.cancel')}
          </button>
          <button type="submit" className="danger" disabled={confirmDisabled}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>,
    document.body,
  );
}

/** A button that asks `title` in a ConfirmDialog and runs `onConfirm` only when the person confirms. */
export function ConfirmButton({ label, className, disabled, onConfirm, ...question }: Question & { label: string; className?: string; disabled?: boolean; onConfirm(): void }) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <button type="button" className={className} disabled={disabled} aria-haspopup="dialog" onClick={() => setAsking(true)}>
        {label}
      </button>
      {asking ? (
        <ConfirmDialog
          {...question}
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            onConfirm();
          }}
        />
      ) : null}
    </>
  );
}
