// Runs the web page's planner over profiles: node checklist_parity.js DATA PROFILES > plans.json
const fs = require('fs');
const path = require('path');
const planner = require(path.join(__dirname, '..', 'templates', 'assets', 'checklist.js'));
const data = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const cases = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
process.stdout.write(JSON.stringify(cases.map((c) => {
  const plan = planner.plan(data, c.profile, c.lang);
  return { plan: plan, csv: planner.csv(plan) };
})));
