import sharp from 'sharp';
const src = '/tmp/ps-12mp.jpg';
const f = '/work/shared/datasets/clothing-dev/' + (await import('node:fs')).readFileSync('/work/shared/datasets/clothing-dev/labels.csv','utf8').split('\n')[1].split(',')[0];
await sharp(f).resize(4000, 3000, { fit: 'fill' }).jpeg({ quality: 92 }).toFile(src);
for (let r = 0; r < 3; r++) {
  let t = performance.now();
  const lap = (n: string) => { const x = performance.now(); console.log(n, (x - t).toFixed(1)); t = x; };
  const a = await sharp(`${src}[shrink=2]`).rotate(90).raw().toBuffer({ resolveWithObject: true }); lap('A decode shrink2+rot90');
  const a2 = await sharp(`${src}[shrink=2]`).raw().toBuffer({ resolveWithObject: true }); lap('A decode shrink2 only');
  const b = await sharp(a.data, { raw: { width: a.info.width, height: a.info.height, channels: 3 } }).extract({ left: 0, top: 60, width: 1500, height: 1875 }).resize(1600, 1600, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true }); lap('B extract+resize');
  const c = await sharp(b.data, { raw: { width: b.info.width, height: b.info.height, channels: 3 } }).linear([1.1, 1, 0.9], [-5, -5, -5]).raw().toBuffer(); lap('C linear');
  const c2 = await sharp(b.data, { raw: { width: b.info.width, height: b.info.height, channels: 3 } }).modulate({ saturation: 1.1 }).raw().toBuffer(); lap('C modulate');
  await sharp(c, { raw: { width: b.info.width, height: b.info.height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer(); lap('encode');
  await sharp(src).resize(1600, 1600, { fit: 'inside' }).jpeg().toBuffer(); lap('one pipeline file->1600 jpeg');
}
console.log(sharp.concurrency(), (await import('node:os')).availableParallelism());
