ALTER TABLE "case_record" ADD COLUMN "attributes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "matter" ADD COLUMN "attributes" jsonb DEFAULT '[]'::jsonb NOT NULL;