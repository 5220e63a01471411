// Writing a report file: the page for a collected run, or one line (exit 2) when the
// path cannot be written.
import { writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { renderReportHtml } from './html.js';
import type { ReportData } from './model.js';

export function writeReport(path: string, data: ReportData, option = '--report'): void {
  try {
    writeFileSync(path, renderReportHtml(data));
  } catch (error) {
    throw new UsageError(`${option} ${path}: cannot write the report (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
