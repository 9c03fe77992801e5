// Offline image understanding for the analyser: garment category, embedding, label reading (the dominant colours
// are the photo intake's, photos/colours/).
// Every pixel function takes the one DecodedPhoto of the intake pipeline; nothing here decodes a file.
export {
  classifyGarment, embedGarment, embeddingOf, loadClassifier, type CategoryScore, type GarmentClassification,
} from './classifier/garment-classifier.ts';
export { VisionModelUnavailableError } from './backbone/feature-extractor.ts';
export { parseLabelText, type ParsedLabel, type CompositionPart } from './labels/parse-label.ts';
export { labelReaders, readLabelText, setLabelReaders, terminateLabelReader, type LabelText } from './labels/read-label.ts';
export { detectLabelCloseUp, type LabelDetection } from './labels/label-detector.ts';
