import type { ReviewRow } from '@proofsheet/queue';
import type { CatalogValues } from '../destination/destination.js';
import type { SiteLayout } from './site-layout.js';

const text = (value: string | null | undefined): string | null => (value === null || value === undefined || value.trim() === '' ? null : value);

/** The website row of a published queue row: public paths, web image size, the reviewed text (empty → NULL). */
export function toCatalogValues(row: ReviewRow, layout: SiteLayout, web: { width: number; height: number }): CatalogValues {
  return {
    Folder: text(row.Folder),
    File_Name: row.File_Name as string,
    Path: layout.webUrl,
    Thumb_Path: layout.thumbUrl,
    DateTime: text(row.DateTime),
    Camera: text(row.Camera),
    Lens_model: text(row.Lens_model),
    Width: web.width,
    Height: web.height,
    Exposure: text(row.Exposure),
    Aperture: text(row.Aperture),
    ISO: row.ISO,
    Focal_length: row.Focal_length,
    Keywords: text(row.Keywords),
    Caption: text(row.Caption),
    alt_text: text(row.alt_text),
    Location: text(row.Location),
    QR: row.QR,
    QC_Status: text(row.QC_Status),
    Original_File_Name: row.Original_File_Name ?? (row.File_Name as string),
    nima_score: row.nima_score,
    blur_score: row.blur_score,
    brightness_score: row.brightness_score,
    contrast_score: row.contrast_score,
    brisque_score: row.brisque_score,
    clip_aesthetic_score: row.clip_aesthetic_score,
    content_sha256: text(row.content_sha256),
  };
}
