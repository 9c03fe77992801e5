import { DownloadIcon } from 'lucide-react';
import { Fragment, type ReactNode } from 'react';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { saveBlob } from '../../lib/download.ts';
import { colourLabel, conditionOptions } from '../../lib/vocabulary.ts';
import { COLOUR_SYNONYMS_SHOWN, CONDITION_SHORTHANDS, exampleCsv, exampleFileName, HELP_COLUMNS, STATUS_WORDS } from './csv-help.ts';

/**
 * What a CSV may hold, next to the import: the example file is always in view (the quickest answer to "what should
 * my file look like?"), the column list folds away so the import itself stays near the top of the card.
 */
export function CsvHelp() {
  const { t, lang } = useI18n();
  const f = t.files;
  const h = f.csv.help;
  const other = lang === 'fr' ? 'en' : 'fr';
  // The words a file may hold ("TBE", "écru") are French whatever the page's language: marked as such, so an English
  // page says which words are French rather than mixing them into its own sentence.
  const arrow = (pairs: readonly (readonly [string, string])[], label: (key: string) => string) => (
    <> {pairs.map(([w, k], i) => <Fragment key={w}>{i > 0 && ', '}<span lang="fr" translate="no">{w}</span> → {label(k)}</Fragment>)}.</>
  );
  const conditions = conditionOptions(lang);
  const described: Record<string, ReactNode> = {
    ...h.columns,
    brand: <span translate="no">{h.columns.brand}</span>,
    condition: <>{h.condition(conditions.map((c) => c.label).join(', '))}{arrow(CONDITION_SHORTHANDS, (k) => conditions.find((c) => c.value === k)?.label ?? k)}</>,
    colors: <>{h.colors}{arrow(COLOUR_SYNONYMS_SHOWN, (k) => colourLabel(k, lang).toLowerCase())}</>,
    status: h.status(STATUS_WORDS[lang].join(', ')),
  };
  const download = () => saveBlob(new Blob([exampleCsv(lang)], { type: 'text/csv;charset=utf-8' }), exampleFileName(lang));

  return (
    <div className="space-y-2 rounded-md border bg-muted/40 p-3 text-sm" data-testid="csv-help">
      <p>{h.intro}</p>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <Button type="button" variant="outline" size="sm" onClick={download} data-testid="csv-example">
          <DownloadIcon aria-hidden="true" />
          {h.example}
        </Button>
        <span className="min-w-0 flex-1 basis-60 text-xs text-muted-foreground">{h.exampleHint}</span>
      </div>
      <details data-testid="csv-help-columns">
        <summary className="cursor-pointer font-medium">{h.summary}</summary>
        <p className="mt-2 text-xs text-muted-foreground">{h.headers}</p>
        <dl className="mt-1 divide-y">
          {HELP_COLUMNS.map((c) => (
            <div key={c.key} className="grid gap-1 py-2 sm:grid-cols-[10.5rem_1fr] sm:gap-3" data-testid="csv-help-column">
              <dt className="flex flex-wrap items-start gap-1">
                {/* The seller's language first; both work in a file. */}
                {/* Headers as a file spells them (never translated by the browser); the other one is in its own language. */}
                <code translate="no" className="rounded bg-background px-1.5 py-0.5 text-xs font-semibold">{c[lang]}</code>
                {c[other] !== c[lang] && <code translate="no" lang={other} className="rounded bg-background px-1.5 py-0.5 text-xs text-muted-foreground">{c[other]}</code>}
                {c.required && <Badge variant="warning">{h.required}</Badge>}
              </dt>
              <dd className="min-w-0 text-muted-foreground">{described[c.key]}</dd>
            </div>
          ))}
        </dl>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-muted-foreground">
          <li>{h.format}</li>
          <li>{h.steps(f.check, f.importAll, f.importGood)}</li>
          <li>{h.others}</li>
        </ul>
      </details>
    </div>
  );
}
