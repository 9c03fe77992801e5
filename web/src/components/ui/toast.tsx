import { Toast as T } from 'radix-ui';
import { createContext, type ReactNode, useCallback, useContext, useState } from 'react';
import { cn } from '../../lib/utils.ts';

interface ToastItem {
  id: number;
  title: string;
  description?: string;
  variant: 'default' | 'error' | 'success';
  /** One follow-up (e.g. "Voir les ventes"). */
  action?: { label: string; onClick(): void };
}
type Show = (t: Omit<ToastItem, 'id' | 'variant'> & { variant?: ToastItem['variant'] }) => void;

const Ctx = createContext<Show>(() => {});
let seq = 0;

/** Short confirmations ("Enregistré") and background failures, announced to screen readers by Radix. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const show = useCallback<Show>((t) => setItems((xs) => [...xs.slice(-3), { id: ++seq, variant: 'default', ...t }]), []);
  return (
    <Ctx.Provider value={show}>
      <T.Provider swipeDirection="right" duration={4000}>
        {children}
        {items.map((it) => (
          <T.Root
            key={it.id}
            type={it.variant === 'error' ? 'foreground' : 'background'}
            onOpenChange={(o) => !o && setItems((xs) => xs.filter((x) => x.id !== it.id))}
            className={cn(
              'rounded-lg border bg-popover p-3 text-popover-foreground shadow-lg',
              it.variant === 'error' && 'border-destructive/50',
              it.variant === 'success' && 'border-success/50',
            )}
          >
            <T.Title className="text-sm font-medium">{it.title}</T.Title>
            {it.description && <T.Description className="mt-1 text-xs text-muted-foreground">{it.description}</T.Description>}
            {it.action && (
              <T.Action altText={it.action.label} onClick={it.action.onClick} className="mt-2 cursor-pointer rounded-md border px-2 py-1 text-xs font-medium hover:bg-accent">
                {it.action.label}
              </T.Action>
            )}
          </T.Root>
        ))}
        <T.Viewport className="fixed bottom-0 right-0 z-[100] flex w-full max-w-sm flex-col gap-2 p-3 outline-none" />
      </T.Provider>
    </Ctx.Provider>
  );
}

export const useToast = () => useContext(Ctx);
