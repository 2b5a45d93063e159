import { Parser, Language } from 'web-tree-sitter';
await Parser.init();
const lang = await Language.load('node_modules/tree-sitter-python/tree-sitter-python.wasm');
const p = new Parser(); p.setLanguage(lang);
const src = process.argv[2];
const t = p.parse(src);
function pr(n, d){ console.log(' '.repeat(d*2)+ (n.isNamed? n.type : JSON.stringify(n.type)) + ' ' + JSON.stringify(n.text.slice(0,40))); for (const c of n.children) pr(c,d+1); }
pr(t.rootNode,0);
console.log(lang.abiVersion);
