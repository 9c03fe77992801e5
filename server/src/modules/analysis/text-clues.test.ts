import { describe, expect, it } from 'vitest';
import { canonicalBrand } from '@vintedbot/catalog';
import { normaliseSize, readBrand, readComposition, readFileName, readSize, readStyleWords, splitNotes } from './text-clues.ts';

describe('text clues', () => {
  it('reads size tokens from label text, and never a bare number', () => {
    expect(readSize('RALPH LAUREN\nSIZE M\n100% COTTON', { letters: 'upper' })).toBe('M');
    expect(readSize('W32 L34', { letters: 'upper' })).toBe('W32 L34');
    expect(readSize('W32/L34', { letters: 'upper' })).toBe('W32 L34');
    expect(readSize('EU 43', { letters: 'upper' })).toBe('EU 43');
    expect(readSize('Taille 38', { letters: 'upper' })).toBe('38');
    expect(readSize('T40', { letters: 'upper' })).toBe('40');
    expect(readSize('M/38', { letters: 'upper' })).toBe('M');
    expect(readSize("LEVI'S MADE IN U.S.A.", { letters: 'upper' })).toBeNull();
    expect(readSize('RN 54867 CA 38', { letters: 'upper' })).toBeNull();
    expect(readSize('lavage 30°', { letters: 'upper' })).toBeNull();
    expect(readSize('taille unique', { letters: 'none' })).toBe('Taille unique');
  });

  it('reads compositions in several languages', () => {
    expect(readComposition('100% COTON')).toEqual([{ fibre: 'cotton', percent: 100 }]);
    expect(readComposition('80 % laine\n20 % polyamide')).toEqual([{ fibre: 'wool', percent: 80 }, { fibre: 'polyamide', percent: 20 }]);
    expect(readComposition('Baumwolle 95 %, Elasthan 5 %')).toEqual([{ fibre: 'cotton', percent: 95 }, { fibre: 'elastane', percent: 5 }]);
    expect(readComposition('pull en laine')).toEqual([{ fibre: 'wool', percent: null }]);
    expect(readComposition('lavage à 30 degrés')).toEqual([]);
  });

  it('finds brands in label text without taking common words for brands', () => {
    expect(readBrand('POLO RALPH LAUREN\nMADE IN CHINA', false)).toBe('Ralph Lauren');
    expect(readBrand('DRY CLEAN ONLY', false)).toBeNull();
    expect(readBrand('GUESS WHAT', false)).toBeNull();
    expect(readBrand('Calvin Klein Jeans', false)).toBe('Calvin Klein');
    expect(canonicalBrand('ralph lauren')).toBe('Ralph Lauren');
    expect(canonicalBrand('Polo Ralph Lauren Sport')).toBe('Polo Ralph Lauren Sport');
    expect(canonicalBrand('Ma Petite Marque')).toBe('Ma Petite Marque');
  });

  it('reads what a seller wrote in file names, and nothing from camera names', () => {
    expect(readFileName('pull-ralph-lauren-M-1.jpg')).toEqual({ brand: 'Ralph Lauren', size: 'M', category: 'jumper' });
    expect(readFileName('jean levis w32l34.png')).toEqual({ brand: "Levi's", size: 'W32 L34', category: 'jeans' });
    expect(readFileName('sac-a-main_gucci.webp')).toEqual({ brand: 'Gucci', size: null, category: 'handbag' });
    expect(readFileName('robe-38.jpg').size).toBeNull();
    for (const camera of ['IMG_1234.jpg', 'DSC00042.JPG', 'PXL_20240101_123456789.jpg', '20240101_123456.heic']) {
      expect(readFileName(camera)).toEqual({ brand: null, size: null, category: null });
    }
  });

  it('splits notes into measurements, defects and the rest; style words only when written', () => {
    expect(splitNotes('petite tache sur la manche, longueur 65 cm; aisselle à aisselle 50 cm. Porté deux fois')).toEqual({
      measurements: ['longueur 65 cm', 'aisselle à aisselle 50 cm'], defects: ['petite tache sur la manche'], rest: 'Porté deux fois',
    });
    expect(readStyleWords('Veste VINTAGE années 90')).toEqual(['vintage']);
    expect(readStyleWords('rarement portée, recollection')).toEqual([]);
    expect(normaliseSize('w32l34')).toBe('W32 L34');
    expect(normaliseSize('xl')).toBe('XL');
    expect(normaliseSize('eu 43')).toBe('EU 43');
  });
});
