DROP INDEX "person_current_address_hash_idx";--> statement-breakpoint
DROP INDEX "person_dwelling_idx";--> statement-breakpoint
CREATE INDEX "person_current_address_hash_idx" ON "person" USING btree ("current_address_hash") WHERE "person"."current_address_hash" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "person_dwelling_idx" ON "person" USING btree ("dwelling_id") WHERE "person"."dwelling_id" IS NOT NULL;