import { CompassIcon } from 'lucide-react';
import { Link, useLocation } from 'react-router';
import { Button } from '../components/ui/button.tsx';
import { EmptyState } from '../components/ui/feedback.tsx';
import { useI18n } from '../i18n/index.tsx';

// The app's pages, by address (keep in step with app.tsx), with the label of the menu entry that leads there.
const PAGES = [
  ['/', 'dashboard'], ['/annonce/nouvelle', 'newListing'], ['/lot', 'bulk'], ['/stock', 'stock'], ['/fichiers', 'files'], ['/reglages', 'settings'],
] as const;

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** The page an address was probably meant for (/Stock → /stock, /reglage → /reglages), or null. */
export function closestPage(path: string): (typeof PAGES)[number] | null {
  const p = path.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/\/+$/, '') || '/';
  let best: (typeof PAGES)[number] | null = null;
  let score = Infinity;
  for (const page of PAGES) {
    if (page[0] === '/') continue;
    const d = p.startsWith(`${page[0]}/`) ? 0 : distance(p, page[0]);
    if (d < score) [best, score] = [page, d];
  }
  return score <= 2 ? best : null;
}

export function NotFoundPage() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const guess = closestPage(pathname);
  return (
    <EmptyState icon={CompassIcon} title={t.errorPage.notFound} action={<Button asChild variant="outline"><Link to="/">{t.errorPage.home}</Link></Button>}>
      <p>{t.errorPage.notFoundText}</p>
      {guess && (
        <p className="mt-2" data-testid="did-you-mean">
          {t.errorPage.didYouMean} <Link to={guess[0]} className="font-medium text-primary hover:underline">{t.nav[guess[1]]}</Link>
        </p>
      )}
    </EmptyState>
  );
}
