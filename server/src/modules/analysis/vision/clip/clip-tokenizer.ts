// CLIP's byte-level BPE tokenizer, as OpenAI's simple_tokenizer.py does it, reading the vocab.json and merges.txt
// that a CLIP bundle ships (the Hugging Face layout). It turns a label prompt into the token ids the text tower takes,
// so the label embeddings can be computed on the seller's machine instead of shipped. Only what CLIP's prompts need
// is here: no ftfy repair (our prompts are plain text), lower-casing and whitespace clean-up as CLIP does.

export const START_OF_TEXT = '<|startoftext|>';
export const END_OF_TEXT = '<|endoftext|>';
/** CLIP's context length: prompts longer than this are cut (ours are a few words). */
export const CLIP_CONTEXT = 77;

// CLIP's word pattern: the special tokens, English contractions, runs of letters, single digits, runs of other marks.
const WORDS = /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+/giu;

/** GPT-2's reversible map from bytes to printable characters, so the BPE works on text without control bytes. */
function bytesToUnicode(): string[] {
  const printable = [...range(0x21, 0x7e), ...range(0xa1, 0xac), ...range(0xae, 0xff)];
  const map: string[] = new Array(256);
  for (const b of printable) map[b] = String.fromCodePoint(b);
  let n = 0;
  for (let b = 0; b < 256; b++) if (map[b] === undefined) map[b] = String.fromCodePoint(256 + n++);
  return map;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export class ClipTokenizer {
  private readonly byteChar = bytesToUnicode();
  private readonly ranks = new Map<string, number>();
  private readonly cache = new Map<string, string[]>();
  readonly start: number;
  readonly end: number;

  /** `vocab`: token → id (vocab.json); `merges`: merges.txt's text, one "a b" pair per line, best first. */
  constructor(private readonly vocab: Readonly<Record<string, number>>, merges: string) {
    let rank = 0;
    for (const line of merges.split('\n')) {
      const pair = line.trim();
      if (!pair || pair.startsWith('#version')) continue;
      this.ranks.set(pair, rank++);
    }
    const id = (t: string) => {
      const v = vocab[t];
      if (v === undefined) throw new Error(`the CLIP vocabulary has no ${t} token`);
      return v;
    };
    this.start = id(START_OF_TEXT);
    this.end = id(END_OF_TEXT);
  }

  /** The ids of `text` between the start and end tokens, cut to CLIP's context length. */
  encode(text: string): number[] {
    const clean = text.replace(/\s+/g, ' ').trim().toLowerCase();
    const ids = [this.start];
    for (const [word] of clean.matchAll(WORDS)) {
      const chars = [...Buffer.from(word, 'utf8')].map((b) => this.byteChar[b]).join('');
      for (const piece of this.bpe(chars)) {
        const id = this.vocab[piece];
        if (id === undefined) throw new Error(`the CLIP vocabulary has no token for "${piece}" (from "${word}")`);
        ids.push(id);
      }
    }
    return [...ids.slice(0, CLIP_CONTEXT - 1), this.end];
  }

  /** Merges the word's characters pair by pair, lowest rank first; the last piece carries the end-of-word mark. */
  private bpe(word: string): string[] {
    const hit = this.cache.get(word);
    if (hit) return hit;
    const chars = [...word];
    let parts = [...chars.slice(0, -1), `${chars[chars.length - 1]}</w>`];
    while (parts.length > 1) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i < parts.length - 1; i++) {
        const r = this.ranks.get(`${parts[i]} ${parts[i + 1]}`);
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) break;
      const [a, b] = [parts[best], parts[best + 1]];
      // Every occurrence of the pair is merged in one pass, left to right, as the reference does.
      const next: string[] = [];
      for (let i = 0; i < parts.length; i++) {
        if (i < parts.length - 1 && parts[i] === a && parts[i + 1] === b) {
          next.push(a + b);
          i++;
        } else next.push(parts[i]);
      }
      parts = next;
    }
    this.cache.set(word, parts);
    return parts;
  }
}
