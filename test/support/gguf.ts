/**
 * Just enough of the GGUF v3 container to make test models in Node, with no Python: read the
 * metadata of a vocab-only GGUF (llama.cpp ships several) and write a model or adapter file of
 * f32 tensors. Layout: magic, version, tensor count, metadata count, metadata (key, type, value),
 * tensor infos (name, dims innermost first, type, offset), padding, tensor data (each aligned).
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";

const MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
const VERSION = 3;
const ALIGNMENT = 32;
const F32 = 0;

/** GGUF metadata value types. */
export const GgufType = {
  u8: 0, i8: 1, u16: 2, i16: 3, u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9, u64: 10, i64: 11, f64: 12,
} as const;
type TypeCode = (typeof GgufType)[keyof typeof GgufType];

export type GgufScalar = number | bigint | boolean | string;
export interface GgufValue {
  type: TypeCode;
  /** For arrays, the element type. */
  itemType?: TypeCode;
  value: GgufScalar | GgufScalar[];
}
export type GgufMetadata = Map<string, GgufValue>;

export interface GgufTensor {
  name: string;
  /** Dimensions innermost first, as GGUF stores them: a (rows=out, cols=in) matrix is [in, out]. */
  dims: number[];
  data: Float32Array;
}

const SCALAR_SIZE: Partial<Record<TypeCode, number>> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

class Reader {
  offset = 0;
  constructor(private readonly buf: Buffer) {}
  u32(): number {
    const v = this.buf.readUInt32LE(this.offset);
    this.offset += 4;
    return v;
  }
  u64(): number {
    const v = this.buf.readBigUInt64LE(this.offset);
    this.offset += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error("GGUF count too large");
    return Number(v);
  }
  string(): string {
    const len = this.u64();
    const s = this.buf.toString("utf8", this.offset, this.offset + len);
    this.offset += len;
    return s;
  }
  scalar(type: TypeCode): GgufScalar {
    const b = this.buf;
    const o = this.offset;
    if (type === GgufType.string) return this.string();
    const size = SCALAR_SIZE[type];
    if (size === undefined) throw new Error(`unsupported GGUF value type ${type}`);
    this.offset += size;
    switch (type) {
      case GgufType.u8: return b.readUInt8(o);
      case GgufType.i8: return b.readInt8(o);
      case GgufType.u16: return b.readUInt16LE(o);
      case GgufType.i16: return b.readInt16LE(o);
      case GgufType.u32: return b.readUInt32LE(o);
      case GgufType.i32: return b.readInt32LE(o);
      case GgufType.f32: return b.readFloatLE(o);
      case GgufType.bool: return b.readUInt8(o) !== 0;
      case GgufType.u64: return b.readBigUInt64LE(o);
      case GgufType.i64: return b.readBigInt64LE(o);
      default: return b.readDoubleLE(o);
    }
  }
}

/** The metadata of a GGUF file (tensor infos and data are not read). */
export function readGgufMetadata(path: string): GgufMetadata {
  const r = new Reader(readFileSync(path));
  if (r.u32() !== MAGIC) throw new Error(`${path} is not a GGUF file`);
  const version = r.u32();
  if (version < 2 || version > 3) throw new Error(`${path}: GGUF version ${version} is not supported`);
  r.u64(); // tensor count
  const count = r.u64();
  const metadata: GgufMetadata = new Map();
  for (let i = 0; i < count; i++) {
    const key = r.string();
    const type = r.u32() as TypeCode;
    if (type === GgufType.array) {
      const itemType = r.u32() as TypeCode;
      const n = r.u64();
      const items: GgufScalar[] = new Array(n);
      for (let j = 0; j < n; j++) items[j] = r.scalar(itemType);
      metadata.set(key, { type, itemType, value: items });
    } else {
      metadata.set(key, { type, value: r.scalar(type) });
    }
  }
  return metadata;
}

/** Appends GGUF-encoded pieces; the file is assembled from them in one write. */
class Writer {
  private readonly parts: Buffer[] = [];
  size = 0;
  push(buf: Buffer): void {
    this.parts.push(buf);
    this.size += buf.length;
  }
  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  u64(v: number | bigint): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  string(s: string): void {
    const bytes = Buffer.from(s, "utf8");
    this.u64(bytes.length);
    this.push(bytes);
  }
  scalar(type: TypeCode, v: GgufScalar): void {
    if (type === GgufType.string) return this.string(String(v));
    const size = SCALAR_SIZE[type];
    if (size === undefined) throw new Error(`unsupported GGUF value type ${type}`);
    const b = Buffer.alloc(size);
    switch (type) {
      case GgufType.u8: b.writeUInt8(Number(v)); break;
      case GgufType.i8: b.writeInt8(Number(v)); break;
      case GgufType.u16: b.writeUInt16LE(Number(v)); break;
      case GgufType.i16: b.writeInt16LE(Number(v)); break;
      case GgufType.u32: b.writeUInt32LE(Number(v)); break;
      case GgufType.i32: b.writeInt32LE(Number(v)); break;
      case GgufType.f32: b.writeFloatLE(Number(v)); break;
      case GgufType.bool: b.writeUInt8(v ? 1 : 0); break;
      case GgufType.u64: b.writeBigUInt64LE(BigInt(v)); break;
      case GgufType.i64: b.writeBigInt64LE(BigInt(v)); break;
      default: b.writeDoubleLE(Number(v));
    }
    this.push(b);
  }
  pad(): void {
    const rest = this.size % ALIGNMENT;
    if (rest !== 0) this.push(Buffer.alloc(ALIGNMENT - rest));
  }
  buffers(): Buffer[] {
    return this.parts;
  }
}

/**
 * Writes a GGUF file of f32 tensors to a temporary name, fsyncs it and renames it over `path`, so
 * a reader (or a concurrent test run) never sees half a model.
 */
export function writeGguf(path: string, metadata: GgufMetadata, tensors: readonly GgufTensor[]): void {
  const w = new Writer();
  w.u32(MAGIC);
  w.u32(VERSION);
  w.u64(tensors.length);
  w.u64(metadata.size);
  for (const [key, { type, itemType, value }] of metadata) {
    w.string(key);
    w.u32(type);
    if (type === GgufType.array) {
      if (itemType === undefined || !Array.isArray(value)) throw new Error(`${key}: an array needs its item type and items`);
      w.u32(itemType);
      w.u64(value.length);
      for (const item of value) w.scalar(itemType, item);
    } else {
      w.scalar(type, value as GgufScalar);
    }
  }
  let offset = 0;
  for (const t of tensors) {
    if (t.data.length !== t.dims.reduce((a, b) => a * b, 1)) throw new Error(`${t.name}: data does not match dims ${t.dims.join("x")}`);
    w.string(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(F32);
    w.u64(offset);
    offset += Math.ceil((t.data.byteLength) / ALIGNMENT) * ALIGNMENT;
  }
  w.pad();
  for (const t of tensors) {
    w.push(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    w.pad();
  }
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, "w");
    try {
      for (const b of w.buffers()) writeSync(fd, b);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
