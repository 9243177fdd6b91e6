// Runs the web page's planner over profiles: node checklist_parity.js DATA PROFILES > plans.json
// Each result: the plan, its CSV, and (for the first cases) the page's xlsx as base64.
const fs = require('fs');
const path = require('path');
const planner = require(path.join(__dirname, '..', 'templates', 'assets', 'checklist.js'));
const xlsx = require(path.join(__dirname, '..', 'templates', 'assets', 'xlsx.js'));
const labels = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'templates', 'i18n.json'), 'utf8'));
const data = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const cases = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const info = { generated: '2026-12-04', kb_reviewed: data.reviewed || null, base_url: 'https://regnav.example.org/' };
process.stdout.write(JSON.stringify(cases.map((c, i) => {
  const plan = planner.plan(data, c.profile, c.lang);
  const out = { plan: plan, csv: planner.csv(plan, labels[c.lang], { base_url: '/' }) };
  if (i < 25) out.xlsx = Buffer.from(xlsx.workbook(planner.sheets(data, plan, info, labels[c.lang]))).toString('base64');
  return out;
})));
