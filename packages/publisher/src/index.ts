/**
 * @proofsheet/publisher — publish destinations and the publish engine (SPEC §11): approved rows
 * onto the website, journaled in `publish_jobs`, exactly once. The only importer of mysql2
 * (`mysql/mysql-client.ts`), basic-ftp (`ftp/ftp-client.ts`) and exiftool-vendored (`metadata/exif-writer.ts`).
 */
export { createMysqlClient, parseMysqlUrl, toMysqlError, type MysqlClient, type MysqlConnectionOptions, type MysqlWriteResult } from './mysql/mysql-client.js';
export { createMysqlLogStore } from './log-store/mysql-log-store.js';
export { runPublish, type RunPublishOptions, type PublishSummary, type PublishRowResult, type PublishRowStatus } from './engine/run-publish.js';
export { runPublishJob, isDifferentPhoto, type JobContext } from './engine/publish-job.js';
export type { RenderPublishImages, RenderPublishImagesRequest, RenderedImage } from './engine/ports.js';
export { toSiteLayout, toCategorySlug, toPublishYear, type SiteLayout } from './engine/site-layout.js';
export { createMetadataWriter, toWriteTags, type MetadataWriter } from './metadata/exif-writer.js';
export { toPublishText, toKeywordList, findTextOverLimits, assertTextWithinLimits, IPTC_BYTE_LIMITS, type PublishText, type TextOverLimit } from './metadata/publish-text.js';
export { toPublishChecks, readPublishChecks, type PublishCheck, type PublishCheckRow, type PublishCheckContext } from './metadata/publish-checks.js';
export { createLocalDestination, createLocalFileStore, createLocalCatalogStore } from './local/local-destination.js';
export type { PublishDestination, FileStore, CatalogStore, CatalogIdentity, CatalogValues } from './destination/destination.js';
export { createMysqlCatalogStore, toCreateCatalogTable, DEFAULT_MYSQL_CATALOG_RETRY, type MysqlCatalogStore, type MysqlCatalogRetry } from './mysql/mysql-catalog.js';
export { openFtpSession, toFtpError, toFtpCapabilities, toFtpTarget, isTransientFtpError, type FtpConnectionOptions, type FtpSession, type FtpCapabilities } from './ftp/ftp-client.js';
export { createFtpFileStore, toTemporaryName, DEFAULT_FTP_RETRY, type FtpFileStoreOptions, type FtpRetryPolicy } from './ftp/ftp-file-store.js';
export { verifyPublishedRows, toRepublishFix, type VerifyCheck, type VerifyPublishedInput } from './verify/verify-published.js';
export { createLocalVerifyTarget, createRemoteVerifyTarget, type VerifyTarget } from './verify/verify-target.js';
export { checkUrls, type UrlAnswer, type UrlCheckOptions } from './verify/url-check.js';
