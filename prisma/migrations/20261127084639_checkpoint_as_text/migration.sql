-- AlterTable: the checkpoint's gzip bytes as base64 text (PGlite serialises a bytea parameter
-- byte by byte: 114 ms for 452 kB, against 32 ms as base64 text; npm run bench:checkpoint). A checkpoint
-- saved before is converted, so a replica restarted across this migration still resumes.
ALTER TABLE "loop_checkpoints" ALTER COLUMN "state" SET DATA TYPE TEXT USING encode("state", 'base64');
