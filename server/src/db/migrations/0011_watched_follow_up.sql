CREATE TABLE "watched_follow_up" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"watched_person_id" uuid NOT NULL,
	"on" date NOT NULL,
	"note_sealed" text,
	"actor_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "watched_follow_up" ADD CONSTRAINT "watched_follow_up_watched_person_id_watched_person_id_fk" FOREIGN KEY ("watched_person_id") REFERENCES "public"."watched_person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watched_follow_up" ADD CONSTRAINT "watched_follow_up_actor_id_app_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "watched_follow_up_record_idx" ON "watched_follow_up" USING btree ("watched_person_id","on");