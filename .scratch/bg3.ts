import sharp from 'sharp';
const w = 120, h = 90;
const rgb = Buffer.alloc(w * h * 3, 100);
const grid = Buffer.alloc(8 * 6, 0); grid[20] = 255;
const alpha = await sharp(grid, { raw: { width: 8, height: 6, channels: 1 } }).resize(w, h, { fit: 'fill', kernel: 'linear' }).blur(2).raw().toBuffer({ resolveWithObject: true });
console.log(alpha.info);
const out = await sharp(rgb, { raw: { width: w, height: h, channels: 3 } }).joinChannel(alpha.data, { raw: { width: w, height: h, channels: 1 } }).flatten({ background: { r: 255, g: 255, b: 255 } }).raw().toBuffer({ resolveWithObject: true });
console.log(out.info);
