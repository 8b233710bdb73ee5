CREATE TABLE "grid" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"community_code" text NOT NULL,
	"parent_code" text,
	"place_name" text,
	"place_kind" text,
	"boundary" jsonb NOT NULL,
	"min_lng" double precision NOT NULL,
	"min_lat" double precision NOT NULL,
	"max_lng" double precision NOT NULL,
	"max_lat" double precision NOT NULL,
	"area_m2" double precision NOT NULL,
	"label_lng" double precision NOT NULL,
	"label_lat" double precision NOT NULL,
	"households" integer DEFAULT 0 NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone,
	"predecessor_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"change_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grid_change" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"community_code" text NOT NULL,
	"reason" text NOT NULL,
	"items" jsonb NOT NULL,
	"validation" jsonb,
	"proposed_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grid_code" (
	"code" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"community_code" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "grid_member" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grid_code" text NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grid_sequence" (
	"scope" text PRIMARY KEY NOT NULL,
	"last_seq" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "grid" ADD CONSTRAINT "grid_community_code_division_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_change" ADD CONSTRAINT "grid_change_community_code_division_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_change" ADD CONSTRAINT "grid_change_proposed_by_app_user_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_change" ADD CONSTRAINT "grid_change_decided_by_app_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_code" ADD CONSTRAINT "grid_code_community_code_division_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_member" ADD CONSTRAINT "grid_member_grid_code_grid_code_code_fk" FOREIGN KEY ("grid_code") REFERENCES "public"."grid_code"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_member" ADD CONSTRAINT "grid_member_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "grid_current_code_idx" ON "grid" USING btree ("code") WHERE "grid"."valid_to" is null;--> statement-breakpoint
CREATE INDEX "grid_code_from_idx" ON "grid" USING btree ("code","valid_from");--> statement-breakpoint
CREATE INDEX "grid_community_idx" ON "grid" USING btree ("community_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "grid_parent_idx" ON "grid" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "grid_change_community_idx" ON "grid_change" USING btree ("community_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "grid_change_status_idx" ON "grid_change" USING btree ("status");--> statement-breakpoint
CREATE INDEX "grid_member_grid_idx" ON "grid_member" USING btree ("grid_code");--> statement-breakpoint
CREATE INDEX "grid_member_user_idx" ON "grid_member" USING btree ("user_id");