CREATE TABLE "base_import" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registry" text NOT NULL,
	"mode" text NOT NULL,
	"format" text NOT NULL,
	"file_name" text NOT NULL,
	"file_bytes" integer NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"rows_valid" integer DEFAULT 0 NOT NULL,
	"rows_invalid" integer DEFAULT 0 NOT NULL,
	"rows_created" integer DEFAULT 0 NOT NULL,
	"rows_updated" integer DEFAULT 0 NOT NULL,
	"rows_unchanged" integer DEFAULT 0 NOT NULL,
	"rows_done" integer DEFAULT 0 NOT NULL,
	"failure" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "base_import_status" CHECK ("base_import"."status" in ('queued', 'validating', 'invalid', 'importing', 'done', 'failed')),
	CONSTRAINT "base_import_mode" CHECK ("base_import"."mode" in ('all', 'validOnly'))
);
--> statement-breakpoint
CREATE TABLE "base_import_error" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"import_id" uuid NOT NULL,
	"row_no" integer NOT NULL,
	"column" text NOT NULL,
	"field" text NOT NULL,
	"message" text NOT NULL,
	"message_zh" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "base_import_key" (
	"import_id" uuid NOT NULL,
	"key_hash" text NOT NULL,
	"row_no" integer NOT NULL,
	CONSTRAINT "base_import_key_import_id_key_hash_pk" PRIMARY KEY("import_id","key_hash")
);
--> statement-breakpoint
ALTER TABLE "base_import" ADD CONSTRAINT "base_import_uploaded_by_app_user_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "base_import_error" ADD CONSTRAINT "base_import_error_import_id_base_import_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."base_import"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "base_import_key" ADD CONSTRAINT "base_import_key_import_id_base_import_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."base_import"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "base_import_uploader_idx" ON "base_import" USING btree ("uploaded_by","created_at");--> statement-breakpoint
CREATE INDEX "base_import_error_row_idx" ON "base_import_error" USING btree ("import_id","row_no","id");