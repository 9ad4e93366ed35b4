// The `espeak-ng` package (espeak-ng's command line compiled with Emscripten) ships no types.
declare module 'espeak-ng' {
  interface ESpeakModule {
    FS: {
      readFile(path: string, options: { encoding: 'utf8' }): string;
      unlink(path: string): void;
    };
  }
  interface ESpeakOptions {
    arguments: string[];
    print?: (line: string) => void;
    printErr?: (line: string) => void;
    instantiateWasm?: (
      imports: WebAssembly.Imports,
      done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ) => object;
    locateFile?: (path: string) => string;
  }
  const ESpeakNg: (options: ESpeakOptions) => Promise<ESpeakModule>;
  export default ESpeakNg;
}
