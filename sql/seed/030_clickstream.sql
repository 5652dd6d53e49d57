-- Clickstream: the seed keeps click events in DynamoDB (ClickStreamData) behind a Lambda that checks
-- Item_ID, Timestamp, Item_Name and Click_Counts are present and logs and forgets what fails. Here a
-- pipe lands each event as it arrived (RAW_CLICKSTREAM), a task validates what is new: valid events
-- go into the key-value table CLICKSTREAM_DATA (keyed by item and time, so an event delivered twice
-- counts once), and the others are kept, with their reason, in CLICKSTREAM_REJECTS.

CREATE TABLE IF NOT EXISTS RAW_CLICKSTREAM (
    RECORD VARIANT,
    FILE_NAME STRING,
    FILE_ROW_NUMBER NUMBER,
    LOAD_TIMESTAMP TIMESTAMP_NTZ DEFAULT CURRENT_TIMESTAMP()
);

CREATE STREAM IF NOT EXISTS RAW_CLICKSTREAM_STREAM ON TABLE RAW_CLICKSTREAM APPEND_ONLY = TRUE;

-- The seed's DynamoDB table, as a key-value (hybrid) table: partition key ITEM_ID, sort key
-- EVENT_TIMESTAMP (the seed keyed by Timestamp then Item_ID, which cannot list one product's clicks
-- in time order). `wh kv query CLICKSTREAM_DATA MOB001 --begins-with 2025-03-17` reads it like DynamoDB.
CREATE HYBRID TABLE IF NOT EXISTS CLICKSTREAM_DATA (
    ITEM_ID STRING NOT NULL,
    EVENT_TIMESTAMP TIMESTAMP_NTZ NOT NULL,
    ITEM_NAME STRING NOT NULL,
    CLICK_COUNTS NUMBER(38,0) NOT NULL,
    LOAD_TIMESTAMP TIMESTAMP_NTZ DEFAULT CURRENT_TIMESTAMP(),
    PRIMARY KEY (ITEM_ID, EVENT_TIMESTAMP)
);

-- The seed's DynamoDB table ClickStreamData, as boto3 code pointed at `wh serve` sees it: the tag
-- DYNAMODB_NAME gives the name it answers to and the attribute each column holds, as the seed's
-- Lambda writes them and its Streamlit app reads them (docs/aws.md).
CREATE TAG IF NOT EXISTS DYNAMODB_NAME COMMENT = 'The name DynamoDB clients use for a key-value table or one of its columns';
ALTER TABLE CLICKSTREAM_DATA SET TAG DYNAMODB_NAME = 'ClickStreamData';
ALTER TABLE CLICKSTREAM_DATA MODIFY COLUMN ITEM_ID SET TAG DYNAMODB_NAME = 'Item_ID';
ALTER TABLE CLICKSTREAM_DATA MODIFY COLUMN EVENT_TIMESTAMP SET TAG DYNAMODB_NAME = 'Timestamp';
ALTER TABLE CLICKSTREAM_DATA MODIFY COLUMN ITEM_NAME SET TAG DYNAMODB_NAME = 'Item_Name';
ALTER TABLE CLICKSTREAM_DATA MODIFY COLUMN CLICK_COUNTS SET TAG DYNAMODB_NAME = 'Click_Counts';

CREATE TABLE IF NOT EXISTS CLICKSTREAM_REJECTS (
    FILE_NAME STRING,
    FILE_ROW_NUMBER NUMBER,
    RECORD VARIANT,
    REASON STRING,
    REJECTED_AT TIMESTAMP_NTZ DEFAULT CURRENT_TIMESTAMP()
);

-- The events of one run with their verdict (NULL when valid): the reason is worked out once, then
-- both the rejects and the merge read it.
CREATE TABLE IF NOT EXISTS CLICKSTREAM_BATCH (
    ITEM_ID STRING, EVENT_TIMESTAMP TIMESTAMP_NTZ, ITEM_NAME STRING, CLICK_COUNTS NUMBER(38,0),
    FILE_NAME STRING, FILE_ROW_NUMBER NUMBER, RECORD VARIANT, REASON STRING
);

CREATE OR REPLACE PROCEDURE MERGE_CLICKSTREAM()
RETURNS VARCHAR
LANGUAGE SQL
AS
$$
DECLARE
  merged INTEGER DEFAULT 0;
  rejected INTEGER DEFAULT 0;
BEGIN
  DELETE FROM CLICKSTREAM_BATCH;
  INSERT INTO CLICKSTREAM_BATCH (ITEM_ID, EVENT_TIMESTAMP, ITEM_NAME, CLICK_COUNTS, FILE_NAME, FILE_ROW_NUMBER, RECORD, REASON)
  SELECT r.RECORD:Item_ID::STRING,
         TRY_TO_TIMESTAMP_NTZ(r.RECORD:Timestamp::STRING),
         r.RECORD:Item_Name::STRING,
         IFF(TYPEOF(r.RECORD:Click_Counts) = 'INTEGER', r.RECORD:Click_Counts::NUMBER(38,0), NULL),
         r.FILE_NAME, r.FILE_ROW_NUMBER, r.RECORD,
         CASE
           WHEN TYPEOF(r.RECORD) <> 'OBJECT' THEN 'not a JSON object'
           WHEN r.RECORD:Item_ID::STRING IS NULL OR r.RECORD:Timestamp::STRING IS NULL
                OR r.RECORD:Item_Name::STRING IS NULL OR r.RECORD:Click_Counts IS NULL OR IS_NULL_VALUE(r.RECORD:Click_Counts)
             THEN 'missing required fields: ' || TRIM(
                    IFF(r.RECORD:Item_ID::STRING IS NULL, 'Item_ID ', '') ||
                    IFF(r.RECORD:Timestamp::STRING IS NULL, 'Timestamp ', '') ||
                    IFF(r.RECORD:Item_Name::STRING IS NULL, 'Item_Name ', '') ||
                    IFF(r.RECORD:Click_Counts IS NULL OR IS_NULL_VALUE(r.RECORD:Click_Counts), 'Click_Counts', ''))
           WHEN TRIM(r.RECORD:Item_ID::STRING) = '' THEN 'Item_ID is empty'
           WHEN TRY_TO_TIMESTAMP_NTZ(r.RECORD:Timestamp::STRING) IS NULL
             THEN 'Timestamp is not a timestamp: ' || r.RECORD:Timestamp::STRING
           WHEN TYPEOF(r.RECORD:Click_Counts) <> 'INTEGER' OR r.RECORD:Click_Counts::NUMBER < 0
             THEN 'Click_Counts must be a non-negative integer, not ' || TO_JSON(r.RECORD:Click_Counts)
         END
  FROM RAW_CLICKSTREAM_STREAM r;

  INSERT INTO CLICKSTREAM_REJECTS (FILE_NAME, FILE_ROW_NUMBER, RECORD, REASON)
  SELECT FILE_NAME, FILE_ROW_NUMBER, RECORD, REASON FROM CLICKSTREAM_BATCH WHERE REASON IS NOT NULL;
  rejected := SQLROWCOUNT;

  -- One event per key: delivered twice (in one batch or across batches), it counts once.
  MERGE INTO CLICKSTREAM_DATA t
  USING (SELECT * FROM CLICKSTREAM_BATCH WHERE REASON IS NULL
         QUALIFY ROW_NUMBER() OVER (PARTITION BY ITEM_ID, EVENT_TIMESTAMP ORDER BY FILE_NAME DESC, FILE_ROW_NUMBER DESC) = 1) s
  ON t.ITEM_ID = s.ITEM_ID AND t.EVENT_TIMESTAMP = s.EVENT_TIMESTAMP
  WHEN MATCHED AND (t.ITEM_NAME <> s.ITEM_NAME OR t.CLICK_COUNTS <> s.CLICK_COUNTS)
    THEN UPDATE SET ITEM_NAME = s.ITEM_NAME, CLICK_COUNTS = s.CLICK_COUNTS
  WHEN NOT MATCHED THEN INSERT (ITEM_ID, EVENT_TIMESTAMP, ITEM_NAME, CLICK_COUNTS)
    VALUES (s.ITEM_ID, s.EVENT_TIMESTAMP, s.ITEM_NAME, s.CLICK_COUNTS);
  merged := SQLROWCOUNT;

  DELETE FROM CLICKSTREAM_BATCH;
  RETURN 'merged ' || merged || ' click events, rejected ' || rejected;
END;
$$;
