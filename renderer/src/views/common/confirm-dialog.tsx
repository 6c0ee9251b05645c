/** A modal question before something that cannot be taken back: focus starts on Cancel, Escape cancels. */
import { useEffect, useRef, type ReactElement, type ReactNode } from 'react';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
  /** Test id of the confirm button. */
  confirmTestId?: string;
}

export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel, confirmTestId = 'confirm' }: ConfirmDialogProps): ReactElement {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // The safe choice has focus, so a stray Enter does not run a dangerous op.
    cancelRef.current?.focus();
  }, []);
  return (
    <div className="modal-backdrop" onClick={onCancel}>
      <div
        className="modal"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        data-testid="confirm-dialog"
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            onCancel();
          }
        }}
      >
        <h2 id="confirm-title">{title}</h2>
        <div className="modal-body">{children}</div>
        <div className="modal-buttons">
          <button type="button" className="btn" ref={cancelRef} data-testid="confirm-cancel" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="btn btn--danger" data-testid={confirmTestId} onClick={onConfirm}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
