-- An agency archive brought into a new agency is a DataImport of its own kind, its rows DataImportRows.
ALTER TYPE "ImportEntity" ADD VALUE 'ARCHIVE';

-- The agency's rows per entity before and after an archive import, keyed by archive file.
ALTER TABLE "DataImport" ADD COLUMN "entityTotals" JSONB;
