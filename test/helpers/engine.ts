// Test helper: one engine (all registered rules) per test process.
import { Engine } from '../../server/src/engine/engine';
import { loadPython } from '../../server/src/engine/parser';
import { RULES } from '../../rules';

let engine: Promise<Engine> | undefined;
export function getEngine(): Promise<Engine> {
  engine ??= loadPython().then((p) => new Engine(p, RULES));
  return engine;
}
