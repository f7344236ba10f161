/**
 * A tiny, deterministic ONNX graph builder on top of onnx-proto: names come from a counter, so the
 * same calls always encode to the same bytes.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** ONNX element types used by the quality graphs. */
export const T = { float: 1, uint8: 2, int32: 6, int64: 7, bool: 9, double: 11 } as const;
export type ElemType = (typeof T)[keyof typeof T];

type AttrValue = number | string | readonly number[] | { readonly floats: readonly number[] };

/** A dimension: a fixed size or a symbolic name. */
export type Dim = number | string;

export class GraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private counter = 0;

  /** Declares a graph input. */
  input(name: string, type: ElemType, dims: readonly Dim[]): string {
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  /** Declares `value` as a graph output named `name` (through an Identity node). */
  output(name: string, value: string, type: ElemType, dims: readonly Dim[]): void {
    this.nodes.push({ opType: 'Identity', input: [value], output: [name], name: `out_${name}` });
    this.outputs.push(valueInfo(name, type, dims));
  }

  /** Adds a constant initializer and returns its name. */
  const(type: ElemType, dims: readonly number[], values: ArrayLike<number> | readonly bigint[], hint = 'c'): string {
    const name = `${hint}_${this.counter++}`;
    this.initializers.push({ name, dataType: type, dims: [...dims], rawData: toRaw(type, values) });
    return name;
  }

  /** Scalar float32 constant. */
  f32(value: number): string {
    return this.const(T.float, [], [value], 'f');
  }

  /** Scalar float64 constant. */
  f64(value: number): string {
    return this.const(T.double, [], [value], 'd');
  }

  /** 1-D int64 constant. */
  i64(values: readonly number[]): string {
    return this.const(T.int64, [values.length], values.map((v) => BigInt(v)), 'i');
  }

  /** Scalar int64 constant. */
  i64s(value: number): string {
    return this.const(T.int64, [], [BigInt(value)], 'i');
  }

  /** Adds a node with one output and returns the output's name. */
  op(opType: string, inputs: readonly string[], attrs: Readonly<Record<string, AttrValue>> = {}): string {
    const out = `${opType.toLowerCase()}_${this.counter++}`;
    this.nodes.push({ opType, input: [...inputs], output: [out], name: `n_${out}`, attribute: toAttributes(attrs) });
    return out;
  }

  /** Encodes the model (IR 8, opset 17). */
  encode(graphName: string, docString: string): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'proofsheet-generate-models',
      producerVersion: '1',
      docString,
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, type: ElemType, dims: readonly Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: type,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function toAttributes(attrs: Readonly<Record<string, AttrValue>>): onnxProto.onnx.IAttributeProto[] {
  const A = onnx.AttributeProto.AttributeType;
  return Object.entries(attrs).map(([name, value]) => {
    if (typeof value === 'string') return { name, type: A.STRING, s: new TextEncoder().encode(value) };
    if (typeof value === 'number') {
      return Number.isInteger(value) ? { name, type: A.INT, i: value } : { name, type: A.FLOAT, f: value };
    }
    if ('floats' in value) return { name, type: A.FLOATS, floats: [...value.floats] };
    return { name, type: A.INTS, ints: [...(value as readonly number[])] };
  });
}

function toRaw(type: ElemType, values: ArrayLike<number> | readonly bigint[]): Uint8Array {
  const list = Array.from(values as ArrayLike<number | bigint>);
  switch (type) {
    case T.float:
      return bytes(Float32Array.from(list as number[]));
    case T.double:
      return bytes(Float64Array.from(list as number[]));
    case T.int32:
      return bytes(Int32Array.from(list as number[]));
    case T.int64:
      return bytes(BigInt64Array.from(list.map((v) => BigInt(v))));
    case T.uint8:
    case T.bool:
      return Uint8Array.from(list as number[]);
    default:
      throw new Error(`unsupported constant type ${String(type)}`);
  }
}

function bytes(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice();
}
