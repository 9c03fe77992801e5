// A minimal ONNX ModelProto writer (protobuf by hand, no dependency). Used to turn the MobileNetV2 weights
// into a model onnxruntime can run, and by the tests that build tiny models of their own. Only the fields
// those graphs need are written: float and int64 tensors, int/float/ints attributes, NCHW shapes.

class Pb {
  private chunks: Buffer[] = [];
  private push(b: Buffer) { this.chunks.push(b); }
  private varint(n: number | bigint) {
    let v = BigInt.asUintN(64, BigInt(n));
    const out: number[] = [];
    while (v >= 0x80n) { out.push(Number(v & 0x7fn) | 0x80); v >>= 7n; }
    out.push(Number(v));
    this.push(Buffer.from(out));
  }
  private key(field: number, wire: number) { this.varint((field << 3) | wire); }
  int(field: number, n: number | bigint) { this.key(field, 0); this.varint(n); return this; }
  float(field: number, x: number) { this.key(field, 5); const b = Buffer.alloc(4); b.writeFloatLE(x); this.push(b); return this; }
  bytes(field: number, b: Buffer | Uint8Array) { this.key(field, 2); this.varint(b.length); this.push(Buffer.from(b.buffer, b.byteOffset, b.byteLength)); return this; }
  str(field: number, s: string) { return this.bytes(field, Buffer.from(s, 'utf8')); }
  msg(field: number, m: Pb) { return this.bytes(field, m.toBuffer()); }
  toBuffer() { return Buffer.concat(this.chunks); }
}

export type AttrValue = number | number[] | { float: number } | string;

export interface OnnxNode { op: string; inputs: string[]; outputs: string[]; name?: string; attrs?: Record<string, AttrValue> }
export interface OnnxTensor { name: string; dims: number[]; data: Float32Array | BigInt64Array | Uint8Array }
/** A graph input/output: float tensor, each dimension a number or a symbolic name. */
export interface OnnxValue { name: string; dims: (number | string)[]; elemType?: 'float' | 'int64' }
export interface OnnxGraph { name: string; nodes: OnnxNode[]; initializers: OnnxTensor[]; inputs: OnnxValue[]; outputs: OnnxValue[]; opset?: number }

const FLOAT = 1, UINT8 = 2, INT64 = 7;

function tensor(t: OnnxTensor): Pb {
  const p = new Pb();
  for (const d of t.dims) p.int(1, d);
  p.int(2, t.data instanceof Float32Array ? FLOAT : t.data instanceof Uint8Array ? UINT8 : INT64);
  p.str(8, t.name);
  p.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  return p;
}

function attribute(name: string, v: AttrValue): Pb {
  const p = new Pb().str(1, name);
  if (Array.isArray(v)) { for (const x of v) p.int(8, x); p.int(20, 7); } // INTS
  else if (typeof v === 'number') { p.int(3, v); p.int(20, 2); } // INT
  else if (typeof v === 'string') { p.str(4, v); p.int(20, 3); } // STRING
  else { p.float(2, v.float); p.int(20, 1); } // FLOAT
  return p;
}

function valueInfo(v: OnnxValue): Pb {
  const shape = new Pb();
  for (const d of v.dims) shape.msg(1, typeof d === 'number' ? new Pb().int(1, d) : new Pb().str(2, d));
  const tensorType = new Pb().int(1, v.elemType === 'int64' ? INT64 : FLOAT).msg(2, shape);
  return new Pb().str(1, v.name).msg(2, new Pb().msg(1, tensorType));
}

/** Serialises a graph as an ONNX model (IR version 8, default domain opset 13 unless given). */
export function writeOnnxModel(g: OnnxGraph): Buffer {
  const graph = new Pb();
  g.nodes.forEach((n, i) => {
    const node = new Pb();
    for (const x of n.inputs) node.str(1, x);
    for (const x of n.outputs) node.str(2, x);
    node.str(3, n.name ?? `${n.op}_${i}`).str(4, n.op);
    for (const [k, v] of Object.entries(n.attrs ?? {})) node.msg(5, attribute(k, v));
    graph.msg(1, node);
  });
  graph.str(2, g.name);
  for (const t of g.initializers) graph.msg(5, tensor(t));
  for (const v of g.inputs) graph.msg(11, valueInfo(v));
  for (const v of g.outputs) graph.msg(12, valueInfo(v));
  return new Pb()
    .int(1, 8)
    .str(2, 'vintedbot')
    .msg(7, graph)
    .msg(8, new Pb().str(1, '').int(2, g.opset ?? 13))
    .toBuffer();
}
