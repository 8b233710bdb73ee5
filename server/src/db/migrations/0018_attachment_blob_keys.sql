CREATE INDEX "attachment_original_key_idx" ON "attachment" USING btree ("original_key");--> statement-breakpoint
CREATE INDEX "attachment_public_key_idx" ON "attachment" USING btree ("public_key");--> statement-breakpoint
CREATE INDEX "attachment_thumbnail_key_idx" ON "attachment" USING btree ("thumbnail_key");