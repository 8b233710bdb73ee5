CREATE TABLE "attachment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"division_code" text NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"file_name" text NOT NULL,
	"kind" text NOT NULL,
	"mime" text NOT NULL,
	"byte_size" integer NOT NULL,
	"sha256" text NOT NULL,
	"width" integer,
	"height" integer,
	"original_key" text NOT NULL,
	"public_key" text NOT NULL,
	"thumbnail_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attachment_kind" CHECK ("attachment"."kind" in ('image', 'document')),
	CONSTRAINT "attachment_image_fields" CHECK ("attachment"."kind" <> 'image' or ("attachment"."width" is not null and "attachment"."height" is not null and "attachment"."thumbnail_key" is not null)),
	CONSTRAINT "attachment_document_fields" CHECK ("attachment"."kind" = 'image' or ("attachment"."width" is null and "attachment"."height" is null and "attachment"."thumbnail_key" is null))
);
--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_division_code_division_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_uploaded_by_app_user_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachment_division_idx" ON "attachment" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "attachment_uploaded_by_idx" ON "attachment" USING btree ("uploaded_by");