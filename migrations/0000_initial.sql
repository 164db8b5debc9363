CREATE TYPE "public"."coherence_status" AS ENUM('coherent', 'incoherent', 'unchecked');--> statement-breakpoint
CREATE TYPE "public"."api_key_scope" AS ENUM('developer', 'verifier');--> statement-breakpoint
CREATE TYPE "public"."member_role" AS ENUM('owner', 'admin', 'member', 'auditor');--> statement-breakpoint
CREATE TYPE "public"."implementation_status" AS ENUM('not_implemented', 'implemented');--> statement-breakpoint
CREATE TABLE "assertion_history" (
	"id" text PRIMARY KEY NOT NULL,
	"assertion_id" text NOT NULL,
	"model_id" text NOT NULL,
	"action" text NOT NULL,
	"actor" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assertions" (
	"id" text PRIMARY KEY NOT NULL,
	"model_id" text NOT NULL,
	"control_id" text NOT NULL,
	"type" text NOT NULL,
	"params" jsonb NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"repo" text,
	"content_hash" text NOT NULL,
	"coherence_status" "coherence_status" DEFAULT 'unchecked' NOT NULL,
	"coherence_reason" text DEFAULT '' NOT NULL,
	"coherence_evaluator" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finding_transitions" (
	"id" text PRIMARY KEY NOT NULL,
	"finding_id" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" text PRIMARY KEY NOT NULL,
	"model_id" text NOT NULL,
	"control_id" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"checked_locations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"checked_patterns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"expected_evidence" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"remediation_assertion_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"scope" "api_key_scope" NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"email" text NOT NULL,
	"role" "member_role" NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"workspace_id" text NOT NULL,
	"user_id" text NOT NULL,
	"role" "member_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"is_instance_admin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "llm_usage" (
	"workspace_id" text NOT NULL,
	"day" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"calls" integer DEFAULT 0 NOT NULL,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "control_objective_links" (
	"model_id" text NOT NULL,
	"control_id" text NOT NULL,
	"objective_id" text NOT NULL,
	CONSTRAINT "control_objective_links_model_id_control_id_objective_id_pk" PRIMARY KEY("model_id","control_id","objective_id")
);
--> statement-breakpoint
CREATE TABLE "control_objectives" (
	"model_id" text NOT NULL,
	"objective_id" text NOT NULL,
	"description" text NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "control_objectives_model_id_objective_id_pk" PRIMARY KEY("model_id","objective_id")
);
--> statement-breakpoint
CREATE TABLE "controls" (
	"model_id" text NOT NULL,
	"control_id" text NOT NULL,
	"description" text NOT NULL,
	"implementation_status" "implementation_status" DEFAULT 'not_implemented' NOT NULL,
	"implementation_notes" text DEFAULT '' NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "controls_model_id_control_id_pk" PRIMARY KEY("model_id","control_id")
);
--> statement-breakpoint
CREATE TABLE "threat_models" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oidc_replays" (
	"replay_key" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"run_id" text,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sufficiency_verdicts" (
	"id" text PRIMARY KEY NOT NULL,
	"model_id" text NOT NULL,
	"control_id" text NOT NULL,
	"status" text NOT NULL,
	"gaps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reasoning" text DEFAULT '' NOT NULL,
	"evaluator" text NOT NULL,
	"assertion_set_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_results" (
	"id" text PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"model_id" text NOT NULL,
	"assertion_id" text NOT NULL,
	"content_hash" text NOT NULL,
	"repo" text,
	"tier" integer NOT NULL,
	"result" text NOT NULL,
	"details" text DEFAULT '' NOT NULL,
	"evidence" jsonb,
	"reviewer" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"model_id" text NOT NULL,
	"provider" text NOT NULL,
	"pipeline_run_id" text NOT NULL,
	"run_url" text,
	"repo" text,
	"commit_sha" text,
	"branch" text,
	"received" jsonb NOT NULL,
	"attestation_method" text DEFAULT 'none' NOT NULL,
	"attestation" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"notarization" jsonb,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "instance_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"public_key_pem" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"fingerprint" text NOT NULL,
	"public_key_pem" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "workspace_settings" (
	"workspace_id" text PRIMARY KEY NOT NULL,
	"require_ci_attestation" boolean DEFAULT false NOT NULL,
	"trusted_oidc_issuers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"required_oidc_claims" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"oidc_audience" text DEFAULT 'assay' NOT NULL,
	"review_after_days" integer DEFAULT 90 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assertion_history" ADD CONSTRAINT "assertion_history_model_id_threat_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."threat_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assertions" ADD CONSTRAINT "assertions_model_id_threat_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."threat_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assertions" ADD CONSTRAINT "assertions_model_id_control_id_controls_model_id_control_id_fk" FOREIGN KEY ("model_id","control_id") REFERENCES "public"."controls"("model_id","control_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "finding_transitions" ADD CONSTRAINT "finding_transitions_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_model_id_threat_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."threat_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_objective_links" ADD CONSTRAINT "control_objective_links_model_id_control_id_controls_model_id_control_id_fk" FOREIGN KEY ("model_id","control_id") REFERENCES "public"."controls"("model_id","control_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "control_objective_links" ADD CONSTRAINT "control_objective_links_model_id_objective_id_control_objectives_model_id_objective_id_fk" FOREIGN KEY ("model_id","objective_id") REFERENCES "public"."control_objectives"("model_id","objective_id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "control_objectives" ADD CONSTRAINT "control_objectives_model_id_threat_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."threat_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "controls" ADD CONSTRAINT "controls_model_id_threat_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."threat_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threat_models" ADD CONSTRAINT "threat_models_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threat_models" ADD CONSTRAINT "threat_models_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sufficiency_verdicts" ADD CONSTRAINT "sufficiency_verdicts_model_id_threat_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."threat_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_results" ADD CONSTRAINT "verification_results_run_id_verification_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."verification_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_runs" ADD CONSTRAINT "verification_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_runs" ADD CONSTRAINT "verification_runs_model_id_threat_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."threat_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_keys" ADD CONSTRAINT "signing_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_settings" ADD CONSTRAINT "workspace_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assertion_history_assertion_idx" ON "assertion_history" USING btree ("assertion_id");--> statement-breakpoint
CREATE INDEX "assertions_control_idx" ON "assertions" USING btree ("model_id","control_id");--> statement-breakpoint
CREATE INDEX "finding_transitions_finding_idx" ON "finding_transitions" USING btree ("finding_id");--> statement-breakpoint
CREATE INDEX "findings_model_idx" ON "findings" USING btree ("model_id","control_id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_workspace_idx" ON "api_keys" USING btree ("workspace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token_key" ON "invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "invitations_workspace_idx" ON "invitations" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "memberships_user_idx" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("status","run_after");--> statement-breakpoint
CREATE INDEX "llm_usage_workspace_idx" ON "llm_usage" USING btree ("workspace_id","day");--> statement-breakpoint
CREATE INDEX "control_objective_links_objective_idx" ON "control_objective_links" USING btree ("model_id","objective_id");--> statement-breakpoint
CREATE INDEX "controls_status_idx" ON "controls" USING btree ("model_id","implementation_status");--> statement-breakpoint
CREATE INDEX "threat_models_workspace_idx" ON "threat_models" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "sufficiency_verdicts_control_idx" ON "sufficiency_verdicts" USING btree ("model_id","control_id","created_at");--> statement-breakpoint
CREATE INDEX "verification_results_assertion_idx" ON "verification_results" USING btree ("assertion_id","tier","repo","created_at");--> statement-breakpoint
CREATE INDEX "verification_results_run_idx" ON "verification_results" USING btree ("run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "verification_runs_pipeline_key" ON "verification_runs" USING btree ("model_id","provider","pipeline_run_id");--> statement-breakpoint
CREATE INDEX "verification_runs_model_idx" ON "verification_runs" USING btree ("model_id","received_at");