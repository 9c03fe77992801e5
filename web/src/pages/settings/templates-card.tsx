import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Trash2Icon } from 'lucide-react';
import { useEffect, useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client.ts';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { Field, Input, Textarea } from '../../components/ui/input.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';

type Template = Schemas['DescriptionTemplate'];

/** One saved template, edited in place (the bulk plan's one included: it is the seller's to change). */
function TemplateEditor({ tpl, onSaved }: { tpl: Template; onSaved(): void }) {
  const { t } = useI18n();
  const m = t.backoffice.templates;
  const toast = useToast();
  const [name, setName] = useState(tpl.name);
  const [body, setBody] = useState(tpl.body);
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH('/templates/{id}', { params: { path: { id: tpl.id } }, body: { name, body } })),
    onSuccess: () => { toast({ title: m.saved, variant: 'success' }); onSaved(); },
  });
  const remove = useMutation({ mutationFn: () => unwrap(api.DELETE('/templates/{id}', { params: { path: { id: tpl.id } } })), onSuccess: onSaved });
  return (
    <li className="space-y-2 py-3">
      <div className="flex flex-wrap items-center gap-2">
        <Input aria-label={m.name} value={name} onChange={(e) => setName(e.target.value)} className="h-9 max-w-xs" />
        {tpl.is_default && <Badge variant="outline">{m.bulk}</Badge>}
      </div>
      <Textarea aria-label={m.body} value={body} onChange={(e) => setBody(e.target.value)} rows={4} />
      {(save.error || remove.error) && <ErrorCallout error={save.error ?? remove.error} />}
      <div className="flex flex-wrap gap-2">
        <Button size="sm" disabled={save.isPending || (name === tpl.name && body === tpl.body)} onClick={() => save.mutate()}>{m.save}</Button>
        {!tpl.is_default && <Button size="sm" variant="ghost" className="text-destructive" disabled={remove.isPending} onClick={() => remove.mutate()}><Trash2Icon aria-hidden="true" />{m.remove}</Button>}
      </div>
    </li>
  );
}

/** Description templates and the shop signature. */
export function TemplatesCard() {
  const { t } = useI18n();
  const m = t.backoffice.templates;
  const qc = useQueryClient();
  const toast = useToast();
  const list = useQuery({ queryKey: ['templates'], queryFn: () => unwrap(api.GET('/templates')) });
  const signature = useQuery({ queryKey: ['templates', 'signature'], queryFn: () => unwrap(api.GET('/settings/signature')) });
  const [sig, setSig] = useState('');
  useEffect(() => setSig(signature.data?.signature ?? ''), [signature.data]);
  const [name, setName] = useState('');
  const [body, setBody] = useState('');
  const refresh = () => void qc.invalidateQueries({ queryKey: ['templates'] });
  const saveSig = useMutation({
    mutationFn: () => unwrap(api.PUT('/settings/signature', { body: { signature: sig.trim() || null } })),
    onSuccess: () => { toast({ title: m.signatureSaved, variant: 'success' }); refresh(); },
  });
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/templates', { body: { name: name.trim(), body } })),
    onSuccess: () => { setName(''); setBody(''); refresh(); },
  });
  return (
    <Card data-testid="templates-card">
      <CardHeader>
        <CardTitle>{m.title}</CardTitle>
        <CardDescription>{m.explain}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <Field id="shop-signature" label={m.signature} hint={m.signatureHint}>
          <Textarea id="shop-signature" value={sig} onChange={(e) => setSig(e.target.value)} rows={2} />
        </Field>
        {saveSig.error && <ErrorCallout error={saveSig.error} />}
        <Button size="sm" variant="outline" disabled={saveSig.isPending || sig === (signature.data?.signature ?? '')} onClick={() => saveSig.mutate()}>{m.saveSignature}</Button>
        <p className="text-xs text-muted-foreground">{m.variables}</p>
        {list.error && <ErrorCallout error={list.error} />}
        <ul className="divide-y">
          {list.data?.templates.map((tpl) => <TemplateEditor key={`${tpl.id}-${tpl.updated_at}`} tpl={tpl} onSaved={refresh} />)}
        </ul>
        <form className="space-y-2" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
          <Field id="template-name" label={m.name}><Input id="template-name" value={name} onChange={(e) => setName(e.target.value)} /></Field>
          <Field id="template-body" label={m.body}><Textarea id="template-body" value={body} onChange={(e) => setBody(e.target.value)} rows={4} /></Field>
          {create.error && <ErrorCallout error={create.error} />}
          <Button type="submit" size="sm" disabled={!name.trim() || !body.trim() || create.isPending}>{m.add}</Button>
        </form>
      </CardContent>
    </Card>
  );
}
