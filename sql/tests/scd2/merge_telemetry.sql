-- SCD2 merge of new telemetry readings into TRUCK_TELEMETRY_DATA. sql/seed/020_telemetry.sql defines the procedure
-- MERGE_TELEMETRY_SCD2, whose comment says what each of its statements does; a task calls it in the
-- quickstart.

CALL MERGE_TELEMETRY_SCD2();
