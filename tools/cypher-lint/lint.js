// Reads [{name, text, params}] (JSON on stdin) and the model's labels and types, lints each
// statement with Neo4j's linter, prints every diagnostic, and exits 1 if there is any.
const { lintCypherQuery } = require('@neo4j-cypher/language-support');

let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const { statements, labels, relationshipTypes } = JSON.parse(input);
  let problems = 0;
  for (const { name, text, params } of statements) {
    const parameters = Object.fromEntries(params.map((p) => [p, null]));
    const { diagnostics } = lintCypherQuery(text, { labels, relationshipTypes, parameters });
    for (const d of diagnostics) {
      problems += 1;
      console.log(`${name}: line ${d.range.start.line + 1}, col ${d.range.start.character + 1}: ${d.message}`);
    }
  }
  console.log(`${statements.length} statements linted, ${problems} diagnostics`);
  process.exit(problems ? 1 : 0);
});
