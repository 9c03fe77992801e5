import { ArrowLeftIcon, BadgeEuroIcon, FlaskConicalIcon, SaveIcon, Trash2Icon } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/errors.ts';
import { changedFields, formFromItem, type ListingFormState, priceText } from '../../components/listing/form-state.ts';
import { ListingForm } from '../../components/listing/listing-form.tsx';
import { PurchaseFields } from '../../components/listing/purchase-fields.tsx';
import { type PurchaseFormState, purchaseChanges, purchaseFromItem } from '../../components/listing/purchase-state.ts';
import { DuplicateWarnings, PriceSuggestionView, SaleScoreView } from '../../components/listing/price-score.tsx';
import { QualityChecklist } from '../../components/listing/quality-checklist.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { EmptyState, ErrorCallout, useFieldIssues } from '../../components/ui/feedback.tsx';
import { NativeSelect } from '../../components/ui/input.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { cn } from '../../lib/utils.ts';
import { STATUSES, type Status } from '../../lib/vocabulary.ts';
import { AutoDropPanel } from './auto-drop-panel.tsx';
import { PhotoGallery } from './photo-gallery.tsx';
import { SoldDialog } from './sold-dialog.tsx';
import { PriceHistory } from './price-history.tsx';
import { ItemHistory } from './item-history.tsx';
import { useDeleteItem, useItem, usePatchItem, type Item } from './use-item.ts';
import { VariantsPanel } from './variants-panel.tsx';
import { VintedPanel } from './vinted-panel.tsx';
import { PackageXIcon } from 'lucide-react';

function ItemSkeleton() {
  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_22rem]" aria-busy="true">
      <div className="space-y-4">
        <Skeleton className="h-8 w-2/3" />
        <Skeleton className="aspect-[4/3] w-full" />
        <Skeleton className="h-64 w-full" />
      </div>
      <div className="space-y-4">
        <Skeleton className="h-40 w-full" />
        <Skeleton className="h-56 w-full" />
      </div>
    </div>
  );
}

function Editor({ item }: { item: Item }) {
  const { t, date, lang, money } = useI18n();
  const toast = useToast();
  const navigate = useNavigate();
  const patch = usePatchItem(item.id);
  const statusPatch = usePatchItem(item.id);
  const del = useDeleteItem(item.id);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [selling, setSelling] = useState(false);
  const isSold = item.status === 'sold';
  const original = useMemo(() => formFromItem(item, lang), [item, lang]);
  const [form, setForm] = useState<ListingFormState>(original);
  // A fresh copy from the server (after a save, a live update) resets the form unless the seller is mid-edit.
  const [base, setBase] = useState(original);
  useEffect(() => {
    setForm((f) => (JSON.stringify(f) === JSON.stringify(base) ? original : f));
    setBase(original);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [original]);
  // The purchase and storage boxes: their own state (the new-listing page has no such fields), one save with the rest.
  const originalPurchase = useMemo(() => purchaseFromItem(item, lang), [item, lang]);
  const [purchase, setPurchase] = useState<PurchaseFormState>(originalPurchase);
  const [basePurchase, setBasePurchase] = useState(originalPurchase);
  useEffect(() => {
    setPurchase((f) => (JSON.stringify(f) === JSON.stringify(basePurchase) ? originalPurchase : f));
    setBasePurchase(originalPurchase);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [originalPurchase]);
  const changes = { ...changedFields(form, original), ...purchaseChanges(purchase, originalPurchase) };
  const dirty = Object.keys(changes).length > 0;
  const errors = useFieldIssues(patch.error);
  const save = () =>
    patch.mutate(changes, {
      onSuccess: () => toast({ title: t.item.saved, variant: 'success' }),
    });

  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <Link to="/stock" className="mb-2 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
            <ArrowLeftIcon aria-hidden="true" className="size-4" />
            {t.item.back}
          </Link>
          <h1 className="break-words text-xl font-semibold leading-tight sm:text-2xl" data-testid="item-title" translate="no">{item.title}</h1>
          <div className="mt-2 flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
            <StatusBadge status={item.status} />
            {item.demo && <Badge variant="outline" title={t.stock.demoHint} data-testid="demo-badge"><FlaskConicalIcon aria-hidden="true" />{t.stock.demo}</Badge>}
            <span>{t.item.created(date(item.created_at))}, {t.item.updated(date(item.updated_at, true))}</span>
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <NativeSelect
            aria-label={t.item.changeStatus}
            value={item.status}
            disabled={statusPatch.isPending}
            className="h-9 w-auto"
            data-testid="item-status"
            onChange={(e) => {
              const next = e.target.value as Status;
              // Sold asks for the sale price first.
              if (next === 'sold') setSelling(true);
              else statusPatch.mutate({ status: next }, { onSuccess: (it) => toast({ title: t.item.statusChanged(t.status[it.status]) }) });
            }}
          >
            {STATUSES.map((s) => <option key={s} value={s}>{t.status[s]}</option>)}
          </NativeSelect>
          {item.status === 'listed' && (
            <Button variant="outline" size="sm" onClick={() => setSelling(true)} data-testid="mark-sold">
              <BadgeEuroIcon aria-hidden="true" />
              {t.item.sold.mark}
            </Button>
          )}
          <Button variant="ghost" size="sm" className="text-destructive" onClick={() => setConfirmDelete(true)}>
            <Trash2Icon aria-hidden="true" />
            {t.item.delete}
          </Button>
        </div>
      </div>
      {statusPatch.isError && <ErrorCallout error={statusPatch.error} />}
      <DuplicateWarnings matches={item.duplicate_of} />

      <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-4">
          <Card>
            <CardHeader><CardTitle>{t.item.gallery.title}</CardTitle></CardHeader>
            <CardContent>
              <PhotoGallery item={item} busy={patch.isPending} onReorder={(ids) => patch.mutate({ photos: ids })} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader><CardTitle>{t.item.edit}</CardTitle></CardHeader>
            <CardContent>
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  if (dirty) save();
                }}
                className="space-y-4"
                aria-label={t.item.edit}
              >
                <ListingForm value={form} onChange={(p) => setForm((f) => ({ ...f, ...p }))} errors={errors} idPrefix="item" showSoldPrice={item.status === 'sold'} />
                <VariantsPanel
                  itemId={item.id}
                  onUse={(v) => setForm((f) => ({ ...f, title: v.title, description: v.description, keywords: v.keywords.join(', '), hashtags: v.hashtags.map((h) => `#${h}`).join(' ') }))}
                />
                <PurchaseFields value={purchase} onChange={(p) => setPurchase((f) => ({ ...f, ...p }))} errors={errors} item={item} />
                {patch.isError && <ErrorCallout error={patch.error} />}
                <div className={cn('flex flex-wrap items-center justify-end gap-2', dirty && 'sticky bottom-0 -mx-4 border-t bg-card/95 px-4 py-3 backdrop-blur sm:static sm:mx-0 sm:border-0 sm:bg-transparent sm:px-0 sm:py-0')}>
                  {dirty && <span className="mr-auto text-xs text-muted-foreground" role="status">{t.item.unsaved}</span>}
                  <Button type="button" variant="ghost" disabled={!dirty || patch.isPending} onClick={() => { setForm(original); setPurchase(originalPurchase); }}>{t.item.discard}</Button>
                  <Button type="submit" disabled={!dirty || patch.isPending} data-testid="item-save">
                    <SaveIcon aria-hidden="true" />
                    {patch.isPending ? t.common.saving : t.item.save}
                  </Button>
                </div>
              </form>
            </CardContent>
          </Card>
        </div>

        <div className="min-w-0 space-y-4">
          {isSold ? (
            // A sold item is not for sale any more: its sale, not a publication checklist.
            <Card data-testid="sale-card">
              <CardHeader><CardTitle>{t.item.sold.card}</CardTitle></CardHeader>
              <CardContent className="space-y-1 text-sm">
                <p className="font-medium">{item.sold_price !== null ? t.item.sold.soldOn(date(item.sold_at ?? item.updated_at), money(item.sold_price)) : t.item.sold.soldOnNoPrice(date(item.sold_at ?? item.updated_at))}</p>
                <p className="text-muted-foreground">{t.item.sold.stopped}</p>
                {/* Shipping and the sale's status live on the sales page. */}
                <Link to="/ventes" className="inline-block font-medium text-primary hover:underline" data-testid="sale-card-sales">{t.item.sold.seeSales}</Link>
              </CardContent>
            </Card>
          ) : (
            <Card>
              <CardHeader><CardTitle>{t.listing.gates.title}</CardTitle></CardHeader>
              <CardContent><QualityChecklist missing={item.flags.missing_fields} ready={item.flags.publish_ready} warnings={item.flags.warnings} /></CardContent>
            </Card>
          )}
          <Card>
            <CardHeader><CardTitle>{t.listing.price.suggestion}</CardTitle></CardHeader>
            <CardContent>
              <PriceSuggestionView suggestion={item.price_suggestion} onUseTarget={(v) => setForm((f) => ({ ...f, price: priceText(v, lang) }))} />
            </CardContent>
          </Card>
          {/* The chance of selling says nothing about an item already sold. */}
          {!isSold && (
            <Card data-testid="sale-score-card">
              <CardHeader><CardTitle>{t.listing.score.title}</CardTitle></CardHeader>
              <CardContent><SaleScoreView score={item.estimated_sale_score} /></CardContent>
            </Card>
          )}
          <Card>
            <CardHeader><CardTitle>{t.item.history.title}</CardTitle></CardHeader>
            <CardContent><PriceHistory item={item} /></CardContent>
          </Card>
          <Card data-testid="item-history">
            <CardHeader><CardTitle>{t.backoffice.history.itemTitle}</CardTitle></CardHeader>
            <CardContent><ItemHistory itemId={item.id} /></CardContent>
          </Card>
          {!isSold && (
            <Card>
              <CardHeader><CardTitle>{t.item.autoDrop.title}</CardTitle></CardHeader>
              <CardContent><AutoDropPanel item={item} /></CardContent>
            </Card>
          )}
          {!isSold && (
            <Card>
              <CardHeader><CardTitle>{t.vinted.actions.title}</CardTitle></CardHeader>
              <CardContent><VintedPanel item={item} /></CardContent>
            </Card>
          )}
        </div>
      </div>
      <SoldDialog item={item} open={selling} onOpenChange={setSelling} />
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={t.item.deleteConfirm}
        description={t.item.deleteText}
        confirmLabel={t.common.delete}
        destructive
        busy={del.isPending}
        onConfirm={() => del.mutate(undefined, { onSuccess: () => { toast({ title: t.item.deleted }); navigate('/stock'); } })}
      />
    </div>
  );
}

export default function ItemPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const q = useItem(id);
  if (q.isPending) return <ItemSkeleton />;
  if (q.isError) {
    const gone = q.error instanceof ApiError && (q.error.code === 'item_not_found' || q.error.code === 'validation_failed');
    return gone ? (
      <EmptyState icon={PackageXIcon} title={t.item.notFound} action={<Button asChild variant="outline"><Link to="/stock">{t.item.back}</Link></Button>} />
    ) : (
      <ErrorCallout error={q.error} onRetry={() => q.refetch()} />
    );
  }
  return <Editor item={q.data} />;
}
