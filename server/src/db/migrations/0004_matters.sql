CREATE TABLE "matter" (
	"list_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"legal_basis" text DEFAULT '' NOT NULL,
	"department_id" uuid NOT NULL,
	"power_kind" text NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"public" boolean DEFAULT false NOT NULL,
	CONSTRAINT "matter_list_id_code_pk" PRIMARY KEY("list_id","code"),
	CONSTRAINT "matter_power_kind" CHECK (power_kind in ('publicService', 'administrativeInspection', 'administrativeConfirmation', 'administrativePayment', 'administrativeReward', 'other'))
);
--> statement-breakpoint
CREATE TABLE "matter_list" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_code" text NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	CONSTRAINT "matter_list_city_version" UNIQUE("city_code","version"),
	CONSTRAINT "matter_list_status" CHECK ("matter_list"."status" in ('draft', 'published', 'superseded')),
	CONSTRAINT "matter_list_published_at" CHECK (("matter_list"."status" = 'draft') = ("matter_list"."published_at" is null))
);
--> statement-breakpoint
ALTER TABLE "matter" ADD CONSTRAINT "matter_list_id_matter_list_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."matter_list"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matter" ADD CONSTRAINT "matter_department_id_department_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matter_list" ADD CONSTRAINT "matter_list_city_code_division_code_fk" FOREIGN KEY ("city_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matter_list" ADD CONSTRAINT "matter_list_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matter_list" ADD CONSTRAINT "matter_list_published_by_app_user_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "matter_department" ON "matter" USING btree ("department_id");--> statement-breakpoint
CREATE UNIQUE INDEX "matter_list_one_draft" ON "matter_list" USING btree ("city_code") WHERE "matter_list"."status" = 'draft';--> statement-breakpoint
CREATE UNIQUE INDEX "matter_list_one_published" ON "matter_list" USING btree ("city_code") WHERE "matter_list"."status" = 'published';