// Times docxtemplater filling the documents that kehoach fills, from the
// folder `go test ./docs/bench -run Export -export DIR` writes: the
// template docxtemplater-template.docx (made from templates/van-ban.docx)
// and, for each document NAME, its data NAME.json and kehoach's NAME.docx.
//
//   DXT_MODULES=/tmp/dxt/node_modules node docs/bench/docxtemplater.mjs DIR [renders] [warm-up]
//
// Each render is what docxtemplater's documentation shows: open the
// template (PizZip), compile it (new Docxtemplater), render the data, and
// write the package with DEFLATE, as kehoach does. The data is parsed
// once, outside the timing (kehoach's benchmark starts from the composed
// document too). Before timing, the text and paragraph styles of
// docxtemplater's output are compared with kehoach's DOCX.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const modules = process.env.DXT_MODULES;
if (!modules) {
  console.error('set DXT_MODULES to the node_modules folder holding docxtemplater and pizzip (npm install docxtemplater pizzip, outside the repository)');
  process.exit(2);
}
const require = createRequire(resolve(modules) + '/');
const PizZip = require('pizzip');
const Docxtemplater = require('docxtemplater');

const [dir, renders = '200', warm = '50'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node docs/bench/docxtemplater.mjs DIR [renders] [warm-up]');
  process.exit(2);
}
const N = Number(renders), W = Number(warm);
const template = readFileSync(join(dir, 'docxtemplater-template.docx'));
const options = { paragraphLoop: true, linebreaks: true, delimiters: { start: '{{', end: '}}' } };

function render(data, t) {
  const t0 = process.hrtime.bigint();
  const doc = new Docxtemplater(new PizZip(template), options);
  const t1 = process.hrtime.bigint();
  doc.render(data);
  const t2 = process.hrtime.bigint();
  const out = doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' });
  const t3 = process.hrtime.bigint();
  if (t) {
    t.compile.push(Number(t1 - t0) / 1e6);
    t.render.push(Number(t2 - t1) / 1e6);
    t.zip.push(Number(t3 - t2) / 1e6);
    t.total.push(Number(t3 - t0) / 1e6);
  }
  return out;
}

// paragraphs of a document.xml: style, keep-with-next, text.
function paragraphs(xml) {
  const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return (xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) || []).map((p) => {
    const style = (p.match(/<w:pStyle w:val="([^"]*)"/) || [])[1] || '';
    const text = p.replace(/<w:br\/>/g, '<w:t>\n</w:t>').replace(/<w:tab\/>/g, '<w:t>\t</w:t>').replace(/<w:noBreakHyphen\/>/g, '<w:t>-</w:t>')
      .match(/<w:t(?: [^>]*)?>[^<]*<\/w:t>/g)?.map((t) => unescape(t.replace(/<[^>]*>/g, ''))).join('') ?? '';
    return `${style}${p.includes('<w:keepNext/>') ? '+keep' : ''}: ${text}`;
  });
}

const docXML = (buf) => new PizZip(buf).file('word/document.xml').asText();
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };
const f2 = (x) => x.toFixed(2);

const names = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
let mismatch = 0;
const docs = names.map((name) => {
  const data = JSON.parse(readFileSync(join(dir, name + '.json'), 'utf8'));
  const out = render(data);
  writeFileSync(join(dir, name + '.docxtemplater.docx'), out);
  const ours = paragraphs(docXML(readFileSync(join(dir, name + '.docx'))));
  const theirs = paragraphs(docXML(out));
  const diff = [];
  for (let i = 0; i < Math.max(ours.length, theirs.length); i++) {
    if (ours[i] !== theirs[i]) diff.push(`  ${i}: kehoach    ${JSON.stringify(ours[i])}\n  ${i}: docxtemplater ${JSON.stringify(theirs[i])}`);
  }
  if (diff.length) {
    mismatch++;
    console.error(`${name}: ${diff.length} of ${ours.length} paragraphs differ:\n${diff.slice(0, 5).join('\n')}`);
  }
  return { name, data, paras: ours.length, kb: readFileSync(join(dir, name + '.docx')).length, dkb: out.length };
});

console.log(`docxtemplater ${require('docxtemplater/package.json').version}, pizzip ${require('pizzip/package.json').version}, node ${process.version}; ${W} warm-up and ${N} timed rounds, each rendering every document once`);
console.log('document                  paragraphs  kehoach B  docxtemplater B  median ms  p10-p90 ms   docs/s  (open+compile / render / zip, median ms)');
// Warm-up rounds, then timed rounds, each rendering every document once,
// so that a busy moment spreads over all documents.
for (let i = 0; i < W; i++) for (const d of docs) render(d.data);
for (const d of docs) d.t = { compile: [], render: [], zip: [], total: [] };
for (let i = 0; i < N; i++) for (const d of docs) render(d.data, d.t);
const all = [];
for (const d of docs) {
  const t = d.t;
  all.push(...t.total);
  console.log(`${d.name.padEnd(26)}${String(d.paras).padStart(10)}${String(d.kb).padStart(11)}${String(d.dkb).padStart(17)}${f2(median(t.total)).padStart(11)}  ${(f2(pct(t.total, 0.1)) + '-' + f2(pct(t.total, 0.9))).padStart(11)}${(1000 / median(t.total)).toFixed(0).padStart(9)}  (${f2(median(t.compile))} / ${f2(median(t.render))} / ${f2(median(t.zip))})`);
}
console.log(`all documents: median ${f2(median(all))} ms/doc, ${(1000 / median(all)).toFixed(0)} docs/s`);
if (mismatch) {
  console.error(`${mismatch} document(s) differ from kehoach's in text or paragraph styles`);
  process.exit(1);
}
