import { it } from 'vitest';
import { createTestApp } from '../helpers/test-app.ts';
import { goodJpeg } from './corpus.ts';
import { multipart } from './harness.ts';

it('probe', async () => {
  const t = await createTestApp({}, { runJobs: false });
  for (const url of ['/photos', '/ingest/photos', '/bulk/ingest/photos']) {
    const r = await t.app.inject({ method: 'POST', url, ...multipart([{ name: 'files', filename: 'a\u0000b\u001b[2J.jpg', contentType: 'image/jpeg', data: goodJpeg() }, { name: 'brand\u0000', data: 'x' }]) });
    console.log(url, r.statusCode, r.body.slice(0, 300));
  }
  const r = await t.app.inject({ method: 'POST', url: '/photos', ...multipart([{ name: 'files', filename: 'a\u0000b\u001b[2J.jpg', contentType: 'image/jpeg', data: goodJpeg(1) }]) });
  console.log(r.statusCode, r.body.slice(0, 300));
  const info = await t.app.inject({ method: 'GET', url: `/photos/${r.json().photos?.[0]?.id}/info` });
  console.log(info.body.slice(0, 400));
  await t.close();
});
