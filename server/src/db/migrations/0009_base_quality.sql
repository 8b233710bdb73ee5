CREATE TABLE "base_regrid" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"change_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"division_code" text NOT NULL,
	"from_grid" text NOT NULL,
	"to_grid" text,
	"state" text NOT NULL,
	"reason" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "base_regrid_state" CHECK ("base_regrid"."state" in ('moved', 'manual'))
);
--> statement-breakpoint
ALTER TABLE "base_regrid" ADD CONSTRAINT "base_regrid_change_id_grid_change_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."grid_change"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "base_regrid_division_idx" ON "base_regrid" USING btree ("division_code" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "base_regrid_entity_idx" ON "base_regrid" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "base_regrid_change_idx" ON "base_regrid" USING btree ("change_id");