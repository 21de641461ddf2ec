// A node:test reporter that adds up, per test file, the time of its top-level tests and
// suites, and writes one JSON object { "<file>": ms, … } when the run ends. The test
// runner (scripts/run-tests.mjs) reads it to print the ten slowest files.
export default async function* fileTimes(source) {
  const ms = {};
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0 && event.data.file) {
      ms[event.data.file] = (ms[event.data.file] ?? 0) + (event.data.details?.duration_ms ?? 0);
    }
  }
  yield JSON.stringify(ms);
}
