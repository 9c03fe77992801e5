import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DownloadIcon, FileArchiveIcon, FileJsonIcon, FileSpreadsheetIcon, FileTextIcon } from 'lucide-react';
import { type FormEvent, useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { Checkbox } from '../../components/ui/controls.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { Field, Input, Label, NativeSelect } from '../../components/ui/input.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { download } from '../../lib/download.ts';
import { STATUSES } from '../../lib/vocabulary.ts';

/** Every export of the stock, with a status filter, and the French-spreadsheet flavour of the CSVs. */
export function ExportsCard() {
  const { t, lang } = useI18n();
  const e = t.files.exports;
  const toast = useToast();
  const [status, setStatus] = useState('');
  const [french, setFrench] = useState(true);
  // The catalogue is for buyers: the items on sale unless the seller picks other statuses; in the app's language.
  const [pdfStatuses, setPdfStatuses] = useState<string[]>(['listed']);
  const dl = useMutation({
    mutationFn: ({ path, name }: { path: string; name: string }) => download(path, name),
    onSuccess: (name) => toast({ title: e.downloaded(name), variant: 'success' }),
  });
  const q = (csv: boolean) => {
    const p = new URLSearchParams();
    if (status) p.set('status', status);
    if (csv && french) p.set('delimiter', 'semicolon');
    // The stock CSV in the seller's language (French headers and values, or the API's keys); /export/vinted ignores it.
    if (csv) p.set('lang', lang);
    const s = p.toString();
    return s ? `?${s}` : '';
  };
  const day = new Date().toISOString().slice(0, 10);
  const items = [
    { key: 'csv', label: e.csv, icon: FileSpreadsheetIcon, path: `/export/csv${q(true)}`, name: `vintedbot-stock-${day}.csv` },
    { key: 'vinted', label: e.vinted, icon: FileSpreadsheetIcon, path: `/export/vinted${q(true)}`, name: `vintedbot-vinted-${day}.csv` },
    { key: 'json', label: e.json, icon: FileJsonIcon, path: `/export/json${q(false)}`, name: `vintedbot-stock-${day}.json` },
    { key: 'backup', label: e.backup, icon: FileArchiveIcon, path: '/export/backup', name: `vintedbot-backup-${day}.zip` },
  ];
  return (
    <Card>
      <CardHeader>
        <CardTitle>{e.title}</CardTitle>
        <CardDescription>{e.explain}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <div className="grid gap-3 sm:grid-cols-2 sm:items-end">
          <Field id="export-status" label={e.status}>
            <NativeSelect id="export-status" value={status} onChange={(ev) => setStatus(ev.target.value)}>
              <option value="">{e.allStatuses}</option>
              {STATUSES.map((s) => <option key={s} value={s}>{t.status[s]}</option>)}
            </NativeSelect>
          </Field>
          <div className="flex items-start gap-2 pb-2">
            <Checkbox id="export-french" checked={french} onCheckedChange={(c) => setFrench(c === true)} />
            <Label htmlFor="export-french" className="leading-snug">{e.french}</Label>
          </div>
        </div>
        <ul className="grid grid-cols-1 gap-2 sm:grid-cols-2">
          {items.map((it) => (
            <li key={it.key}>
              <Button
                variant="outline"
                className="h-auto w-full justify-start py-3"
                disabled={dl.isPending}
                onClick={() => dl.mutate({ path: it.path, name: it.name })}
                data-testid={`export-${it.key}`}
              >
                <it.icon aria-hidden="true" />
                <span className="flex-1 text-left">{it.label}</span>
                <DownloadIcon aria-hidden="true" className="text-muted-foreground" />
              </Button>
            </li>
          ))}
        </ul>
        <fieldset className="space-y-2 rounded-lg border p-3" data-testid="pdf-statuses">
          <legend className="px-1 text-sm font-medium">{e.pdfStatuses}</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-2">
            {STATUSES.map((s) => (
              <div key={s} className="flex items-center gap-2">
                <Checkbox
                  id={`pdf-${s}`}
                  checked={pdfStatuses.includes(s)}
                  onCheckedChange={(c) => setPdfStatuses((all) => (c === true ? [...new Set([...all, s])] : all.filter((x) => x !== s)))}
                />
                <Label htmlFor={`pdf-${s}`} className="text-sm font-normal">{t.status[s]}</Label>
              </div>
            ))}
          </div>
          <Button
            variant="outline"
            className="h-auto w-full justify-start py-3 sm:w-auto"
            disabled={dl.isPending || pdfStatuses.length === 0}
            onClick={() => dl.mutate({ path: `/export/pdf?status=${STATUSES.filter((s) => pdfStatuses.includes(s)).join(',')}&lang=${lang}`, name: `catalogue-${day}.pdf` })}
            data-testid="export-pdf"
          >
            <FileTextIcon aria-hidden="true" />
            <span className="flex-1 text-left">{e.pdf}</span>
            <DownloadIcon aria-hidden="true" className="text-muted-foreground" />
          </Button>
          {pdfStatuses.length === 0 && <p className="text-xs text-muted-foreground">{e.pdfNone}</p>}
        </fieldset>
        {dl.isError && <ErrorCallout error={dl.error} />}
      </CardContent>
    </Card>
  );
}

/** What the PDF catalogue prints at the top of each page. */
export function CatalogueCard() {
  const { t } = useI18n();
  const c = t.files.catalogue;
  const toast = useToast();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['settings', 'catalogue'], queryFn: ({ signal }) => unwrap(api.GET('/settings/catalogue', { signal })) });
  const [shop, setShop] = useState('');
  const [city, setCity] = useState('');
  useEffect(() => {
    if (q.data) {
      setShop(q.data.shop_name);
      setCity(q.data.city ?? '');
    }
  }, [q.data]);
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH('/settings/catalogue', { body: { shop_name: shop.trim(), city: city.trim() || null } })),
    onSuccess: (d) => {
      qc.setQueryData(['settings', 'catalogue'], d);
      toast({ title: c.saved, variant: 'success' });
    },
  });
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    save.mutate();
  };
  return (
    <Card>
      <CardHeader><CardTitle>{c.title}</CardTitle></CardHeader>
      <CardContent>
        {q.isError ? <ErrorCallout error={q.error} /> : (
          <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2">
            <Field id="cat-shop" label={c.shopName}>
              <Input id="cat-shop" value={shop} maxLength={80} onChange={(ev) => setShop(ev.target.value)} />
            </Field>
            <Field id="cat-city" label={c.city}>
              <Input id="cat-city" value={city} maxLength={80} onChange={(ev) => setCity(ev.target.value)} />
            </Field>
            {save.isError && <ErrorCallout error={save.error} className="sm:col-span-2" />}
            <div className="sm:col-span-2">
              <Button type="submit" variant="outline" disabled={save.isPending || !shop.trim() || !q.data}>{t.common.save}</Button>
            </div>
          </form>
        )}
      </CardContent>
    </Card>
  );
}
