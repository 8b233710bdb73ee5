CREATE TABLE "case_assignment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"role" text NOT NULL,
	"status" text NOT NULL,
	"dispatched_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone,
	"fed_back_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	CONSTRAINT "case_assignment_role" CHECK ("case_assignment"."role" in ('lead', 'assist')),
	CONSTRAINT "case_assignment_status" CHECK ("case_assignment"."status" in ('dispatched', 'claimed', 'fedBack', 'returned', 'recalled'))
);
--> statement-breakpoint
CREATE TABLE "case_pause" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"from" timestamp with time zone NOT NULL,
	"to" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "case_record" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"serial" bigserial NOT NULL,
	"city_code" text NOT NULL,
	"division_code" text NOT NULL,
	"grid_code" text,
	"lon" double precision,
	"lat" double precision,
	"address" text DEFAULT '' NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"source" text NOT NULL,
	"reporter_id" uuid,
	"reporter_contact_encrypted" text,
	"reporter_contact_masked" text,
	"matter_list_id" uuid,
	"matter_code" text,
	"urgent" boolean DEFAULT false NOT NULL,
	"status" text NOT NULL,
	"centre_code" text NOT NULL,
	"routing_rule_id" uuid,
	"lead_unit_id" uuid,
	"limits" jsonb,
	"step_started_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"due_provisional" boolean DEFAULT false NOT NULL,
	"handle_started_at" timestamp with time zone,
	"handle_due_at" timestamp with time zone,
	"overdue" boolean DEFAULT false NOT NULL,
	"supervision" text DEFAULT 'none' NOT NULL,
	"duplicate_of" uuid,
	"rework_count" integer DEFAULT 0 NOT NULL,
	"public_token" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "case_record_number_unique" UNIQUE("number"),
	CONSTRAINT "case_record_serial_unique" UNIQUE("serial"),
	CONSTRAINT "case_record_public_token_unique" UNIQUE("public_token"),
	CONSTRAINT "case_status" CHECK (status in ('reported', 'accepted', 'registered', 'dispatched', 'handling', 'suspended', 'verifying', 'closed', 'archived', 'cancelled')),
	CONSTRAINT "case_source" CHECK (source in ('gridWorker', 'hotline', 'walkIn', 'department', 'public')),
	CONSTRAINT "case_supervision" CHECK (supervision in ('none', 'normal', 'yellow', 'red'))
);
--> statement-breakpoint
CREATE TABLE "case_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"requested_by" uuid NOT NULL,
	"reason" text NOT NULL,
	"responsible_unit_id" uuid,
	"suspension_reason" text,
	"requested_due_at" timestamp with time zone,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_opinion" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_request_kind" CHECK ("case_request"."kind" in ('return', 'extension', 'suspension')),
	CONSTRAINT "case_request_status" CHECK ("case_request"."status" in ('pending', 'approved', 'rejected')),
	CONSTRAINT "case_request_return_names_unit" CHECK ("case_request"."kind" <> 'return' or "case_request"."responsible_unit_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "case_step" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"division_code" text NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" uuid,
	"unit_id" uuid,
	"opinion" text DEFAULT '' NOT NULL,
	"public_note" boolean DEFAULT false NOT NULL,
	"attachment_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"finished_at" timestamp with time zone NOT NULL,
	"overdue" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_supervision" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"division_code" text NOT NULL,
	"level" text NOT NULL,
	"centre_code" text NOT NULL,
	"actor_id" uuid,
	"opinion" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_supervision_level" CHECK ("case_supervision"."level" in ('normal', 'yellow', 'red'))
);
--> statement-breakpoint
CREATE TABLE "case_timer" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"division_code" text NOT NULL,
	"kind" text NOT NULL,
	"step_key" text NOT NULL,
	"fire_at" timestamp with time zone NOT NULL,
	"fired_at" timestamp with time zone,
	"fired_by" text,
	CONSTRAINT "case_timer_kind" CHECK ("case_timer"."kind" in ('remind', 'overdue', 'escalate'))
);
--> statement-breakpoint
CREATE TABLE "notification" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "notification_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"recipient_unit_id" uuid,
	"recipient_centre_code" text,
	"recipient_user_id" uuid,
	"kind" text NOT NULL,
	"case_id" uuid,
	"case_number" text,
	"title" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_rule" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"city_code" text NOT NULL,
	"matter_code" text NOT NULL,
	"scope_code" text NOT NULL,
	"lead_unit_id" uuid NOT NULL,
	"assist_unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"post" text DEFAULT '' NOT NULL,
	"limits" jsonb NOT NULL,
	"closing_conditions" text DEFAULT '' NOT NULL,
	"auto_dispatch" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "routing_rule_matter_scope" UNIQUE("city_code","matter_code","scope_code"),
	CONSTRAINT "routing_rule_scope_in_city" CHECK (left("routing_rule"."scope_code", 4) = left("routing_rule"."city_code", 4))
);
--> statement-breakpoint
ALTER TABLE "department" ADD COLUMN "kind" text DEFAULT 'department' NOT NULL;--> statement-breakpoint
ALTER TABLE "department" ADD COLUMN "parent_id" uuid;--> statement-breakpoint
ALTER TABLE "department" ADD COLUMN "disabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "case_assignment" ADD CONSTRAINT "case_assignment_case_id_case_record_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."case_record"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_assignment" ADD CONSTRAINT "case_assignment_unit_id_department_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_pause" ADD CONSTRAINT "case_pause_case_id_case_record_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."case_record"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_record" ADD CONSTRAINT "case_record_city_code_division_code_fk" FOREIGN KEY ("city_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_record" ADD CONSTRAINT "case_record_division_code_division_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_record" ADD CONSTRAINT "case_record_reporter_id_app_user_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_record" ADD CONSTRAINT "case_record_matter_list_id_matter_list_id_fk" FOREIGN KEY ("matter_list_id") REFERENCES "public"."matter_list"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_record" ADD CONSTRAINT "case_record_centre_code_division_code_fk" FOREIGN KEY ("centre_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_record" ADD CONSTRAINT "case_record_routing_rule_id_routing_rule_id_fk" FOREIGN KEY ("routing_rule_id") REFERENCES "public"."routing_rule"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_record" ADD CONSTRAINT "case_record_lead_unit_id_department_id_fk" FOREIGN KEY ("lead_unit_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_record" ADD CONSTRAINT "case_record_duplicate_of_case_record_id_fk" FOREIGN KEY ("duplicate_of") REFERENCES "public"."case_record"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_record" ADD CONSTRAINT "case_matter_fk" FOREIGN KEY ("matter_list_id","matter_code") REFERENCES "public"."matter"("list_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_request" ADD CONSTRAINT "case_request_case_id_case_record_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."case_record"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_request" ADD CONSTRAINT "case_request_unit_id_department_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_request" ADD CONSTRAINT "case_request_requested_by_app_user_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_request" ADD CONSTRAINT "case_request_responsible_unit_id_department_id_fk" FOREIGN KEY ("responsible_unit_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_request" ADD CONSTRAINT "case_request_decided_by_app_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_step" ADD CONSTRAINT "case_step_case_id_case_record_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."case_record"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_step" ADD CONSTRAINT "case_step_actor_id_app_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_step" ADD CONSTRAINT "case_step_unit_id_department_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_supervision" ADD CONSTRAINT "case_supervision_case_id_case_record_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."case_record"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_supervision" ADD CONSTRAINT "case_supervision_actor_id_app_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_timer" ADD CONSTRAINT "case_timer_case_id_case_record_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."case_record"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_recipient_unit_id_department_id_fk" FOREIGN KEY ("recipient_unit_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_recipient_user_id_app_user_id_fk" FOREIGN KEY ("recipient_user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_case_id_case_record_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."case_record"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rule" ADD CONSTRAINT "routing_rule_city_code_division_code_fk" FOREIGN KEY ("city_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rule" ADD CONSTRAINT "routing_rule_scope_code_division_code_fk" FOREIGN KEY ("scope_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rule" ADD CONSTRAINT "routing_rule_lead_unit_id_department_id_fk" FOREIGN KEY ("lead_unit_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rule" ADD CONSTRAINT "routing_rule_updated_by_app_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_assignment_case_idx" ON "case_assignment" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_assignment_unit_idx" ON "case_assignment" USING btree ("unit_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "case_assignment_active" ON "case_assignment" USING btree ("case_id","unit_id") WHERE "case_assignment"."status" in ('dispatched', 'claimed', 'fedBack');--> statement-breakpoint
CREATE INDEX "case_pause_case_idx" ON "case_pause" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_division_idx" ON "case_record" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "case_centre_status_idx" ON "case_record" USING btree ("centre_code","status");--> statement-breakpoint
CREATE INDEX "case_lead_unit_idx" ON "case_record" USING btree ("lead_unit_id");--> statement-breakpoint
CREATE INDEX "case_grid_idx" ON "case_record" USING btree ("grid_code");--> statement-breakpoint
CREATE INDEX "case_matter_open_idx" ON "case_record" USING btree ("matter_code","status") WHERE "case_record"."status" not in ('closed', 'archived', 'cancelled');--> statement-breakpoint
CREATE INDEX "case_duplicate_of_idx" ON "case_record" USING btree ("duplicate_of");--> statement-breakpoint
CREATE INDEX "case_created_idx" ON "case_record" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "case_request_case_idx" ON "case_request" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_request_one_pending" ON "case_request" USING btree ("case_id","kind") WHERE "case_request"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "case_step_case_idx" ON "case_step" USING btree ("case_id","finished_at");--> statement-breakpoint
CREATE INDEX "case_supervision_case_idx" ON "case_supervision" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_timer_once" ON "case_timer" USING btree ("case_id","kind","step_key");--> statement-breakpoint
CREATE INDEX "case_timer_due_idx" ON "case_timer" USING btree ("fire_at") WHERE "case_timer"."fired_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "notification_seq_idx" ON "notification" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "notification_unit_idx" ON "notification" USING btree ("recipient_unit_id","seq");--> statement-breakpoint
CREATE INDEX "notification_centre_idx" ON "notification" USING btree ("recipient_centre_code","seq");--> statement-breakpoint
CREATE INDEX "notification_user_idx" ON "notification" USING btree ("recipient_user_id","seq");--> statement-breakpoint
CREATE INDEX "routing_rule_lead_idx" ON "routing_rule" USING btree ("lead_unit_id");--> statement-breakpoint
ALTER TABLE "department" ADD CONSTRAINT "department_parent_id_department_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "department_parent_idx" ON "department" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "department_division_idx" ON "department" USING btree ("division_code");--> statement-breakpoint
ALTER TABLE "department" ADD CONSTRAINT "department_kind" CHECK ("department"."kind" in ('department', 'subUnit', 'centre', 'townOffice', 'socialOrganisation'));--> statement-breakpoint
ALTER TABLE "department" ADD CONSTRAINT "department_sub_unit_parent" CHECK (("department"."kind" = 'subUnit') = ("department"."parent_id" is not null));