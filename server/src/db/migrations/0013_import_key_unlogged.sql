ALTER TABLE "base_import_key" DROP CONSTRAINT "base_import_key_import_id_base_import_id_fk";
--> statement-breakpoint
ALTER TABLE "base_import_key" SET UNLOGGED;