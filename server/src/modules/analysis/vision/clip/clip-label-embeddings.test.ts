import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOnnxModel } from '../onnx/onnx-writer.ts';
import { decodeForAnalysis, renderGarment } from '../testing/render.ts';
import { TINY_WORDS, tinyClipText } from '../testing/tiny-clip-text.ts';
import { CLIP_CONTEXT, ClipTokenizer, END_OF_TEXT, START_OF_TEXT } from './clip-tokenizer.ts';
import { CLIP_LABELS, clipClassify, loadClip } from './clip-zero-shot.ts';

// A CLIP bundle without label-embeddings.json: the tokenizer and the text tower compute them on this machine.

const text = tinyClipText();
const tokenizer = new ClipTokenizer(text.vocab, text.merges);
const id = (t: string) => text.vocab[t];

describe('CLIP tokenizer', () => {
  it('lower-cases, collapses spaces, merges whole words and frames them with the start and end tokens', () => {
    expect(tokenizer.encode('A  photo of a ROBE ')).toEqual([id(START_OF_TEXT), id('a</w>'), id('photo</w>'), id('of</w>'), id('a</w>'), id('robe</w>'), id(END_OF_TEXT)]);
  });

  it('splits letters from marks, keeps unmerged letters as characters, and encodes accents byte by byte', () => {
    // "t-shirt": no merges for it in the tiny vocabulary, so one token per character, the last of each word marked.
    expect(tokenizer.encode('t-shirt').slice(1, -1)).toEqual(['t</w>', '-</w>', 's', 'h', 'i', 'r', 't</w>'].map(id));
    // "é" is two UTF-8 bytes, each one of the vocabulary's byte characters.
    expect(tokenizer.encode('é').slice(1, -1)).toEqual([id('Ã'), id('©</w>')]);
  });

  it('cuts a long text to the context length, still ending with the end token', () => {
    const ids = tokenizer.encode('robe '.repeat(200));
    expect(ids).toHaveLength(CLIP_CONTEXT);
    expect(ids.at(-1)).toBe(id(END_OF_TEXT));
  });

  it('refuses a vocabulary without the special tokens, saying which', () => {
    const { [END_OF_TEXT]: _, ...vocab } = text.vocab;
    expect(() => new ClipTokenizer(vocab, text.merges)).toThrow(/no <\|endoftext\|> token/);
  });
});

describe('label embeddings from the text tower', () => {
  it('are computed on first load from text_model.onnx, vocab.json and merges.txt, then used for zero-shot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clip-text-'));
    const clip = join(dir, 'clip');
    mkdirSync(clip);
    writeFileSync(join(clip, 'vision_model.onnx'), writeOnnxModel({
      name: 'tiny_clip_vision',
      nodes: [
        { op: 'GlobalAveragePool', inputs: ['pixel_values'], outputs: ['pooled'] },
        { op: 'Flatten', inputs: ['pooled'], outputs: ['flat'], attrs: { axis: 1 } },
        { op: 'MatMul', inputs: ['flat', 'proj'], outputs: ['image_embeds'] },
      ],
      initializers: [{ name: 'proj', dims: [3, 4], data: new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]) }],
      inputs: [{ name: 'pixel_values', dims: ['batch', 3, 'height', 'width'] }],
      outputs: [{ name: 'image_embeds', dims: ['batch', 4] }],
    }));
    // Without the text side there is nothing to score labels with: no CLIP.
    expect(await loadClip(dir)).toBeNull();
    writeFileSync(join(clip, 'text_model.onnx'), text.textModel);
    writeFileSync(join(clip, 'vocab.json'), JSON.stringify(text.vocab));
    writeFileSync(join(clip, 'merges.txt'), text.merges);

    const model = (await loadClip(dir))!;
    expect(model).not.toBeNull();
    const saved = JSON.parse(readFileSync(join(clip, 'label-embeddings.json'), 'utf8')) as { size: number; prompt: string; labels: Record<string, number[]> };
    expect(Object.keys(saved.labels).sort()).toEqual(Object.keys(CLIP_LABELS).sort());
    expect(saved.prompt).toBe('a photo of a <label>');
    // "a photo of a robe" is seven tokens, and only "robe" carries a direction: the mean is a seventh of it.
    expect(saved.labels.robe.map((x) => x * 7)).toEqual(TINY_WORDS.robe.map((x) => expect.closeTo(x, 5)));
    expect(existsSync(join(clip, 'label-embeddings.json.tmp'))).toBe(false);

    const red = await clipClassify(model, await decodeForAnalysis(await renderGarment({ background: [200, 30, 30], fill: '#d02020' })));
    expect(red.labels[0].label).toBe('robe');
    expect(red.categories[0].category).toBe('dress');
    const blue = await clipClassify(model, await decodeForAnalysis(await renderGarment({ background: [30, 40, 200], fill: '#2030c0' })));
    expect(blue.categories[0].category).toBe('jeans');
  });
});
