import { ImageOffIcon } from 'lucide-react';
import { type ComponentProps, useEffect, useState } from 'react';
import { apiUrl } from '../api/client.ts';
import { cn } from '../lib/utils.ts';

/**
 * A photo served by the API. The browser loads and caches the URL itself; with an API token the session cookie
 * goes with it (the app keeps no token to put in a header).
 */
export function ApiImage({ src, alt, className, ...props }: Omit<ComponentProps<'img'>, 'src'> & { src: string; alt: string }) {
  const [failed, setFailed] = useState(false);
  useEffect(() => setFailed(false), [src]);
  if (failed) {
    return (
      <div role="img" aria-label={alt} className={cn('flex items-center justify-center bg-muted text-muted-foreground', className)}>
        <ImageOffIcon aria-hidden="true" className="size-5" />
      </div>
    );
  }
  const actual = src.startsWith('blob:') || src.startsWith('data:') ? src : apiUrl(src);
  return <img src={actual} alt={alt} loading="lazy" decoding="async" onError={() => setFailed(true)} className={cn('bg-muted object-cover', className)} {...props} />;
}
