import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CheckIcon, ChevronsUpDownIcon, SettingsIcon } from 'lucide-react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Button } from '../ui/button.tsx';
import { Menu, MenuContent, MenuItem, MenuLabel, MenuSeparator, MenuTrigger } from '../ui/menu.tsx';

// The active Vinted account, always in sight in the shell, and the switch to another one in one click. Switching
// is stored on the server (every tab sees it); every Vinted view (session, settings, queue, log) is read again.

export function useVintedAccounts() {
  return useQuery({ queryKey: ['vinted', 'accounts'], queryFn: ({ signal }) => unwrap(api.GET('/vinted/accounts', { signal })), retry: false });
}

export function useSwitchVintedAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/vinted/accounts/{id}/activate', { params: { path: { id } }, body: {} })),
    onSuccess: (d) => {
      qc.setQueryData(['vinted', 'accounts'], d);
      void qc.invalidateQueries({ queryKey: ['vinted'] });
      void qc.invalidateQueries({ queryKey: ['extension'] });
    },
  });
}

export function VintedAccountMenu() {
  const { t } = useI18n();
  const m = t.vintedAccounts;
  const accounts = useVintedAccounts();
  const switchTo = useSwitchVintedAccount();
  const navigate = useNavigate();
  // One account (every single seller, most people): nothing to switch, the shell stays as it was.
  if (!accounts.data || accounts.data.accounts.length < 2) return null;
  const active = accounts.data.accounts.find((a) => a.id === accounts.data.active_account_id);
  return (
    <Menu>
      <MenuTrigger asChild>
        <Button variant="outline" size="sm" className="max-w-full justify-between gap-2" aria-label={`${m.menuLabel}: ${active?.label ?? ''}`} data-testid="vinted-account-menu">
          <span className="truncate" data-testid="vinted-account-active">{active?.label}</span>
          <ChevronsUpDownIcon aria-hidden="true" className="size-4 opacity-60" />
        </Button>
      </MenuTrigger>
      <MenuContent align="start">
        <MenuLabel>{m.menuLabel}</MenuLabel>
        {accounts.data.accounts.map((a) => (
          <MenuItem key={a.id} onSelect={() => a.id !== active?.id && switchTo.mutate(a.id)} aria-label={m.switchTo(a.label)} data-testid="vinted-account-option">
            <CheckIcon aria-hidden="true" className={a.id === active?.id ? '' : 'invisible'} />
            <span className="truncate">{a.label}</span>
          </MenuItem>
        ))}
        <MenuSeparator />
        <MenuItem onSelect={() => navigate('/reglages#vinted-accounts')}>
          <SettingsIcon aria-hidden="true" />
          {m.manage}
        </MenuItem>
      </MenuContent>
    </Menu>
  );
}
