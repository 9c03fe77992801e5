import { apiUrl } from '../api/client.ts';

function click(href: string, name: string) {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

/**
 * Downloads an export: the browser follows the link and streams the file to disk (a backup with every photo can be
 * large). With an API token the session cookie goes with the link like with any request of the app.
 */
export async function download(path: string, fallbackName: string): Promise<string> {
  click(apiUrl(path), fallbackName);
  return fallbackName;
}

/** Saves a file made in the page (an example to fill in): nothing to fetch, so no server round trip. */
export function saveBlob(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob);
  click(href, name);
  // Revoked a minute later, not at once: some browsers read the blob after the click returns. It is small till then.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
