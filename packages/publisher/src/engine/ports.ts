/** A file the image port wrote. */
export interface RenderedImage {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
}

/** What the image port is asked to make (SPEC §11 step 1, pixels only). */
export interface RenderPublishImagesRequest {
  readonly source: string;
  readonly webFile: string;
  readonly thumbFile: string;
  readonly quality: number;
  readonly watermark: string | null;
}

/**
 * The port for the pixel work of "prepare": web image inside 1500×1000 and thumbnail inside
 * 548×365 (shrink only), EXIF-oriented, sRGB with profile, EXIF kept, optional watermark. The
 * stages package implements it (`renderPublishImages`); the CLI wires it in.
 */
export type RenderPublishImages = (request: RenderPublishImagesRequest) => Promise<{ readonly web: RenderedImage; readonly thumb: RenderedImage }>;
