import { randomBytes } from 'node:crypto';

/** A multipart/form-data body with one file part named `file`, for `app.inject`. */
export function multipartFile(content: Buffer | string, filename = 'stock.csv', contentType = 'text/csv') {
  const boundary = `----vintedbot${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, typeof content === 'string' ? Buffer.from(content, 'utf8') : content, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
