/**
 * Bandit's `shell_injection` family (B602-B607, B609): the shared config block with its three default call
 * lists, the "shell truthy" decision, the reported line (the `shell=` value), and the list-literal fix helpers.
 */
import type { Node } from '../../server/src/engine/parser';
import type { CallContext } from '../../server/src/engine/context';
import type { RuleContext } from '../../server/src/engine/rule';
import type { TextEdit } from '../../server/src/engine/types';
import { DEFAULT_OPTIONS, pluginBlock, type PluginConfig } from '../../server/src/engine/options';
import { lastSegment } from './callnames';
import { removeArgumentEdit } from '../../server/src/engine/edits';
import { constantString, parseIntLiteral, stringPrefix, unparen } from '../../server/src/engine/python';

export interface ShellInjectionConfig extends Record<string, unknown> {
  /** Start a process through the subprocess module or a wrapper of it. */
  subprocess: string[];
  /** Start a process through a shell. */
  shell: string[];
  /** Start a process without a shell (replacing or spawning). */
  no_shell: string[];
}

/** Bandit 1.9's defaults for the `shell_injection` block. */
export const SHELL_INJECTION_DEFAULTS: ShellInjectionConfig = {
  subprocess: ['subprocess.Popen', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.run'],
  shell: [
    'os.system',
    'os.popen',
    'os.popen2',
    'os.popen3',
    'os.popen4',
    'popen2.popen2',
    'popen2.popen3',
    'popen2.popen4',
    'popen2.Popen3',
    'popen2.Popen4',
    'commands.getoutput',
    'commands.getstatusoutput',
    'subprocess.getoutput',
    'subprocess.getstatusoutput',
  ],
  no_shell: [
    'os.execl',
    'os.execle',
    'os.execlp',
    'os.execlpe',
    'os.execv',
    'os.execve',
    'os.execvp',
    'os.execvpe',
    'os.spawnl',
    'os.spawnle',
    'os.spawnlp',
    'os.spawnlpe',
    'os.spawnv',
    'os.spawnve',
    'os.spawnvp',
    'os.spawnvpe',
    'os.startfile',
  ],
};

export type ShellList = 'subprocess' | 'shell' | 'no_shell';

/**
 * The file's `shell_injection` block: a configured block replaces the defaults whole, as in Bandit; a list it
 * leaves out is undefined (Bandit's lookup raises, and the test reports nothing for that call).
 */
export function shellConfig(ctx: RuleContext): Partial<ShellInjectionConfig> {
  return pluginBlock(ctx.options, 'shell_injection', SHELL_INJECTION_DEFAULTS, true);
}

/** A configured list, or undefined when the block leaves it out (Bandit: a KeyError, so no report). */
export function shellList(ctx: RuleContext, list: ShellList): readonly unknown[] | undefined {
  const names: unknown = shellConfig(ctx)[list];
  return Array.isArray(names) ? names : undefined;
}

/**
 * The `CallContext.name`s (last segments) of the entries of the given configured lists, as `inShellList` reads
 * them from the same plugin settings: the `callNames` of the rules that report only on listed calls.
 */
export function shellCallNames(plugins: PluginConfig, ...lists: ShellList[]): string[] {
  const cfg = pluginBlock({ ...DEFAULT_OPTIONS, plugins }, 'shell_injection', SHELL_INJECTION_DEFAULTS, true);
  const out = new Set<string>();
  for (const list of lists) {
    const names: unknown = cfg[list];
    if (!Array.isArray(names)) continue; // inShellList: never in the list
    for (const q of names) if (typeof q === 'string') out.add(lastSegment(q)); // `includes(qualname)`: strings only
  }
  return [...out];
}

/** Whether the resolved call name is in one of the configured lists. */
export function inShellList(ctx: RuleContext, list: ShellList, qualname: string): boolean {
  return shellList(ctx, list)?.includes(qualname) ?? false;
}

/**
 * Bandit's `has_shell`: the `shell=` keyword is truthy. Numbers by value, list/dict literals by emptiness,
 * other constants by Python truthiness (`False`, `None`, `''` are falsy), any non-literal expression
 * (a variable, a call, an f-string, a tuple) counts as truthy.
 */
export function hasShell(call: CallContext): boolean {
  if (!call.mayHaveKeyword('shell')) return false;
  const v = call.kw('shell');
  if (!v) return false;
  const n = unparen(v);
  switch (n.type) {
    case 'true':
      return true;
    case 'false':
    case 'none':
      return false;
    case 'integer': {
      if (/[jJ]$/.test(n.text)) return Number(n.text.slice(0, -1).replace(/_/g, '')) !== 0;
      const i = parseIntLiteral(n.text);
      return i === undefined ? true : i !== 0n;
    }
    case 'float':
      return Number(n.text.replace(/[jJ]$/, '').replace(/_/g, '')) !== 0;
    case 'string':
    case 'concatenated_string': {
      const c = constantString(n);
      return c ? c.value.length > 0 : true; // f-strings are JoinedStr: non-literal, truthy
    }
    case 'list':
      return n.namedChildren.some((c) => c.type !== 'comment');
    case 'dictionary':
      return n.namedChildren.some((c) => c.type !== 'comment');
    default:
      return true;
  }
}

/** Positional arguments as CPython's `Call.args` sees them (including `*args`). */
export function positionalArgs(call: CallContext): Node[] {
  const al = call.argumentList;
  if (!al) return [];
  if (al.type === 'generator_expression') return [al];
  return al.namedChildren.filter((c) => c.type !== 'comment' && c.type !== 'keyword_argument' && c.type !== 'dictionary_splat');
}

/** True when the node is a `str` constant (a plain or implicitly concatenated literal, not bytes, not an f-string). */
export function isStrConstant(node: Node | undefined): boolean {
  if (!node) return false;
  const c = constantString(unparen(node));
  return !!c && !c.bytes;
}

/** Characters that make a shell command more than a plain word list (the fix is not offered for these). */
const SHELL_META = /[|&;<>()$`\\"'*?[\]#~=%\n\r]/;

/**
 * A list-literal rewrite of a plain command string (`"ls -l"` -> `["ls", "-l"]`), keeping the literal's quote
 * character. Undefined for anything but a single non-f, non-bytes string without shell metacharacters.
 */
export function commandAsList(node: Node): string | undefined {
  const n = unparen(node);
  if (n.type !== 'string' || n.hasError) return undefined;
  const prefix = stringPrefix(n);
  if (prefix.includes('f') || prefix.includes('b')) return undefined;
  const c = constantString(n);
  if (!c || c.bytes || SHELL_META.test(c.value)) return undefined;
  const words = c.value.split(/[ \t\f\v]+/).filter((w) => w.length > 0);
  if (words.length === 0) return undefined;
  const start = n.firstChild?.text ?? '"';
  const quote = start.replace(/^[a-zA-Z]*/, '').charAt(0) === "'" ? "'" : '"';
  return `[${words.map((w) => `${quote}${w}${quote}`).join(', ')}]`;
}

/**
 * Removes a keyword argument; when it sits alone on its line (a multi-line call), the whole line goes, so no
 * blank line is left behind.
 */
export function removeKeywordEdit(source: string, kwNode: Node): TextEdit {
  const lineStart = source.lastIndexOf('\n', kwNode.startIndex - 1) + 1;
  const before = source.slice(lineStart, kwNode.startIndex);
  if (/^[ \t]*$/.test(before)) {
    let end = kwNode.endIndex;
    const next = kwNode.nextSibling;
    if (next && next.type === ',') end = next.endIndex;
    const nl = source.indexOf('\n', end);
    const rest = source.slice(end, nl < 0 ? source.length : nl);
    let prev = kwNode.previousSibling;
    while (prev && prev.type === 'comment') prev = prev.previousSibling;
    if (nl >= 0 && /^[ \t]*\r?$/.test(rest) && prev?.type === ',') {
      return { start: lineStart, end: nl + 1, text: '' };
    }
  }
  return removeArgumentEdit(kwNode);
}

/**
 * The B602/B604 fix: command string literal -> list literal, and `shell=True` removed. Only for a literal
 * `shell=True` and a first positional argument that is a plain command string, in a call without syntax errors.
 */
export function shellToListFix(ctx: RuleContext, call: CallContext): { title: string; safety: 'unsafe'; edits: TextEdit[] }[] {
  if (call.node.hasError) return [];
  const shellValue = call.kw('shell');
  const kwNode = call.keywords.get('shell')?.node;
  if (!shellValue || !kwNode || unparen(shellValue).type !== 'true') return [];
  const args = positionalArgs(call);
  const first = args[0];
  if (!first) return [];
  const list = commandAsList(first);
  if (!list) return [];
  return [
    {
      title: 'Pass the command as a list and drop shell=True',
      safety: 'unsafe',
      edits: [ctx.replace(unparen(first), list), removeKeywordEdit(ctx.file.source, kwNode)],
    },
  ];
}
