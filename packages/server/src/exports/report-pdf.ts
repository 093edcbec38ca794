import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AppError } from '@dixian/core';
import type { Report } from '@dixian/core/api';
import PDFDocument from 'pdfkit';
import { reportHeading, reportSections, type ReportSection } from './report-sections.js';

/**
 * The report as a printable PDF (issue 17 §5), written with pdfkit in the system's Noto Sans CJK font so Chinese
 * is real text (searchable, copyable), never boxes. The font is `DIXIAN_PDF_FONT`, else what fontconfig answers
 * for Noto Sans CJK SC, else Debian's path of fonts-noto-cjk; without one the export is refused in words.
 */
const KNOWN_FONTS = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
];
/** the Simplified Chinese face inside the collection */
const TTC_FACE = 'NotoSansCJKsc-Regular';

export interface PdfFont {
  path: string;
  /** the face to take from a .ttc collection */
  family?: string;
}

function fcMatch(): string | null {
  try {
    const out = execFileSync('fc-match', ['-f', '%{file}', 'Noto Sans CJK SC'], { timeout: 3000 }).toString().trim();
    return /noto.*cjk/i.test(out) && existsSync(out) ? out : null;
  } catch {
    return null;
  }
}

let found: PdfFont | null | undefined;
export function pdfFont(): PdfFont | null {
  const env = process.env.DIXIAN_PDF_FONT;
  if (env) return existsSync(env) ? fontAt(env) : null;
  if (found === undefined) {
    const path = fcMatch() ?? KNOWN_FONTS.find((p) => existsSync(p)) ?? null;
    found = path ? fontAt(path) : null;
  }
  return found;
}
const fontAt = (path: string): PdfFont => (/\.ttc$/i.test(path) ? { path, family: TTC_FACE } : { path });

export function noCjkFont(): AppError {
  return new AppError('precondition_failed', {
    zh: '服务器未安装中文字体（Noto Sans CJK），无法生成 PDF；请安装 fonts-noto-cjk 或设置 DIXIAN_PDF_FONT',
    en: 'no Chinese font (Noto Sans CJK) on the server, so no PDF; install fonts-noto-cjk or set DIXIAN_PDF_FONT',
  });
}

const MARGIN = 48;

export async function reportPdf(r: Report, exportedBy: string, font: PdfFont | null = pdfFont()): Promise<Buffer> {
  if (!font) throw noCjkFont();
  const heading = reportHeading(r);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: heading.title, Creator: 'dixian' },
  });
  doc.registerFont('cjk', font.path, font.family);
  doc.font('cjk');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.fontSize(18).text(heading.title, { align: 'center' });
  doc.moveDown(0.5).fontSize(10);
  for (const line of heading.lines) doc.text(line, { align: 'center' });
  doc.text(`导出人：${exportedBy}`, { align: 'center' });
  reportSections(r).forEach((s, i) => table(doc, `${toChineseNumeral(i + 1)}、${s.title}`, s));
  footers(doc, heading.title);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** 第 n 页 共 m 页 under every page, with the report's title, for a printed bundle. */
function footers(doc: PDFKit.PDFDocument, title: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - MARGIN + 16;
    // writing below the bottom margin would start a new page: lift the margin while the footer is written
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(8).fillColor('#555555');
    doc.text(`${title}  第 ${i + 1} 页 共 ${count} 页`, MARGIN, y, {
      width: doc.page.width - 2 * MARGIN,
      align: 'center',
    });
    doc.page.margins.bottom = bottom;
    doc.fillColor('black');
  }
}

function toChineseNumeral(n: number): string {
  const d = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  return n < 10 ? d[n]! : n === 10 ? '十' : `十${d[n - 10]}`;
}

/** One section as a ruled table; a row that would cross the bottom margin starts a new page. */
function table(doc: PDFKit.PDFDocument, title: string, s: ReportSection): void {
  const width = doc.page.width - 2 * MARGIN;
  const first = s.headers.length > 2 ? 0.3 : 0.6;
  const widths = s.headers.map((_, i) => (i === 0 ? width * first : (width * (1 - first)) / (s.headers.length - 1)));
  const bottom = () => doc.page.height - MARGIN;
  if (doc.y + 60 > bottom()) doc.addPage();
  doc.moveDown(1).fontSize(13).text(title, MARGIN, doc.y);
  doc.moveDown(0.3).fontSize(9);
  const rows = s.rows.length ? s.rows : [['（本期无数据）', ...s.headers.slice(1).map(() => '')]];
  [s.headers, ...rows].forEach((row, ri) => {
    const cells = row.map(String);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 6 }))) + 6;
    if (doc.y + h > bottom()) doc.addPage();
    const y = doc.y;
    let x = MARGIN;
    if (ri === 0) doc.rect(MARGIN, y, width, h).fillColor('#eeeeee').fill().fillColor('black');
    cells.forEach((c, i) => {
      doc.rect(x, y, widths[i]!, h).strokeColor('#888888').lineWidth(0.5).stroke();
      doc.text(c, x + 3, y + 3, { width: widths[i]! - 6, align: i === 0 ? 'left' : 'right' });
      x += widths[i]!;
    });
    doc.x = MARGIN;
    doc.y = y + h;
  });
}
