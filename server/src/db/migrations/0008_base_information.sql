CREATE TABLE "base_change" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entity" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"division_code" text NOT NULL,
	"action" text NOT NULL,
	"source" text NOT NULL,
	"changes" jsonb NOT NULL,
	"actor_id" uuid,
	"import_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "base_grant" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"registry" text NOT NULL,
	"division_code" text NOT NULL,
	"division_prefix" text NOT NULL,
	"reason" text NOT NULL,
	"granted_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "building" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"division_code" text NOT NULL,
	"grid_code" text NOT NULL,
	"address_code" text NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"kind" text NOT NULL,
	"floors" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_person" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"division_code" text NOT NULL,
	"grid_code" text NOT NULL,
	"kind" text NOT NULL,
	"needs" text DEFAULT '' NOT NULL,
	"helper" text DEFAULT '' NOT NULL,
	"last_visit_on" date,
	"status" text DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispute" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"division_code" text NOT NULL,
	"grid_code" text NOT NULL,
	"occurred_on" date NOT NULL,
	"place" text NOT NULL,
	"kind" text NOT NULL,
	"party_count" integer NOT NULL,
	"party_person_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"summary" text NOT NULL,
	"mediating_unit_id" uuid,
	"method" text,
	"outcome" text DEFAULT 'pending' NOT NULL,
	"agreement" text,
	"follow_up_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dwelling" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"building_id" uuid NOT NULL,
	"division_code" text NOT NULL,
	"grid_code" text NOT NULL,
	"address_code" text NOT NULL,
	"unit_label" text DEFAULT '' NOT NULL,
	"floor" integer,
	"room_no" text NOT NULL,
	"use" text NOT NULL,
	"area_m2" double precision,
	"owner_person_id" uuid,
	"owner_name" text,
	"rental" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazard" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"division_code" text NOT NULL,
	"grid_code" text NOT NULL,
	"found_on" date NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"description" text NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"organisation_id" uuid,
	"rectify_by" date,
	"status" text DEFAULT 'open' NOT NULL,
	"rectified_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"division_code" text NOT NULL,
	"grid_code" text NOT NULL,
	"household_no" text NOT NULL,
	"kind" text DEFAULT 'family' NOT NULL,
	"dwelling_id" uuid,
	"head_person_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_member" (
	"household_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_member_household_id_person_id_pk" PRIMARY KEY("household_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "organisation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"division_code" text NOT NULL,
	"grid_code" text NOT NULL,
	"credit_code" text,
	"name" text NOT NULL,
	"name_initials" text NOT NULL,
	"kind" text NOT NULL,
	"legal_rep_name" text,
	"legal_rep_phone_sealed" text,
	"legal_rep_phone_hash" text,
	"legal_rep_phone_masked" text,
	"address" text NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"employees" integer,
	"key_unit" boolean DEFAULT false NOT NULL,
	"place_kind" text,
	"security_contact_name" text,
	"security_contact_phone_sealed" text,
	"security_contact_phone_hash" text,
	"security_contact_phone_masked" text,
	"status" text DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"division_code" text NOT NULL,
	"grid_code" text NOT NULL,
	"name" text NOT NULL,
	"name_initials" text NOT NULL,
	"former_name" text,
	"sex" text NOT NULL,
	"birth_date" date,
	"ethnicity" text,
	"id_kind" text NOT NULL,
	"id_number_sealed" text,
	"id_number_hash" text,
	"id_number_masked" text,
	"phone_sealed" text,
	"phone_hash" text,
	"phone_masked" text,
	"native_place" text,
	"marital_status" text,
	"political_status" text,
	"education" text,
	"religion" text,
	"occupation" text,
	"registered_address_sealed" text,
	"registered_address_hash" text,
	"registered_address_masked" text,
	"current_address_sealed" text,
	"current_address_hash" text,
	"current_address_masked" text,
	"dwelling_id" uuid,
	"address_coincides" boolean,
	"residency" text NOT NULL,
	"move_in_reason" text,
	"moved_in_on" date,
	"registered_on" date,
	"expected_leave_on" date,
	"origin_code" text,
	"residence_permit_sealed" text,
	"residence_permit_masked" text,
	"nationality" text,
	"status" text DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_residency" CHECK ("person"."residency" in ('registered', 'floating', 'foreign')),
	CONSTRAINT "person_sex" CHECK ("person"."sex" in ('male', 'female', 'unknown')),
	CONSTRAINT "person_status" CHECK ("person"."status" in ('active', 'movedOut', 'deceased'))
);
--> statement-breakpoint
CREATE TABLE "person_organisation" (
	"person_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" text DEFAULT 'employee' NOT NULL,
	"since" date,
	CONSTRAINT "person_organisation_person_id_organisation_id_role_pk" PRIMARY KEY("person_id","organisation_id","role")
);
--> statement-breakpoint
CREATE TABLE "personal_reveal" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"field" text NOT NULL,
	"reason" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rental" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dwelling_id" uuid NOT NULL,
	"division_code" text NOT NULL,
	"grid_code" text NOT NULL,
	"landlord_person_id" uuid,
	"landlord_name" text NOT NULL,
	"contract_no" text,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"purpose" text DEFAULT 'residential' NOT NULL,
	"police_checked_on" date,
	"status" text DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rental_period" CHECK ("rental"."ends_on" is null or "rental"."ends_on" >= "rental"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "rental_tenant" (
	"rental_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	CONSTRAINT "rental_tenant_rental_id_person_id_pk" PRIMARY KEY("rental_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "watched_person" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"division_code" text NOT NULL,
	"grid_code" text NOT NULL,
	"kind" text NOT NULL,
	"risk_level" text NOT NULL,
	"responsible_unit_id" uuid,
	"helpers" text DEFAULT '' NOT NULL,
	"follow_up_days" integer NOT NULL,
	"last_follow_up_on" date,
	"note_sealed" text,
	"status" text DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "base_change" ADD CONSTRAINT "base_change_actor_id_app_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "base_grant" ADD CONSTRAINT "base_grant_unit_id_department_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "base_grant" ADD CONSTRAINT "base_grant_division_code_division_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "base_grant" ADD CONSTRAINT "base_grant_granted_by_app_user_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "building" ADD CONSTRAINT "building_division_code_division_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_person" ADD CONSTRAINT "care_person_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_person" ADD CONSTRAINT "care_person_division_code_division_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute" ADD CONSTRAINT "dispute_division_code_division_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute" ADD CONSTRAINT "dispute_mediating_unit_id_department_id_fk" FOREIGN KEY ("mediating_unit_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dwelling" ADD CONSTRAINT "dwelling_building_id_building_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."building"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dwelling" ADD CONSTRAINT "dwelling_division_code_division_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard" ADD CONSTRAINT "hazard_division_code_division_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard" ADD CONSTRAINT "hazard_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household" ADD CONSTRAINT "household_division_code_division_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household" ADD CONSTRAINT "household_dwelling_id_dwelling_id_fk" FOREIGN KEY ("dwelling_id") REFERENCES "public"."dwelling"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household" ADD CONSTRAINT "household_head_person_id_person_id_fk" FOREIGN KEY ("head_person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_member" ADD CONSTRAINT "household_member_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_member" ADD CONSTRAINT "household_member_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation" ADD CONSTRAINT "organisation_division_code_division_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_division_code_division_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_dwelling_id_dwelling_id_fk" FOREIGN KEY ("dwelling_id") REFERENCES "public"."dwelling"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_organisation" ADD CONSTRAINT "person_organisation_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_organisation" ADD CONSTRAINT "person_organisation_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_reveal" ADD CONSTRAINT "personal_reveal_actor_id_app_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rental" ADD CONSTRAINT "rental_dwelling_id_dwelling_id_fk" FOREIGN KEY ("dwelling_id") REFERENCES "public"."dwelling"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rental" ADD CONSTRAINT "rental_division_code_division_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rental" ADD CONSTRAINT "rental_landlord_person_id_person_id_fk" FOREIGN KEY ("landlord_person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rental_tenant" ADD CONSTRAINT "rental_tenant_rental_id_rental_id_fk" FOREIGN KEY ("rental_id") REFERENCES "public"."rental"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rental_tenant" ADD CONSTRAINT "rental_tenant_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watched_person" ADD CONSTRAINT "watched_person_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watched_person" ADD CONSTRAINT "watched_person_division_code_division_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."division"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watched_person" ADD CONSTRAINT "watched_person_responsible_unit_id_department_id_fk" FOREIGN KEY ("responsible_unit_id") REFERENCES "public"."department"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "base_change_entity_idx" ON "base_change" USING btree ("entity","entity_id","id");--> statement-breakpoint
CREATE INDEX "base_change_division_idx" ON "base_change" USING btree ("division_code" text_pattern_ops,"at");--> statement-breakpoint
CREATE INDEX "base_grant_unit_idx" ON "base_grant" USING btree ("unit_id","registry");--> statement-breakpoint
CREATE UNIQUE INDEX "building_address_code_idx" ON "building" USING btree ("address_code");--> statement-breakpoint
CREATE INDEX "building_division_idx" ON "building" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "building_grid_idx" ON "building" USING btree ("grid_code");--> statement-breakpoint
CREATE UNIQUE INDEX "care_person_kind_idx" ON "care_person" USING btree ("person_id","kind");--> statement-breakpoint
CREATE INDEX "care_person_division_idx" ON "care_person" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "care_person_grid_idx" ON "care_person" USING btree ("grid_code");--> statement-breakpoint
CREATE INDEX "dispute_division_idx" ON "dispute" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "dispute_grid_idx" ON "dispute" USING btree ("grid_code","occurred_on");--> statement-breakpoint
CREATE UNIQUE INDEX "dwelling_address_code_idx" ON "dwelling" USING btree ("address_code");--> statement-breakpoint
CREATE INDEX "dwelling_building_idx" ON "dwelling" USING btree ("building_id");--> statement-breakpoint
CREATE INDEX "dwelling_division_idx" ON "dwelling" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "dwelling_grid_idx" ON "dwelling" USING btree ("grid_code");--> statement-breakpoint
CREATE INDEX "hazard_division_idx" ON "hazard" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "hazard_grid_idx" ON "hazard" USING btree ("grid_code","found_on");--> statement-breakpoint
CREATE UNIQUE INDEX "household_no_idx" ON "household" USING btree ("household_no");--> statement-breakpoint
CREATE INDEX "household_division_idx" ON "household" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "household_grid_idx" ON "household" USING btree ("grid_code");--> statement-breakpoint
CREATE INDEX "household_dwelling_idx" ON "household" USING btree ("dwelling_id");--> statement-breakpoint
CREATE INDEX "household_member_person_idx" ON "household_member" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "organisation_credit_code_idx" ON "organisation" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "organisation_division_idx" ON "organisation" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "organisation_grid_idx" ON "organisation" USING btree ("grid_code");--> statement-breakpoint
CREATE INDEX "organisation_name_idx" ON "organisation" USING btree ("name" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "person_id_number_hash_idx" ON "person" USING btree ("id_number_hash");--> statement-breakpoint
CREATE INDEX "person_phone_hash_idx" ON "person" USING btree ("phone_hash");--> statement-breakpoint
CREATE INDEX "person_registered_address_hash_idx" ON "person" USING btree ("registered_address_hash");--> statement-breakpoint
CREATE INDEX "person_current_address_hash_idx" ON "person" USING btree ("current_address_hash");--> statement-breakpoint
CREATE INDEX "person_name_idx" ON "person" USING btree ("name" text_pattern_ops,"division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "person_initials_idx" ON "person" USING btree ("name_initials" text_pattern_ops,"division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "person_division_idx" ON "person" USING btree ("division_code" text_pattern_ops,"name");--> statement-breakpoint
CREATE INDEX "person_grid_idx" ON "person" USING btree ("grid_code","name");--> statement-breakpoint
CREATE INDEX "person_dwelling_idx" ON "person" USING btree ("dwelling_id");--> statement-breakpoint
CREATE INDEX "person_organisation_org_idx" ON "person_organisation" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "personal_reveal_entity_idx" ON "personal_reveal" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "personal_reveal_actor_idx" ON "personal_reveal" USING btree ("actor_id","at");--> statement-breakpoint
CREATE INDEX "rental_dwelling_idx" ON "rental" USING btree ("dwelling_id");--> statement-breakpoint
CREATE INDEX "rental_division_idx" ON "rental" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "rental_tenant_person_idx" ON "rental_tenant" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "watched_person_kind_idx" ON "watched_person" USING btree ("person_id","kind");--> statement-breakpoint
CREATE INDEX "watched_person_division_idx" ON "watched_person" USING btree ("division_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "watched_person_grid_idx" ON "watched_person" USING btree ("grid_code");--> statement-breakpoint
CREATE INDEX "watched_person_unit_idx" ON "watched_person" USING btree ("responsible_unit_id");