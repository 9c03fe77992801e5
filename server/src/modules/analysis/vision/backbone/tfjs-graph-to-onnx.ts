// Converts a TensorFlow.js graph model of MobileNetV2 (TF-Hub export: batch norm already folded into the
// convolutions, weights uint8-quantised after folding) into an ONNX feature extractor ending in global average
// pooling. Weights stay uint8 in the file (Cast · scale + min, which onnxruntime folds once at load), so the
// shipped file is a quarter of the float size.
import { type OnnxNode, type OnnxTensor, writeOnnxModel } from '../onnx/onnx-writer.ts';

interface GraphNode { name: string; op: string; input?: string[]; attr?: Record<string, { s?: string; i?: string; list?: { i?: string[]; s?: string[] } }> }
export interface QuantWeightSpec { name: string; shape: number[]; dtype: string; quantization?: { min: number; scale: number; dtype: string } }

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

/** The uint8 bytes of each weight, in manifest order. */
function splitWeights(specs: QuantWeightSpec[], buf: Buffer): Map<string, { spec: QuantWeightSpec; bytes: Uint8Array }> {
  const out = new Map<string, { spec: QuantWeightSpec; bytes: Uint8Array }>();
  let off = 0;
  for (const s of specs) {
    if (s.quantization?.dtype !== 'uint8') throw new Error(`${s.name}: only uint8-quantised weights are supported`);
    const n = s.shape.reduce((a, b) => a * b, 1);
    out.set(s.name, { spec: s, bytes: buf.subarray(off, off + n) });
    off += n;
  }
  if (off !== buf.length) throw new Error(`weight buffer has ${buf.length} bytes, manifest describes ${off}`);
  return out;
}

export interface GraphConvertOptions { stopAt: string; inputAfter: string; extraOutputs?: string[] }

/**
 * `inputAfter` names the node whose output the ONNX input replaces (the model's own [0,1] → [-1,1] scaling
 * is skipped: callers feed [-1, 1] directly). `stopAt` is the last node kept before pooling; `extraOutputs`
 * are earlier nodes whose pooled maps are returned too.
 */
export function tfjsGraphToOnnx(nodes: GraphNode[], specs: QuantWeightSpec[], weightBuf: Buffer, opts: GraphConvertOptions): Buffer {
  const weights = splitWeights(specs, weightBuf);
  const out: OnnxNode[] = [];
  const inits: OnnxTensor[] = [
    { name: 'relu6_min', dims: [], data: new Float32Array([0]) },
    { name: 'relu6_max', dims: [], data: new Float32Array([6]) },
  ];
  const tensorOf = new Map<string, string>([[opts.inputAfter, 'pixels']]);
  let channels = 0;
  const channelsOf = new Map<string, number>();

  // A quantised weight as float: Cast(uint8) · scale + min, optionally re-laid out first.
  const weight = (name: string, dims: number[], relayout?: (src: Uint8Array) => Uint8Array) => {
    const w = weights.get(name);
    if (!w) throw new Error(`missing weight ${name}`);
    const id = `w${inits.length}`;
    inits.push(
      { name: `${id}.q`, dims, data: relayout ? relayout(w.bytes) : Uint8Array.from(w.bytes) },
      { name: `${id}.scale`, dims: [], data: new Float32Array([w.spec.quantization!.scale]) },
      { name: `${id}.min`, dims: [], data: new Float32Array([w.spec.quantization!.min]) },
    );
    out.push({ op: 'Cast', inputs: [`${id}.q`], outputs: [`${id}.f`], attrs: { to: 1 } });
    out.push({ op: 'Mul', inputs: [`${id}.f`, `${id}.scale`], outputs: [`${id}.s`] });
    out.push({ op: 'Add', inputs: [`${id}.s`, `${id}.min`], outputs: [id] });
    return id;
  };

  for (const n of nodes) {
    if (n.op === 'Const' || n.op === 'Placeholder' || tensorOf.has(n.name)) continue;
    if (!(n.input ?? []).some((i) => tensorOf.has(i))) continue; // preprocessing before `inputAfter`
    const x = tensorOf.get(n.input![0]);
    switch (n.op) {
      case '_FusedConv2D':
      case 'FusedDepthwiseConv2dNative': {
        const depthwise = n.op === 'FusedDepthwiseConv2dNative';
        const spec = weights.get(n.input![1])!.spec;
        const [kh, kw, cin, cm] = spec.shape;
        const cout = depthwise ? cin * cm : cm;
        // TF HWIO (depthwise: H,W,C,mult) → ONNX OIHW (depthwise: C·mult,1,H,W).
        const relayout = (src: Uint8Array) => {
          const dst = new Uint8Array(src.length);
          for (let y = 0; y < kh; y++) for (let xx = 0; xx < kw; xx++) for (let i = 0; i < cin; i++) for (let o = 0; o < cm; o++) {
            const s = ((y * kw + xx) * cin + i) * cm + o;
            dst[depthwise ? ((i * cm + o) * kh + y) * kw + xx : ((o * cin + i) * kh + y) * kw + xx] = src[s];
          }
          return dst;
        };
        const W = weight(n.input![1], depthwise ? [cout, 1, kh, kw] : [cout, cin, kh, kw], relayout);
        const B = weight(n.input![2], [cout]);
        const fused = (n.attr?.fused_ops?.list?.s ?? []).map(decode);
        if (fused[0] !== 'BiasAdd') throw new Error(`${n.name}: unexpected fused ops ${fused.join(',')}`);
        const strides = (n.attr!.strides!.list!.i ?? ['1', '1', '1', '1']).map(Number).slice(1, 3);
        const same = decode(n.attr!.padding!.s!) === 'SAME';
        const conv = fused.includes('Relu6') ? `${n.name}:conv` : n.name;
        out.push({
          op: 'Conv', name: n.name, inputs: [x!, W, B], outputs: [conv],
          attrs: { kernel_shape: [kh, kw], strides, group: depthwise ? cin : 1, dilations: [1, 1], ...(same ? { auto_pad: 'SAME_UPPER' } : { pads: [0, 0, 0, 0] }) },
        });
        if (fused.includes('Relu6')) out.push({ op: 'Clip', inputs: [conv, 'relu6_min', 'relu6_max'], outputs: [n.name] });
        else if (fused.length > 1) throw new Error(`${n.name}: unsupported activation ${fused[1]}`);
        channels = cout;
        break;
      }
      case 'AddV2':
      case 'Add':
        out.push({ op: 'Add', name: n.name, inputs: n.input!.map((i) => tensorOf.get(i)!), outputs: [n.name] });
        break;
      default:
        throw new Error(`${n.name}: ${n.op} is not supported before ${opts.stopAt}`);
    }
    tensorOf.set(n.name, n.name);
    channelsOf.set(n.name, channels);
    if (n.name === opts.stopAt) break;
  }
  if (!tensorOf.has(opts.stopAt)) throw new Error(`node ${opts.stopAt} not reached`);
  // Each extra node is pooled the same way into an output of its own (`mid0`, `mid1`…), so the `features`
  // output, which the bulk grouping's embedding is calibrated on, stays exactly what it was.
  const pooled = [opts.stopAt, ...(opts.extraOutputs ?? [])].map((node, i) => {
    if (!tensorOf.has(node)) throw new Error(`node ${node} not reached`);
    const name = i === 0 ? 'features' : `mid${i - 1}`;
    out.push({ op: 'GlobalAveragePool', inputs: [node], outputs: [`${name}.gap`] });
    out.push({ op: 'Flatten', inputs: [`${name}.gap`], outputs: [name], attrs: { axis: 1 } });
    return { name, dims: ['batch', channelsOf.get(node)!] };
  });
  return writeOnnxModel({
    name: 'mobilenet_v2_features', nodes: out, initializers: inits,
    inputs: [{ name: 'pixels', dims: ['batch', 3, 'height', 'width'] }],
    outputs: pooled,
  });
}
