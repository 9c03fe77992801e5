import { ImageOffIcon } from 'lucide-react';
import { type ComponentProps, useEffect, useState } from 'react';
import { apiUrl } from '../api/client.ts';
import { authHeaders, getToken } from '../lib/auth-token.ts';
import { cn } from '../lib/utils.ts';

/**
 * A photo served by the API. With a token the bytes are fetched with the Authorization header (an <img> cannot
 * send it) and shown from a blob URL; without one the browser loads and caches the URL itself.
 */
export function ApiImage({ src, alt, className, ...props }: Omit<ComponentProps<'img'>, 'src'> & { src: string; alt: string }) {
  const token = getToken();
  const [blobUrl, setBlobUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    setFailed(false);
    if (!token || src.startsWith('blob:') || src.startsWith('data:')) return;
    let url: string | null = null;
    let alive = true;
    fetch(apiUrl(src), { headers: authHeaders() })
      .then((r) => (r.ok ? r.blob() : Promise.reject(new Error(String(r.status)))))
      .then((b) => {
        if (!alive) return;
        url = URL.createObjectURL(b);
        setBlobUrl(url);
      })
      .catch(() => alive && setFailed(true));
    return () => {
      alive = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [src, token]);
  if (failed) {
    return (
      <div role="img" aria-label={alt} className={cn('flex items-center justify-center bg-muted text-muted-foreground', className)}>
        <ImageOffIcon aria-hidden="true" className="size-5" />
      </div>
    );
  }
  const actual = src.startsWith('blob:') || src.startsWith('data:') ? src : token ? blobUrl : apiUrl(src);
  if (!actual) return <div aria-hidden="true" className={cn('animate-pulse bg-muted', className)} />;
  return <img src={actual} alt={alt} loading="lazy" decoding="async" onError={() => setFailed(true)} className={cn('bg-muted object-cover', className)} {...props} />;
}
