CREATE TABLE "work_calendar" (
	"city_code" text PRIMARY KEY NOT NULL,
	"time_zone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	"sessions" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "work_calendar_day" (
	"city_code" text NOT NULL,
	"year" integer NOT NULL,
	"date" date NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "work_calendar_day_city_code_date_pk" PRIMARY KEY("city_code","date"),
	CONSTRAINT "work_calendar_day_kind" CHECK ("work_calendar_day"."kind" in ('holiday', 'makeupWorkday')),
	CONSTRAINT "work_calendar_day_year" CHECK (extract(year from "work_calendar_day"."date") = "work_calendar_day"."year")
);
--> statement-breakpoint
CREATE TABLE "work_calendar_year" (
	"city_code" text NOT NULL,
	"year" integer NOT NULL,
	"source" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"loaded_by" uuid,
	CONSTRAINT "work_calendar_year_city_code_year_pk" PRIMARY KEY("city_code","year"),
	CONSTRAINT "work_calendar_year_source" CHECK ("work_calendar_year"."source" in ('chineseDays', 'centre'))
);
--> statement-breakpoint
ALTER TABLE "work_calendar" ADD CONSTRAINT "work_calendar_city_code_division_code_fk" FOREIGN KEY ("city_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_calendar" ADD CONSTRAINT "work_calendar_updated_by_app_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_calendar_day" ADD CONSTRAINT "work_calendar_day_year_fk" FOREIGN KEY ("city_code","year") REFERENCES "public"."work_calendar_year"("city_code","year") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_calendar_year" ADD CONSTRAINT "work_calendar_year_city_code_work_calendar_city_code_fk" FOREIGN KEY ("city_code") REFERENCES "public"."work_calendar"("city_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_calendar_year" ADD CONSTRAINT "work_calendar_year_loaded_by_app_user_id_fk" FOREIGN KEY ("loaded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;