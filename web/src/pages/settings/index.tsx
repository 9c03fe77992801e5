import { PageHeader } from '../../components/layout/page-header.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAuthState } from '../../lib/accounts.ts';
import { AnalysisCard, AppCard, TokenCard } from './app-card.tsx';
import { DemoCard, MaintenanceCard, RecommendationsCard } from './housekeeping-cards.tsx';
import { ExtensionCard } from './extension-card.tsx';
import { MemoryCard } from './memory-card.tsx';
import { WatermarkCard } from './watermark-card.tsx';
import { PricingCard } from './pricing-card.tsx';
import { PublicationCard, QueueCard } from './publication-card.tsx';
import { SessionCard } from './session-card.tsx';
import { StorageCard } from './storage-card.tsx';
import { VintedAccountsCard } from './vinted-accounts-card.tsx';
import { TemplatesCard } from './templates-card.tsx';
import { WebhooksCard } from './webhooks-card.tsx';

export default function SettingsPage() {
  const { t } = useI18n();
  // Accounts mode: logins and API tokens are on the account page, not API_TOKEN's card.
  const accounts = useAuthState().data?.mode === 'accounts';
  return (
    <div>
      <PageHeader title={t.settings.title} description={t.settings.description} />
      <div className="grid items-start gap-4 xl:grid-cols-2">
        <div className="min-w-0 space-y-4">
          {/* The recommended way to publish comes first; the server-side connector's session follows. */}
          <ExtensionCard />
          <VintedAccountsCard />
          <SessionCard />
          <PublicationCard />
          <QueueCard />
          <RecommendationsCard />
          <TemplatesCard />
        </div>
        <div className="min-w-0 space-y-4">
          <PricingCard />
          <AnalysisCard />
          <MemoryCard />
          <WatermarkCard />
          <MaintenanceCard />
          <StorageCard />
          <WebhooksCard />
          <DemoCard />
          {!accounts && <TokenCard />}
          <AppCard />
        </div>
      </div>
    </div>
  );
}
