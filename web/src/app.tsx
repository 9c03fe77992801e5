import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { AccountsGate } from './components/layout/accounts-gate.tsx';
import { AppShell } from './components/layout/app-shell.tsx';
import { ErrorBoundary } from './components/layout/error-boundary.tsx';
import { LoginDialog } from './components/layout/login-dialog.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { Skeleton } from './components/ui/skeleton.tsx';

// Client routes use French paths: they can never collide with the API's English ones on the same origin.
// Keep them in step with server/src/modules/web/web-paths.ts, which serves index.html for them.
const Dashboard = lazy(() => import('./pages/dashboard/index.tsx'));
const NewListing = lazy(() => import('./pages/new-listing/index.tsx'));
const Bulk = lazy(() => import('./pages/bulk/index.tsx'));
const Stock = lazy(() => import('./pages/stock/index.tsx'));
const Sales = lazy(() => import('./pages/sales/index.tsx'));
const Statistics = lazy(() => import('./pages/statistics/index.tsx'));
const History = lazy(() => import('./pages/history/index.tsx'));
const ItemPage = lazy(() => import('./pages/item/index.tsx'));
const Files = lazy(() => import('./pages/files/index.tsx'));
const Settings = lazy(() => import('./pages/settings/index.tsx'));
const Account = lazy(() => import('./pages/account/index.tsx'));
const Admin = lazy(() => import('./pages/admin/index.tsx'));

function PageFallback() {
  return (
    <div className="space-y-4" aria-busy="true">
      <Skeleton className="h-8 w-48" />
      <Skeleton className="h-40 w-full" />
      <Skeleton className="h-40 w-full" />
    </div>
  );
}

export function App() {
  return (
    <AccountsGate>
      {(auth) => {
        const accounts = auth?.mode === 'accounts' ? auth : null;
        return (
          <AppShell account={accounts?.user ?? null}>
            {/* Single-seller mode's API_TOKEN login; accounts mode has its own screens (AccountsGate). */}
            {!accounts && <LoginDialog />}
            <ErrorBoundary>
              <Suspense fallback={<PageFallback />}>
                {/* Addresses are matched exactly: /Stock is not /stock (the not-found page points to it). */}
                <Routes>
                  <Route caseSensitive path="/" element={<Dashboard />} />
                  <Route caseSensitive path="/annonce/nouvelle" element={<NewListing />} />
                  <Route caseSensitive path="/lot" element={<Bulk />} />
                  <Route caseSensitive path="/stock" element={<Stock />} />
                  <Route caseSensitive path="/ventes" element={<Sales />} />
                  <Route caseSensitive path="/statistiques" element={<Statistics />} />
                  <Route caseSensitive path="/historique" element={<History />} />
                  <Route caseSensitive path="/stock/:id" element={<ItemPage />} />
                  <Route caseSensitive path="/fichiers" element={<Files />} />
                  <Route caseSensitive path="/reglages" element={<Settings />} />
                  {accounts && <Route caseSensitive path="/compte" element={<Account />} />}
                  {accounts?.user?.role === 'admin' && <Route caseSensitive path="/administration" element={<Admin />} />}
                  <Route path="*" element={<NotFoundPage />} />
                </Routes>
              </Suspense>
            </ErrorBoundary>
          </AppShell>
        );
      }}
    </AccountsGate>
  );
}
