import { PageHeader } from '../../components/layout/page-header.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { CatalogueCard, ExportsCard } from './exports-card.tsx';
import { ImportCard } from './import-card.tsx';
import { RestoreCard } from './restore-card.tsx';
import { StoredBackupsCard } from './stored-backups-card.tsx';

export default function FilesPage() {
  const { t } = useI18n();
  return (
    <div>
      <PageHeader title={t.files.title} description={t.files.description} />
      <div className="grid items-start gap-4 xl:grid-cols-2">
        <div className="min-w-0 space-y-4">
          <ImportCard kind="csv" />
          <ImportCard kind="legacy" />
        </div>
        <div className="min-w-0 space-y-4">
          <ExportsCard />
          <CatalogueCard />
          <StoredBackupsCard />
          <RestoreCard />
        </div>
      </div>
    </div>
  );
}
