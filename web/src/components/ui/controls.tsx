import { CheckIcon } from 'lucide-react';
import { Checkbox as C, Progress as P, Switch as S, Tabs as T } from 'radix-ui';
import type { ComponentProps } from 'react';
import { cn } from '../../lib/utils.ts';

export function Switch({ className, ...props }: ComponentProps<typeof S.Root>) {
  return (
    <S.Root
      className={cn('peer inline-flex h-6 w-11 shrink-0 cursor-pointer items-center rounded-full border-2 border-transparent bg-input transition-colors data-[state=checked]:bg-primary disabled:cursor-not-allowed disabled:opacity-50', className)}
      {...props}
    >
      <S.Thumb className="pointer-events-none block size-5 rounded-full bg-white shadow transition-transform data-[state=checked]:translate-x-5 data-[state=unchecked]:translate-x-0" />
    </S.Root>
  );
}

export function Checkbox({ className, ...props }: ComponentProps<typeof C.Root>) {
  return (
    <C.Root
      className={cn('peer size-5 shrink-0 cursor-pointer rounded border border-input bg-card shadow-xs data-[state=checked]:border-primary data-[state=checked]:bg-primary data-[state=checked]:text-primary-foreground disabled:opacity-50', className)}
      {...props}
    >
      <C.Indicator className="flex items-center justify-center">
        <CheckIcon className="size-4" />
      </C.Indicator>
    </C.Root>
  );
}

export function Progress({ value, className, label }: { value: number | null; className?: string; label: string }) {
  const v = value === null ? null : Math.max(0, Math.min(100, value));
  return (
    <P.Root aria-label={label} value={v} className={cn('relative h-2.5 w-full overflow-hidden rounded-full bg-muted', className)}>
      <P.Indicator className={cn('h-full bg-primary transition-[width] duration-300', v === null && 'w-1/3 animate-pulse')} style={v === null ? undefined : { width: `${v}%` }} />
    </P.Root>
  );
}

export const Tabs = T.Root;
export function TabsList({ className, ...props }: ComponentProps<typeof T.List>) {
  return <T.List className={cn('inline-flex max-w-full items-center gap-1 overflow-x-auto rounded-lg bg-muted p-1', className)} {...props} />;
}
export function TabsTrigger({ className, ...props }: ComponentProps<typeof T.Trigger>) {
  return (
    <T.Trigger
      className={cn('cursor-pointer whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium text-muted-foreground data-[state=active]:bg-card data-[state=active]:text-foreground data-[state=active]:shadow-sm', className)}
      {...props}
    />
  );
}
export const TabsContent = T.Content;
