import { CompassIcon } from 'lucide-react';
import { Link } from 'react-router';
import { Button } from '../components/ui/button.tsx';
import { EmptyState } from '../components/ui/feedback.tsx';
import { useI18n } from '../i18n/index.tsx';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <EmptyState icon={CompassIcon} title={t.errorPage.notFound} action={<Button asChild variant="outline"><Link to="/">{t.errorPage.home}</Link></Button>}>
      {t.errorPage.notFoundText}
    </EmptyState>
  );
}
