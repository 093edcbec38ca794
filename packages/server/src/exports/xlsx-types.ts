/** The shapes of an exported list (xlsx-writer.ts), shared with the Excel writer's thread (xlsx-thread.ts). */

export type CellValue = string | number | boolean | null | undefined;

export interface ExportColumn<T> {
  /** the Chinese header */
  header: string;
  value: (row: T) => CellValue;
  width?: number;
  /** keep as text (ID numbers, codes, household numbers) */
  text?: boolean;
}

export interface ExportSheet<T> {
  name: string;
  /** lines above the header: what the list is, its filters, when and by whom it was exported */
  preamble?: string[];
  columns: ExportColumn<T>[];
}
