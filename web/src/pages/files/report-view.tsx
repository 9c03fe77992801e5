import type { Schemas } from '../../api/client.ts';
import { Callout } from '../../components/ui/feedback.tsx';
import { Table, TBody, TD, TH, THead, TR } from '../../components/ui/table.tsx';
import { fieldLabel, issueWhat, knownErrorText } from '../../i18n/error-text.ts';
import { type Dict, useI18n } from '../../i18n/index.tsx';
import type { ErrorParams } from '../../i18n/types.ts';
import { Link } from 'react-router';

export type ImportReport = Schemas['ImportReport'];
type Issue = ImportReport['errors'][number];

/** A report line in the seller's words: the problem from its code and values, never the server's English. */
export function issueText(t: Dict, i: Pick<Issue, 'code' | 'params'>): string {
  const m = t.files.issues[i.code];
  const params = (i.params ?? {}) as ErrorParams;
  if (m !== undefined) return typeof m === 'function' ? m(params) : m;
  // A validation issue the import passed on (params.issue: too_small…), else the error codes' words.
  if (typeof params.issue === 'string') return issueWhat(t.errors, { code: params.issue, params });
  return knownErrorText(t.errors, i.code, params) ?? t.files.issues.invalid_value as string;
}

function IssueTable({ issues, caption }: { issues: Issue[]; caption: string }) {
  const { t } = useI18n();
  const r = t.files.report;
  return (
    <div className="rounded-lg border">
      <Table>
        <caption className="caption-top px-3 py-2 text-left text-sm font-medium">{caption}</caption>
        <THead>
          <TR><TH className="w-16">{r.line}</TH><TH className="w-32">{r.field}</TH><TH>{r.problem}</TH></TR>
        </THead>
        <TBody>
          {issues.map((i, k) => (
            <TR key={`${i.line}-${i.field}-${i.code}-${k}`} data-testid="import-issue">
              <TD className="tabular-nums">{i.line}</TD>
              <TD className="text-xs">{i.field ? fieldLabel(t.errors, i.field) : '–'}</TD>
              <TD>{issueText(t, i)}</TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </div>
  );
}

/** The import report: what would be (or was) written, and each bad row with its line, field and problem. */
export function ReportView({ report, rejected }: { report: ImportReport; rejected?: boolean }) {
  const { t } = useI18n();
  const r = t.files.report;
  const badRows = new Set(report.errors.map((e) => e.line)).size;
  const okRows = report.total_rows - badRows;
  const title = rejected ? r.rejectedTitle : report.dry_run ? r.dryTitle : r.doneTitle;
  return (
    <div className="space-y-3" data-testid="import-report">
      <Callout variant={rejected || report.errors.length ? 'warning' : 'success'} title={title}>
        <p>{r.summary(report.total_rows, Math.max(0, okRows))}</p>
        <p data-testid="import-counts">
          {report.dry_run
            // Before importing: what the file will give ("18 seront créés, 2 ignorés").
            ? [r.willCreate(report.created), report.updated ? r.willUpdate(report.updated) : null, report.unchanged ? r.unchanged(report.unchanged) : null, Math.max(report.skipped, badRows) ? r.willIgnore(Math.max(report.skipped, badRows)) : null].filter(Boolean).join(', ')
            : [r.created(report.created), r.updated(report.updated), r.unchanged(report.unchanged), r.skipped(report.skipped)].join(' · ')}
        </p>
        {report.dry_run && !report.errors.length && <p>{r.allGood}</p>}
        {report.dry_run && report.errors.length > 0 && <p>{r.fixOrPartial}</p>}
      </Callout>
      {report.errors.length > 0 && <IssueTable issues={report.errors} caption={`${r.errors} (${report.errors.length})`} />}
      {report.warnings.length > 0 && <IssueTable issues={report.warnings} caption={`${r.warnings} (${report.warnings.length})`} />}
      {report.duplicates.length > 0 && (
        <div className="rounded-lg border p-3 text-sm">
          <p className="mb-1 font-medium">{r.duplicates}</p>
          <ul className="space-y-1">
            {report.duplicates.map((d) => (
              <li key={`${d.line}-${d.item_id}`}>
                {r.line} {d.line} : <Link className="text-primary hover:underline" to={`/stock/${d.item_id}`}>{d.title}</Link>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
