// The optional models `npm run models:download -- <name>` fetches into MODELS_DIR, each file pinned by its
// SHA-256. A file whose hash has not been verified on a machine that could reach the hub has `sha256: null`, and
// the download refuses it (nothing unverified is ever loaded): pin it from a trusted download, or pass a manifest.
//
// What a CLIP bundle must hold for the analyser (clip/clip-zero-shot.ts), under MODELS_DIR/clip/:
//   vision_model.onnx      the image tower (pixel_values [n, 3, 224, 224] → image embeddings [n, 512]);
//   label-embeddings.json  the text tower's embeddings of CLIP_LABELS ("a photo of a <label>"), computed after
//                          the download from the text tower (text_model.onnx) and CLIP's BPE tokenizer
//                          (vocab.json + merges.txt), which the bundle also fetches (clip/clip-label-embeddings.ts).

export interface ModelFile {
  /** Path on the hub, relative to the model's base URL. */
  remote: string;
  /** Where it lands, relative to MODELS_DIR. */
  local: string;
  /** Lower-case hex SHA-256 of the whole file, or null when not yet pinned (then refused). */
  sha256: string | null;
  /** Expected size in bytes when known (for the progress bar before the server says). */
  bytes?: number;
}

export interface ModelManifest {
  name: string;
  /** Base URL of the model on its hub (MODELS_HUB_URL or --hub replaces the origin, for mirrors and tests). */
  base: string;
  licence: string;
  about: string;
  files: ModelFile[];
}

export const MODEL_CATALOG: Readonly<Record<string, ModelManifest>> = {
  'clip-vit-b32': {
    name: 'clip-vit-b32',
    base: 'https://huggingface.co/Xenova/clip-vit-base-patch32/resolve/main/',
    licence: 'MIT (OpenAI CLIP weights; ONNX export by Xenova)',
    about: 'CLIP ViT-B/32, quantised ONNX export: about 89 MB image tower, 64 MB text tower, 512-d embeddings',
    files: [
      { remote: 'onnx/vision_model_quantized.onnx', local: 'clip/vision_model.onnx', sha256: null },
      { remote: 'onnx/text_model_quantized.onnx', local: 'clip/text_model.onnx', sha256: null },
      { remote: 'vocab.json', local: 'clip/vocab.json', sha256: null },
      { remote: 'merges.txt', local: 'clip/merges.txt', sha256: null },
    ],
  },
};
