import { describe, expect, test } from 'vitest';
import { mergeBoard } from './board-merge.ts';

const g = (id: string, photos: string[]) => ({ id, photos });

describe('mergeBoard', () => {
  const board = [g('c1', ['a', 'b']), g('c2', ['c']), g('c3', ['d', 'e'])];

  test('a move answers two groups: the third one stays on the board', () => {
    const next = mergeBoard(board, { clusters: [g('c1', ['b']), g('c2', ['c', 'a'])], removed: [] });
    expect(next.map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
    expect(next[0].photos).toEqual(['b']);
    expect(next[1].photos).toEqual(['c', 'a']);
    expect(next[2]).toBe(board[2]);
  });

  test('a split adds the new group at the end; a merge drops the absorbed one', () => {
    expect(mergeBoard(board, { clusters: [g('c3', ['d']), g('c4', ['e'])], removed: [] }).map((c) => c.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(mergeBoard(board, { clusters: [g('c1', ['a', 'b', 'c'])], removed: ['c2'] }).map((c) => c.id)).toEqual(['c1', 'c3']);
  });

  test('a full board as the answer is taken as it is', () => {
    const all = [g('c1', ['a']), g('c2', ['b', 'c']), g('c3', ['d', 'e'])];
    expect(mergeBoard(board, { clusters: all, removed: [] })).toEqual(all);
  });
});
