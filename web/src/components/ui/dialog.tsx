import { XIcon } from 'lucide-react';
import { AlertDialog as AD, Dialog as D } from 'radix-ui';
import type { ComponentProps, ReactNode } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { cn } from '../../lib/utils.ts';
import { Button, buttonVariants } from './button.tsx';

const overlay = 'fixed inset-0 z-50 bg-black/50 data-[state=open]:animate-in data-[state=open]:fade-in';
const panel =
  'fixed left-1/2 top-1/2 z-50 grid max-h-[calc(100dvh-2rem)] w-[calc(100vw-1.5rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 gap-4 overflow-y-auto rounded-xl border bg-popover p-5 text-popover-foreground shadow-lg';

export const Dialog = D.Root;
export const DialogTrigger = D.Trigger;
export const DialogClose = D.Close;

export function DialogContent({ className, children, title, description, hideClose, ...props }: ComponentProps<typeof D.Content> & { title: ReactNode; description?: ReactNode; hideClose?: boolean }) {
  const { t } = useI18n();
  return (
    <D.Portal>
      <D.Overlay className={overlay} />
      <D.Content className={cn(panel, className)} aria-describedby={description ? undefined : undefined} {...props}>
        <div className="flex flex-col gap-1.5 pr-8">
          <D.Title className="text-lg font-semibold leading-tight">{title}</D.Title>
          {description ? <D.Description className="text-sm text-muted-foreground">{description}</D.Description> : <D.Description className="sr-only">{title}</D.Description>}
        </div>
        {children}
        {!hideClose && (
          <D.Close className="absolute right-3 top-3 rounded-md p-1.5 opacity-70 hover:bg-accent hover:opacity-100" aria-label={t.common.close}>
            <XIcon className="size-4" />
          </D.Close>
        )}
      </D.Content>
    </D.Portal>
  );
}

/** A side sheet (the phone menu). */
export function SheetContent({ className, children, title, ...props }: ComponentProps<typeof D.Content> & { title: string }) {
  return (
    <D.Portal>
      <D.Overlay className={overlay} />
      <D.Content className={cn('fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col gap-2 border-r bg-card p-4 shadow-xl', className)} {...props}>
        <D.Title className="sr-only">{title}</D.Title>
        <D.Description className="sr-only">{title}</D.Description>
        {children}
      </D.Content>
    </D.Portal>
  );
}

export function DialogFooter({ className, ...props }: ComponentProps<'div'>) {
  return <div className={cn('flex flex-col-reverse gap-2 sm:flex-row sm:justify-end', className)} {...props} />;
}

/** A yes/no question that must be answered (destructive or irreversible actions). */
export function ConfirmDialog({
  open, onOpenChange, title, description, confirmLabel, onConfirm, destructive, children, busy,
}: {
  open: boolean;
  onOpenChange(o: boolean): void;
  title: ReactNode;
  description?: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
  destructive?: boolean;
  children?: ReactNode;
  busy?: boolean;
}) {
  const { t } = useI18n();
  return (
    <AD.Root open={open} onOpenChange={onOpenChange}>
      <AD.Portal>
        <AD.Overlay className={overlay} />
        <AD.Content className={panel}>
          <AD.Title className="text-lg font-semibold">{title}</AD.Title>
          <AD.Description asChild={!!description && typeof description !== 'string'} className="text-sm text-muted-foreground">
            {description ?? title}
          </AD.Description>
          {children}
          <DialogFooter>
            <AD.Cancel className={buttonVariants({ variant: 'outline' })}>{t.common.cancel}</AD.Cancel>
            <Button variant={destructive ? 'destructive' : 'default'} disabled={busy} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          </DialogFooter>
        </AD.Content>
      </AD.Portal>
    </AD.Root>
  );
}
