import { Component, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { dictionaries } from '../../i18n/index.tsx';
import { Button } from '../ui/button.tsx';
import { Callout } from '../ui/feedback.tsx';

interface State {
  error: Error | null;
}

class Boundary extends Component<{ children: ReactNode; lang: 'fr' | 'en' }, State> {
  state: State = { error: null };
  static getDerivedStateFromError(error: Error): State {
    return { error };
  }
  render() {
    if (!this.state.error) return this.props.children;
    const t = dictionaries[this.props.lang];
    return (
      <Callout variant="error" title={t.errorPage.title}>
        <p>{t.errorPage.crashed}</p>
        {/* What the developer needs, folded: it is English and technical. */}
        <details className="text-xs">
          <summary className="cursor-pointer">{t.common.details}</summary>
          <p className="break-words font-mono" translate="no" lang="en">{this.state.error.message}</p>
        </details>
        <Button size="sm" variant="outline" className="mt-2" onClick={() => location.reload()}>
          {t.errorPage.reload}
        </Button>
      </Callout>
    );
  }
}

/** A page that throws while rendering shows a message instead of a blank screen; changing page resets it. */
export function ErrorBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const lang = document.documentElement.lang === 'en' ? 'en' : 'fr';
  return (
    <Boundary key={pathname} lang={lang}>
      {children}
    </Boundary>
  );
}
