import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OWNED_TABLES } from '../../src/platform/security/owner-scope-plugin.ts';

// The owner-scope plugin cannot see inside a raw `sql` template: a template that names an owned table must carry the
// owner predicate itself, ownedBy('<table or alias>') (issue 20 point 2). This reads every template of the server's
// source (migrations aside: they run in a system scope) and lists those that name an owned table without it.
const SRC = path.resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' ? [] : sourceFiles(p);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

/** The index just past the template literal opening at `start` (its expressions and nested templates skipped). */
function templateEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '`') return i + 1;
    else if (c === '$' && text[i + 1] === '{') i = expressionEnd(text, i + 2);
    else i++;
  }
  return text.length;
}

/** The index just past the `}` closing an expression that starts at `i`. */
function expressionEnd(text: string, i: number): number {
  let depth = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '`') { i = templateEnd(text, i); continue; }
    if (c === "'" || c === '"') {
      i++;
      while (i < text.length && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
    i++;
  }
  return text.length;
}

const templateAt = (text: string, start: number) => text.slice(start + 1, templateEnd(text, start) - 1);

/** Every `sql` template (sql`…`, sql<T>`…`) of a source text. */
export function rawTemplates(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\bsql(?:<[^`;]*?>)?`/g)) out.push(templateAt(text, m.index! + m[0].length - 1));
  return out;
}

const owned = [...OWNED_TABLES].join('|');
const NAMES_OWNED = new RegExp(`\\b(?:from|join|update|into)\\s+(${owned})\\b`, 'i');

describe('raw SQL and the owner scope', () => {
  it('finds the templates it checks (the scanner itself works)', () => {
    expect(rawTemplates('const a = sql`select 1 from items where ${x} and ${sql`y`}`;')).toEqual(['select 1 from items where ${x} and ${sql`y`}', 'y']);
    expect(rawTemplates('sql<{ n: number }>`select count(*) from orders`')).toEqual(['select count(*) from orders']);
  });

  it('has every raw template that names an owned table say whose rows it reads (ownedBy)', () => {
    const offenders: string[] = [];
    let checked = 0;
    for (const file of sourceFiles(SRC)) {
      const rel = path.relative(SRC, file);
      for (const tpl of rawTemplates(readFileSync(file, 'utf8'))) {
        const m = NAMES_OWNED.exec(tpl);
        if (!m) continue;
        checked++;
        if (!tpl.includes('ownedBy(')) offenders.push(`${rel}: ${m[0]} …`);
      }
    }
    expect(offenders).toEqual([]);
    // The stock's analytics, auto-drops and review queries are raw: the check must have seen them.
    expect(checked).toBeGreaterThan(8);
  });
});
