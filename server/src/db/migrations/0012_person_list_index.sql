DROP INDEX "person_division_idx";--> statement-breakpoint
CREATE INDEX "person_list_idx" ON "person" USING btree ("status","name","id","division_code");--> statement-breakpoint
CREATE INDEX "person_division_idx" ON "person" USING btree ("division_code" text_pattern_ops,"status","name","id");