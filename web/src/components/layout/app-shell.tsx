import { BoxesIcon, ChartLineIcon, CircleUserIcon, FolderInputIcon, HistoryIcon, LayoutDashboardIcon, MenuIcon, MoonIcon, PackageIcon, ReceiptIcon, SettingsIcon, SparklesIcon, SunIcon, UsersIcon } from 'lucide-react';
import { Dialog } from 'radix-ui';
import { type ReactNode, useState } from 'react';
import { NavLink, useLocation } from 'react-router';
import { useI18n } from '../../i18n/index.tsx';
import { useTheme } from '../../lib/theme.tsx';
import { cn } from '../../lib/utils.ts';
import { Button } from '../ui/button.tsx';
import { SheetContent } from '../ui/dialog.tsx';
import { LiveIndicator } from './live-indicator.tsx';
import { VintedAccountMenu } from './vinted-account-menu.tsx';

export const NAV = [
  { to: '/', key: 'dashboard', icon: LayoutDashboardIcon },
  { to: '/annonce/nouvelle', key: 'newListing', icon: SparklesIcon },
  { to: '/lot', key: 'bulk', icon: BoxesIcon },
  { to: '/stock', key: 'stock', icon: PackageIcon },
  { to: '/ventes', key: 'sales', icon: ReceiptIcon },
  { to: '/statistiques', key: 'statistics', icon: ChartLineIcon },
  { to: '/historique', key: 'history', icon: HistoryIcon },
  { to: '/fichiers', key: 'files', icon: FolderInputIcon },
  { to: '/reglages', key: 'settings', icon: SettingsIcon },
] as const;

/** Who is logged in (accounts mode), or null in single-seller mode. */
export interface ShellAccount {
  name: string;
  role: 'admin' | 'user';
}

function NavLinks({ onNavigate, account }: { onNavigate?: () => void; account: ShellAccount | null }) {
  const { t } = useI18n();
  // Accounts mode: my account for everyone, the users page for admins.
  const extra = account ? [{ to: '/compte', label: account.name || t.accounts.nav.account, icon: CircleUserIcon }, ...(account.role === 'admin' ? [{ to: '/administration', label: t.accounts.nav.admin, icon: UsersIcon }] : [])] : [];
  return (
    <ul className="flex flex-col gap-1">
      {[...NAV.map(({ to, key, icon }) => ({ to, label: t.nav[key], icon })), ...extra].map(({ to, label, icon: Icon }) => (
        <li key={to}>
          <NavLink
            to={to}
            end={to === '/'}
            onClick={onNavigate}
            className={({ isActive }) =>
              cn(
                'flex items-center gap-3 rounded-md px-3 py-2.5 text-sm font-medium text-muted-foreground hover:bg-accent hover:text-accent-foreground',
                isActive && 'bg-accent text-accent-foreground',
              )
            }
          >
            <Icon aria-hidden="true" className="size-4" />
            {label}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

function Preferences() {
  const { t, lang, setLang } = useI18n();
  const { theme, toggle } = useTheme();
  return (
    <div className="flex items-center gap-1">
      <Button
        variant="ghost"
        size="sm"
        onClick={() => setLang(lang === 'fr' ? 'en' : 'fr')}
        aria-label={t.language.switchTo}
        data-testid="lang-switch"
        className="font-semibold"
      >
        {lang === 'fr' ? 'EN' : 'FR'}
      </Button>
      <Button variant="ghost" size="icon-sm" onClick={toggle} aria-label={theme === 'dark' ? t.theme.toLight : t.theme.toDark}>
        {theme === 'dark' ? <SunIcon /> : <MoonIcon />}
      </Button>
    </div>
  );
}

function Brand() {
  const { t } = useI18n();
  return (
    <div className="flex items-center gap-2">
      <span aria-hidden="true" className="flex size-8 items-center justify-center rounded-lg bg-primary font-bold text-primary-foreground">V</span>
      <div className="leading-tight">
        <p className="font-semibold">{t.appName}</p>
        <p className="text-xs text-muted-foreground">{t.tagline}</p>
      </div>
    </div>
  );
}

/** Sidebar on a laptop; on a phone a top bar whose menu opens the same links in a sheet. */
export function AppShell({ children, account = null }: { children: ReactNode; account?: ShellAccount | null }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const { pathname } = useLocation();
  const current = NAV.find((n) => (n.to === '/' ? pathname === '/' : pathname.startsWith(n.to)));
  const title = current ? t.nav[current.key] : pathname === '/compte' ? t.accounts.nav.account : pathname === '/administration' ? t.accounts.nav.admin : t.appName;
  return (
    <div className="min-h-dvh lg:bg-[linear-gradient(to_right,var(--card)_15rem,var(--border)_15rem,var(--border)_calc(15rem+1px),transparent_calc(15rem+1px))] lg:pl-60">
      <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-card focus:p-2">
        {t.skipToContent}
      </a>
      <aside className="fixed inset-y-0 left-0 z-30 hidden w-60 flex-col gap-6 border-r bg-card p-4 lg:flex">
        <Brand />
        <VintedAccountMenu />
        <nav aria-label={t.nav.label} className="flex-1">
          <NavLinks account={account} />
        </nav>
        <div className="flex items-center justify-between gap-2">
          <LiveIndicator />
          <Preferences />
        </div>
      </aside>
      <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b bg-card/95 px-3 backdrop-blur lg:hidden">
        <Dialog.Root open={open} onOpenChange={setOpen}>
          <Dialog.Trigger asChild>
            <Button variant="ghost" size="icon" aria-label={t.nav.openMenu} data-testid="menu-button">
              <MenuIcon className="size-5!" />
            </Button>
          </Dialog.Trigger>
          <SheetContent title={t.nav.label}>
            <div className="mb-4">
              <Brand />
            </div>
            <nav aria-label={t.nav.label} className="flex-1">
              <NavLinks account={account} onNavigate={() => setOpen(false)} />
            </nav>
            <div className="flex items-center justify-between">
              <LiveIndicator />
              <Preferences />
            </div>
          </SheetContent>
        </Dialog.Root>
        <p className="min-w-0 flex-1 truncate font-semibold">{title}</p>
        <div className="max-w-32"><VintedAccountMenu /></div>
        <Preferences />
      </header>
      <main id="main" className="mx-auto w-full min-w-0 max-w-7xl px-3 py-4 sm:px-6 sm:py-6">
        {children}
      </main>
    </div>
  );
}
