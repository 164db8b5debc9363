CREATE TABLE "verification_heads" (
	"model_id" text NOT NULL,
	"assertion_id" text NOT NULL,
	"tier" integer NOT NULL,
	"repo" text NOT NULL,
	"content_hash" text NOT NULL,
	"latest_seq" bigint NOT NULL,
	"latest_result" text NOT NULL,
	"latest_run_id" text NOT NULL,
	"latest_commit_sha" text,
	"latest_at" timestamp with time zone NOT NULL,
	"prev_seq" bigint,
	"prev_result" text,
	"prev_run_id" text,
	"prev_commit_sha" text,
	CONSTRAINT "verification_heads_assertion_id_tier_repo_content_hash_pk" PRIMARY KEY("assertion_id","tier","repo","content_hash")
);
--> statement-breakpoint
DROP INDEX "verification_results_assertion_idx";--> statement-breakpoint
ALTER TABLE "verification_results" ADD COLUMN "seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "verification_results_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "verification_heads" ADD CONSTRAINT "verification_heads_model_id_threat_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."threat_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "verification_heads_model_idx" ON "verification_heads" USING btree ("model_id");--> statement-breakpoint
CREATE INDEX "verification_results_assertion_idx" ON "verification_results" USING btree ("assertion_id","seq");