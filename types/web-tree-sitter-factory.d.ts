// A function returning a new web-tree-sitter runtime per call (esbuild.mjs, plugin `web-tree-sitter-factory`).
declare module 'vigil:web-tree-sitter' {
  import type * as WebTreeSitter from 'web-tree-sitter';
  const createWebTreeSitter: () => typeof WebTreeSitter;
  export default createWebTreeSitter;
}
