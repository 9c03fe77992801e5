// Offline image understanding for the analyser: garment category, embedding, colours, label reading.
// Every pixel function takes the one DecodedPhoto of the intake pipeline; nothing here decodes a file.
export { dominantColours, type DominantColours, type PaletteEntry } from './dominant-colours.ts';
