// Tree-sitter query files are inlined as text by esbuild (loader '.scm': 'text').
declare module '*.scm' {
  const source: string;
  export default source;
}
