-- CreateTable
CREATE TABLE "loop_checkpoints" (
    "id" TEXT NOT NULL,
    "tick_at" TIMESTAMPTZ(3) NOT NULL,
    "state" BYTEA NOT NULL,
    "saved_by" TEXT NOT NULL,

    CONSTRAINT "loop_checkpoints_pkey" PRIMARY KEY ("id")
);
