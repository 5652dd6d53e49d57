-- SCD2 merge of new telemetry readings into TRUCK_TELEMETRY_DATA (run setup.sql first, which
-- defines the procedure MERGE_TELEMETRY_SCD2 holding these five statements, in one transaction):
--   1. take the stream's readings (this consumes it) into a batch, each with the start of its
--      truck's current version;
--   2. readings newer than the current version close it (IS_CURRENT = FALSE, end = the first new
--      reading's time) ...
--   3. ... and go in as a chain: each ends where the next begins, the last is current (a reading
--      delivered twice goes in once: of two with the same time only the later-loaded is kept, in
--      the same sort that chains them);
--   4. late readings (older than the current version) not already in the history go in as
--      history, never current;
--   5. the versions of trucks that got late readings are re-chained, so end dates neither overlap
--      nor leave gaps.
-- A reading already in the history changes nothing, so running it twice is harmless. Cost follows
-- the batch: the current versions and a late truck's history are found through partial indexes
-- (the late trucks drive the last statement through IN, so a batch without late readings reads
-- no history at all).

CALL MERGE_TELEMETRY_SCD2();
