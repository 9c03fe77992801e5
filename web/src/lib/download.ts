import { apiFetch, apiUrl } from '../api/client.ts';
import { getToken } from './auth-token.ts';

function filenameOf(res: Response, fallback: string) {
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd);
  return m ? decodeURIComponent(m[1]) : fallback;
}

function click(href: string, name: string) {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

/**
 * Downloads an export. Without a token the browser follows the link and streams the file to disk (a backup
 * with every photo can be large); with one the file goes through fetch, as a link cannot carry the header.
 */
export async function download(path: string, fallbackName: string): Promise<string> {
  if (!getToken()) {
    click(apiUrl(path), fallbackName);
    return fallbackName;
  }
  const res = await apiFetch(path);
  const name = filenameOf(res, fallbackName);
  const url = URL.createObjectURL(await res.blob());
  click(url, name);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
