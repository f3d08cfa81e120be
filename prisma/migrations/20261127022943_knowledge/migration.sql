-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('open', 'resolved');

-- CreateEnum
CREATE TYPE "PlanStatus" AS ENUM ('proposed', 'approved', 'vetoed', 'expired', 'executing', 'verifying', 'healed', 'rolled_back', 'failed', 'superseded');

-- CreateEnum
CREATE TYPE "DecisionKind" AS ENUM ('approve', 'veto', 'auto_approve');

-- CreateEnum
CREATE TYPE "ExecutionStatus" AS ENUM ('claimed', 'running', 'succeeded', 'failed', 'rolled_back');

-- CreateTable
CREATE TABLE "incidents" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'open',
    "title" TEXT NOT NULL,
    "root_service" TEXT,
    "services" TEXT[],
    "failure_class" TEXT,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),
    "summary" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cycles" (
    "id" BIGSERIAL NOT NULL,
    "tick_at" TIMESTAMPTZ(3) NOT NULL,
    "incident_id" UUID,
    "anomalous" BOOLEAN NOT NULL,
    "record" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cycles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plans" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "content_hash" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "service" TEXT NOT NULL,
    "status" "PlanStatus" NOT NULL DEFAULT 'proposed',
    "requested_by" TEXT NOT NULL,
    "approvers_required" INTEGER NOT NULL DEFAULT 1,
    "auto_rule_id" TEXT,
    "policy_version" INTEGER,
    "incident_id" UUID,
    "cycle_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "decisions" (
    "id" UUID NOT NULL,
    "plan_id" UUID NOT NULL,
    "kind" "DecisionKind" NOT NULL,
    "decider" TEXT NOT NULL,
    "role_at_decision" TEXT,
    "plan_hash" TEXT NOT NULL,
    "plan_version" INTEGER NOT NULL,
    "comment" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "decisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "executions" (
    "id" UUID NOT NULL,
    "plan_id" UUID NOT NULL,
    "status" "ExecutionStatus" NOT NULL DEFAULT 'claimed',
    "executor" TEXT NOT NULL,
    "fencing_token" BIGINT NOT NULL,
    "lease_until" TIMESTAMPTZ(3) NOT NULL,
    "claimed_by" TEXT NOT NULL,
    "steps" JSONB NOT NULL DEFAULT '[]',
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "executions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "knowledge_stats" (
    "strategy" TEXT NOT NULL,
    "failure_class" TEXT NOT NULL,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "rolled_back" INTEGER NOT NULL DEFAULT 0,
    "vetoed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "knowledge_stats_pkey" PRIMARY KEY ("strategy","failure_class")
);

-- CreateTable
CREATE TABLE "policy_versions" (
    "version" INTEGER NOT NULL,
    "yaml" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "comment" TEXT,
    "diff" TEXT NOT NULL,
    "restored_from" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "policy_versions_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "automation_pauses" (
    "service" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "paused_by" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "automation_pauses_pkey" PRIMARY KEY ("service")
);

-- CreateIndex
CREATE UNIQUE INDEX "incidents_number_key" ON "incidents"("number");

-- CreateIndex
CREATE INDEX "incidents_status_opened_at_idx" ON "incidents"("status", "opened_at");

-- CreateIndex
CREATE UNIQUE INDEX "cycles_tick_at_key" ON "cycles"("tick_at");

-- CreateIndex
CREATE INDEX "cycles_incident_id_tick_at_idx" ON "cycles"("incident_id", "tick_at");

-- CreateIndex
CREATE UNIQUE INDEX "plans_number_key" ON "plans"("number");

-- CreateIndex
CREATE INDEX "plans_status_created_at_idx" ON "plans"("status", "created_at");

-- CreateIndex
CREATE INDEX "plans_service_created_at_idx" ON "plans"("service", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "decisions_plan_id_decider_key" ON "decisions"("plan_id", "decider");

-- CreateIndex
CREATE UNIQUE INDEX "executions_plan_id_key" ON "executions"("plan_id");

-- CreateIndex
CREATE INDEX "executions_status_lease_until_idx" ON "executions"("status", "lease_until");

-- AddForeignKey
ALTER TABLE "cycles" ADD CONSTRAINT "cycles_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plans" ADD CONSTRAINT "plans_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "executions" ADD CONSTRAINT "executions_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
