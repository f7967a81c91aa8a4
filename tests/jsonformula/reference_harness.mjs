// Evaluates json-formula expressions with the reference implementation (@adobe/json-formula), for the
// differential tests. Reads {"groups": [{"data", "globals", "functions": {name: text}, "expressions": [..]}]}
// on stdin; writes {"results": [[{"value": ...} | {"error": name}, ...], ...]} on stdout.
// Named expressions (the rubrics' _name functions) get the semantics provenance.rubrics gives them:
// called with arguments, the first is @ and all are $args; called without, @ and the globals are the
// caller's.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const moduleDir = process.argv[2];
const require = createRequire(pathToFileURL(moduleDir + '/').href);
const entry = require.resolve('@adobe/json-formula');
const { default: JsonFormula, dataTypes } = await import(pathToFileURL(entry).href);

const input = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const group of input.groups) {
  let currentGlobals = group.globals || {};
  let depth = 0;
  const customFunctions = {};
  let engine = null;
  for (const [name, text] of Object.entries(group.functions || {})) {
    customFunctions[name] = {
      _func: (args, data) => {
        if (depth >= 64) throw new Error('nested too deeply');
        const saved = currentGlobals;
        const globals = args.length ? { ...saved, $args: args } : saved;
        currentGlobals = globals;
        depth += 1;
        try {
          return engine.search(text, args.length ? args[0] : data, globals);
        } finally {
          depth -= 1;
          currentGlobals = saved;
        }
      },
      _signature: [{ types: [dataTypes.TYPE_ANY], optional: true, variadic: true }],
    };
  }
  engine = new JsonFormula(customFunctions);
  const out = [];
  for (const expression of group.expressions) {
    currentGlobals = group.globals || {};
    try {
      // A fresh copy each time: the reference implementation pads arrays in place when it balances them.
      const data = JSON.parse(JSON.stringify(group.data));
      const value = engine.search(expression, data, currentGlobals);
      out.push({ value: value === undefined ? null : value });
    } catch (error) {
      out.push({ error: error.name || 'Error', message: String(error.message) });
    }
  }
  results.push(out);
}
process.stdout.write(JSON.stringify({ results }));
