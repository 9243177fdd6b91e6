// Runs the page's classification assistant: node classify_parity.js DATA CASES > outcomes.json
// Each case: {rules, answers: {question: [answers]}, to: [codes], lang}; each result: the outcome (or null).
const fs = require('fs');
const path = require('path');
const classify = require(path.join(__dirname, '..', 'templates', 'assets', 'classify.js'));
const data = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const cases = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
process.stdout.write(JSON.stringify(cases.map((c) => {
  const set = data.sets.filter((s) => s.name === c.rules)[0];
  const walk = classify.walk(set, c.answers);
  return { walk: { asked: walk.asked, next: walk.next, skipped: walk.skipped }, outcome: classify.outcome(data, c.rules, c.answers, c.to, c.lang) };
})));
