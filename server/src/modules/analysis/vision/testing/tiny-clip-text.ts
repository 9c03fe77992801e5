// A tiny stand-in for a CLIP bundle's text side, built by the tests: a byte-level vocabulary with CLIP's layout
// (each byte's character, alone and with the end-of-word mark, then merged words, then the two special tokens),
// merges that spell a few whole words, and a text tower that averages token embeddings (Gather, ReduceMean). Only
// the merged label words carry a direction, so the computed label embeddings are known in advance.
import { writeOnnxModel } from '../onnx/onnx-writer.ts';
import { END_OF_TEXT, START_OF_TEXT } from '../clip/clip-tokenizer.ts';

/** The 4-d direction each label word's token carries (the tiny image tower's red, blue and green). */
export const TINY_WORDS: Readonly<Record<string, [number, number, number, number]>> = {
  robe: [1, -1, -1, 0], jeans: [-1, -0.5, 1, 0], sneakers: [-1, 1, -1, 0], photo: [0, 0, 0, 0], of: [0, 0, 0, 0],
};

export interface TinyClipText { vocab: Record<string, number>; merges: string; textModel: Buffer }

function byteChars(): string[] {
  const printable = new Set<number>();
  for (const [a, b] of [[0x21, 0x7e], [0xa1, 0xac], [0xae, 0xff]]) for (let c = a; c <= b; c++) printable.add(c);
  const out: string[] = [];
  let n = 0;
  for (let b = 0; b < 256; b++) out.push(String.fromCodePoint(printable.has(b) ? b : 256 + n++));
  return out;
}

export function tinyClipText(): TinyClipText {
  const vocab: Record<string, number> = {};
  const add = (t: string) => { if (!(t in vocab)) vocab[t] = Object.keys(vocab).length; };
  const chars = byteChars();
  chars.forEach(add);
  chars.forEach((c) => add(`${c}</w>`));
  // Each word merged left to right: "r o", "ro b", "rob e</w>".
  const merges: string[] = ['#version: 0.2'];
  for (const word of Object.keys(TINY_WORDS)) {
    let acc = word[0];
    for (let i = 1; i < word.length; i++) {
      const next = i === word.length - 1 ? `${word[i]}</w>` : word[i];
      merges.push(`${acc} ${next}`);
      acc += next;
      add(acc);
    }
  }
  add(START_OF_TEXT);
  add(END_OF_TEXT);
  const size = Object.keys(vocab).length;
  const table = new Float32Array(size * 4);
  for (const [word, v] of Object.entries(TINY_WORDS)) table.set(v, vocab[`${word}</w>`] * 4);
  const textModel = writeOnnxModel({
    name: 'tiny_clip_text',
    nodes: [
      { op: 'Gather', inputs: ['embeddings', 'input_ids'], outputs: ['tokens'], attrs: { axis: 0 } },
      { op: 'ReduceMean', inputs: ['tokens'], outputs: ['text_embeds'], attrs: { axes: [1], keepdims: 0 } },
    ],
    initializers: [{ name: 'embeddings', dims: [size, 4], data: table }],
    inputs: [{ name: 'input_ids', dims: ['batch', 'sequence'], elemType: 'int64' }, { name: 'attention_mask', dims: ['batch', 'sequence'], elemType: 'int64' }],
    outputs: [{ name: 'text_embeds', dims: ['batch', 4] }],
  });
  return { vocab, merges: merges.join('\n'), textModel };
}
