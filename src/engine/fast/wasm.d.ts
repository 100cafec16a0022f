/** The minimal part of the WebAssembly JS API the fast path uses (ES2022's lib has no WebAssembly global). */
declare namespace WebAssembly {
  interface MemoryDescriptor { initial: number; maximum?: number; shared?: boolean }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer; // a SharedArrayBuffer when shared; typed arrays view both
    grow(deltaPages: number): number;
  }
  class Module {
    constructor(bytes: Uint8Array);
  }
  type ExportValue = ((...args: number[]) => number) | Memory;
  type Imports = Record<string, Record<string, Memory | ((...args: number[]) => number)>>;
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Record<string, ExportValue>;
  }
  class CompileError extends Error {}
  function validate(bytes: Uint8Array): boolean;
}
