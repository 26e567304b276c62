import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { ReportStatus, RiskLevel } from '../domain/enums';
import { reportNumber, statusZh } from '../domain/report';
import type * as E from '../db/entities';
import { zhOf } from '../domain/labels';
import { PROJECT_ROOT } from '../paths';

/*
 * Reports are printed by headless Chromium: its CJK line breaking is a browser's, the text stays
 * real text (pdftotext reads it back), and the layout is an HTML page anyone can maintain. One
 * browser is started on first use and shared. Which Chromium: LAWCHECK_CHROMIUM when set; else
 * the system's (Debian's package at /usr/bin/chromium); else the one `npm install` brought
 * (@sparticuz/chromium, unpacked to the temporary directory on first use, ~4 s). The Chinese
 * glyphs come from @fontsource/noto-sans-sc, also from npm, so no system fonts are needed.
 */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** The flags this closed network needs (STACK.md). */
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/**
 * Flags of @sparticuz/chromium's list (made for AWS Lambda) left out here: a server printing its
 * own pages has no use for a weaker web security, and in one process the browser dies with the
 * first browser context closed (every PDF and every test page has its own).
 */
const UNWANTED_ARGS = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--single-process',
]);

export interface ChromiumBinary {
  executablePath: string;
  source: 'LAWCHECK_CHROMIUM' | 'system' | 'npm';
  args: string[];
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium to run: named, the system's, or npm's (see above). */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumBinary> {
  const named = env.LAWCHECK_CHROMIUM;
  if (named) {
    if (!isExecutableFile(named))
      throw new Error(`LAWCHECK_CHROMIUM names ${named}, which is not an executable file`);
    return { executablePath: named, source: 'LAWCHECK_CHROMIUM', args: BASE_ARGS };
  }
  if (isExecutableFile(SYSTEM_CHROMIUM))
    return { executablePath: SYSTEM_CHROMIUM, source: 'system', args: BASE_ARGS };
  const { default: npmChromium } = await import('@sparticuz/chromium');
  const executablePath = await npmChromium.executablePath();
  const args = [...new Set([...BASE_ARGS, ...npmChromium.args.filter((a) => !UNWANTED_ARGS.has(a))])];
  return { executablePath, source: 'npm', args };
}

/** Starts a headless Chromium (the PDF renderer's and the browser tests'), saying which one. */
export async function launchChromium(): Promise<Browser & { binary: ChromiumBinary }> {
  const binary = await findChromium();
  try {
    // Loaded on first use: playwright-core is large, and most processes never print.
    const { chromium } = await import('playwright-core');
    const b = await chromium.launch({ executablePath: binary.executablePath, args: binary.args });
    return Object.assign(b, { binary });
  } catch (err) {
    throw new Error(
      `Chromium could not be started from ${binary.executablePath} (${binary.source}; set LAWCHECK_CHROMIUM to another binary): ${String(err)}`,
    );
  }
}

function getBrowser(): Promise<Browser> {
  browser ??= launchChromium().catch((err: unknown) => {
    browser = null;
    throw err;
  });
  return browser;
}
let browser: Promise<Browser> | null = null;

/*
 * Noto Sans SC from npm, regular and bold, in the unicode-range subsets fontsource cuts it into:
 * the page names them under a made-up origin that the browser context answers from
 * node_modules, so Chromium fetches only the subsets the report's characters need.
 */
const FONT_ORIGIN = 'https://fonts.lawcheck.invalid';
// createRequire: resolves the same from the CommonJS build and under vitest's ESM.
const FONT_DIR = path.dirname(
  createRequire(path.join(PROJECT_ROOT, 'package.json')).resolve('@fontsource/noto-sans-sc/400.css'),
);
let fontCss: string | null = null;

export function reportFontCss(): string {
  fontCss ??= ['400.css', '700.css']
    .map((f) => fs.readFileSync(path.join(FONT_DIR, f), 'utf8'))
    .join('\n')
    .replace(/url\(\.\/files\/([^)]+)\)/g, `url(${FONT_ORIGIN}/$1)`);
  return fontCss;
}

async function serveFonts(context: BrowserContext): Promise<void> {
  await context.route(`${FONT_ORIGIN}/**`, async (route) => {
    const name = path.basename(new URL(route.request().url()).pathname);
    const file = path.join(FONT_DIR, 'files', name);
    if (!/^noto-sans-sc-[\w-]+\.woff2?$/.test(name) || !fs.existsSync(file)) return route.abort();
    await route.fulfill({
      body: fs.readFileSync(file),
      contentType: name.endsWith('.woff2') ? 'font/woff2' : 'font/woff',
      headers: { 'access-control-allow-origin': '*' },
    });
  });
}

export async function closePdfRenderer(): Promise<void> {
  const b = browser;
  browser = null;
  if (b) await (await b).close().catch(() => undefined);
}

const CATEGORY_ZH = zhOf('FindingCategory');
export const RISK_ZH = zhOf('RiskLevel');
const riskZh = (level: RiskLevel) => RISK_ZH[level];

const esc = (v: string | number | null | undefined) =>
  String(v ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
const para = (v: string | null | undefined) => esc(v ?? '—').replace(/\n/g, '<br>');

export interface ReportForPrint {
  report: E.CheckupReport;
  enterprise: E.Enterprise;
  lawyer: E.User;
  findings: (E.ReportFinding & { hint?: string | null })[];
  hash: string;
}

/** A draft watermark is printed until the report is accepted. */
export const isDraft = (status: ReportStatus) =>
  status === ReportStatus.DRAFT || status === ReportStatus.SUBMITTED || status === ReportStatus.RETURNED;

export function reportHtml({ report, enterprise, lawyer, findings }: ReportForPrint): string {
  const rows = findings
    .map(
      (f, i) => `<tr>
        <td>${i + 1}</td><td>${esc(CATEGORY_ZH[f.category])}</td>
        <td class="risk risk-${f.riskLevel}">${esc(RISK_ZH[f.riskLevel])}</td>
        <td>${para(f.description)}${f.hint ? `<div class="hint">${esc(f.hint)}</div>` : ''}</td>
        <td>${para(f.legalBasis)}</td><td>${para(f.recommendation)}</td>
        <td>${esc(f.deadline ?? '—')}${f.rectified ? `<br>已整改${f.rectifiedAt ? `（${esc(f.rectifiedAt)}）` : ''}` : ''}</td>
      </tr>`,
    )
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
  @page { size: A4; margin: 18mm 16mm 20mm 16mm; }
  ${reportFontCss()}
  body { font-family: "Noto Sans SC", "Noto Sans CJK SC", sans-serif; font-size: 10.5pt; line-height: 1.6; color: #111; }
  h1 { text-align: center; font-size: 20pt; letter-spacing: 4pt; margin: 0 0 4mm; }
  .sub { text-align: center; color: #444; margin-bottom: 6mm; }
  table { border-collapse: collapse; width: 100%; }
  .meta td { padding: 1.5mm 2mm; border: 0.3mm solid #888; } .meta td.k { width: 24mm; background: #f2f2f2; white-space: nowrap; }
  .findings th, .findings td { border: 0.3mm solid #888; padding: 1.5mm; vertical-align: top; font-size: 9pt; }
  .findings th { background: #e8edf3; white-space: nowrap; } .findings { table-layout: fixed; } .findings tr { page-break-inside: avoid; }
  .risk-MAJOR { color: #b00020; font-weight: bold; } .risk-SIGNIFICANT { color: #c05800; font-weight: bold; }
  .hint { margin-top: 1mm; padding: 1mm; background: #eef7ee; border-left: 1mm solid #3a8a3a; font-size: 8.5pt; }
  h2 { font-size: 13pt; border-bottom: 0.5mm solid #1f3a5f; margin: 7mm 0 3mm; }
  .sign { margin-top: 12mm; display: flex; justify-content: space-between; } .sign div { width: 45%; }
  .watermark { position: fixed; top: 38%; left: 0; width: 100%; text-align: center; transform: rotate(-30deg);
    font-size: 72pt; color: rgba(200, 0, 0, 0.12); z-index: 1000; pointer-events: none; }
  </style></head><body>
  ${isDraft(report.status) ? `<div class="watermark">草稿 DRAFT</div>` : ''}
  <h1>法治体检报告</h1>
  <div class="sub">报告编号：${esc(reportNumber(report))}&emsp;状态：${esc(statusZh(report.status))}</div>
  <table class="meta">
    <tr><td class="k">受检企业</td><td>${esc(enterprise.name)}</td><td class="k">统一社会信用代码</td><td>${esc(enterprise.creditCode)}</td></tr>
    <tr><td class="k">法定代表人</td><td>${esc(enterprise.legalRepresentative ?? '—')}</td><td class="k">体检日期</td><td>${esc(report.checkDate)}</td></tr>
    <tr><td class="k">承办律师</td><td>${esc(lawyer.displayName)}</td><td class="k">律师事务所</td><td>${esc(report.lawFirm ?? lawyer.lawFirm ?? '—')}</td></tr>
    <tr><td class="k">综合风险</td><td colspan="3"><span class="risk risk-${report.riskLevel}">${esc(riskZh(report.riskLevel))}</span>（风险指数 ${esc(report.riskIndex)} / 100）</td></tr>
  </table>
  <h2>一、体检范围与方法</h2><p>${para(report.scope)}</p><p>${para(report.method)}</p>
  <h2>二、体检结论</h2><p>${para(report.summary)}</p>
  <h2>三、发现的问题及整改建议</h2>
  <table class="findings"><colgroup><col style="width:5%"><col style="width:9%"><col style="width:7%"><col style="width:31%"><col style="width:18%"><col style="width:20%"><col style="width:10%"></colgroup><thead><tr><th>序号</th><th>类别</th><th>风险等级</th><th>发现的问题</th><th>法律依据</th><th>整改建议</th><th>整改期限</th></tr></thead>
  <tbody>${rows || '<tr><td colspan="7">无</td></tr>'}</tbody></table>
  <div class="sign">
    <div>承办律师（签名）：<br><br>${esc(lawyer.displayName)}<br>${esc(report.lawFirm ?? lawyer.lawFirm ?? '')}（盖章）</div>
    <div>日期：${esc(report.checkDate)}<br><br>本报告仅供受检企业依法经营参考，不作为行政执法依据。</div>
  </div>
  </body></html>`;
}

/** The page's FontFaceSet, as far as it is used here (the server is compiled without the DOM types). */
interface PageFonts {
  load(font: string, text: string): Promise<unknown>;
  ready: Promise<unknown>;
}

/** The report as a PDF: A4, page X of Y and the content hash in every footer. */
export function renderReportPdf(data: ReportForPrint): Promise<Buffer> {
  return renderPdf(reportHtml(data), `法治体检报告 · ${data.enterprise.name}`, data.hash);
}

/**
 * Any printed page of the system (reports, a case's documents) as a PDF: A4, with the document's
 * name, page X of Y and the content hash in every footer, so a paper copy can be checked.
 */
export async function renderPdf(html: string, footerTitle: string, hash: string): Promise<Buffer> {
  const context = await (await getBrowser()).newContext();
  try {
    await serveFonts(context);
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const footerText = `${footerTitle} 第 页 / 共 0123456789 内容校验码 ${hash}`;
    // The footer is drawn with the fonts the page has loaded: load its characters' subsets too.
    await page.evaluate(async (text) => {
      const { fonts } = (globalThis as unknown as { document: { fonts: PageFonts } }).document;
      await fonts.load('8px "Noto Sans SC"', text);
      await fonts.ready;
    }, footerText);
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<div></div>',
      footerTemplate: `<div style="width:100%;font-size:8px;font-family:'Noto Sans SC','Noto Sans CJK SC',sans-serif;color:#555;padding:0 16mm;display:flex;justify-content:space-between">
        <span>${esc(footerTitle)}</span>
        <span>第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</span>
        <span>内容校验码 ${esc(hash)}</span></div>`,
      margin: { top: '18mm', bottom: '20mm', left: '16mm', right: '16mm' },
    });
  } finally {
    await context.close();
  }
}

export interface DocumentForPrint {
  title: string;
  /** The filled template, a paragraph a line. */
  paragraphs: string[];
  /** Printed under the title: which template version, and the watermark's reason if any. */
  note: string;
}

/**
 * A case's document (决定书, 通知书, 承诺书) as an official paper: the first line of the template
 * is the agency's heading, the line equal to the title is the title, a 〔year〕 number line is
 * centred under it; the rest are paragraphs, the closing agency and date set right.
 */
export function documentHtml({ title, paragraphs, note }: DocumentForPrint): string {
  const lines = paragraphs.map((p) => p.trim()).filter((p) => p !== '');
  const titleAt = lines.indexOf(title);
  const body = lines
    .map((t, i) => {
      if (i === titleAt) return `<h1>${esc(t)}</h1>`;
      if (i < titleAt) return `<div class="agency">${esc(t)}</div>`;
      if (titleAt >= 0 && i === titleAt + 1 && t.length < 40) return `<div class="number">${esc(t)}</div>`;
      if (i >= lines.length - 2 && t.length < 40) return `<div class="right">${esc(t)}</div>`;
      return `<p>${esc(t)}</p>`;
    })
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
  @page { size: A4; margin: 25mm 22mm 22mm 24mm; }
  ${reportFontCss()}
  body { font-family: "Noto Sans SC", "Noto Sans CJK SC", sans-serif; font-size: 12pt; line-height: 1.9; color: #111; }
  .agency { text-align: center; font-size: 18pt; font-weight: bold; letter-spacing: 2pt; color: #b00020; }
  h1 { text-align: center; font-size: 20pt; letter-spacing: 6pt; margin: 2mm 0 3mm; }
  .number { text-align: center; margin-bottom: 6mm; }
  .note { text-align: right; color: #666; font-size: 8pt; }
  p { text-indent: 2em; margin: 0 0 2mm; text-align: justify; }
  .right { text-align: right; margin-top: 6mm; }
  </style></head><body>${body}<div class="note">${esc(note)}</div></body></html>`;
}
