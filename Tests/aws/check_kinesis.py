"""The seed's boto3 producer code, unchanged, against wh serve's Kinesis and Firehose doors (run by
AWSKinesisTests.swift with AWS_ENDPOINT_URL pointing at the server, dummy keys and a region).

Usage: check_kinesis.py  (reads AWS_ENDPOINT_URL). Exits 1 on the first failure; prints "ok"."""

import base64
import json
import sys
from datetime import datetime

import boto3
from botocore.exceptions import ClientError

kinesis_client = boto3.client("kinesis")


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


# The seed's own producer: flat telemetry records to TruckTelemetry, clicks to ClickDataStream.
def send_to_kinesis(stream_name, data):
    response = kinesis_client.put_record(
        StreamName=stream_name,
        Data=json.dumps(data),
        PartitionKey="partition_key"
    )
    return response


telemetry = {"TRUCK_ID": "TRK101", "LOAD_TIMESTAMP": datetime.utcnow().isoformat(), "EFFECTIVE_START_DATE": "2025-03-17T15:35:54.597252",
             "EFFECTIVE_END_DATE": None, "IS_CURRENT": True, "GPS_LATITUDE": 33.2, "GPS_LONGITUDE": -113.9, "VEHICLE_SPEED": 56.1,
             "FUEL_LEVEL": 79.1, "ODOMETER_READING": 96726.8, "BRAKE_STATUS": "Good", "TRANSMISSION_STATUS": "Operational",
             "timestamp": "2025-03-17T15:35:54.597252"}
response = send_to_kinesis("TruckTelemetry", telemetry)
if response["ShardId"] != "shardId-000000000000" or not response["SequenceNumber"].isdigit():
    fail("put_record answered %s" % response)
click = {"Item_ID": "MOB001", "Timestamp": datetime.utcnow().isoformat(), "Item_Name": "Mobile Phone", "Click_Counts": 7}
second = send_to_kinesis("ClickDataStream", click)
if int(second["SequenceNumber"]) <= int(response["SequenceNumber"]):
    fail("sequence numbers do not grow: %s then %s" % (response["SequenceNumber"], second["SequenceNumber"]))

# PutRecords: per-record results in order; a record that is not a JSON object fails alone.
batch = kinesis_client.put_records(StreamName="TruckTelemetry", Records=[
    {"Data": json.dumps(dict(telemetry, TRUCK_ID="TRK102")), "PartitionKey": "a"},
    {"Data": b"not json", "PartitionKey": "b"},
    {"Data": json.dumps(dict(telemetry, TRUCK_ID="TRK103")), "PartitionKey": "c"}])
if batch["FailedRecordCount"] != 1 or "ErrorCode" not in batch["Records"][1] or "SequenceNumber" not in batch["Records"][2]:
    fail("put_records answered %s" % batch)

# A consumer loop (the Lambda's code run locally) reads them back in order, with the sequence numbers
# the puts were answered with and their partition keys.
iterator = kinesis_client.get_shard_iterator(StreamName="TruckTelemetry", ShardId="shardId-000000000000",
                                             ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
first = kinesis_client.get_records(ShardIterator=iterator, Limit=1)
if len(first["Records"]) != 1 or first["Records"][0]["SequenceNumber"] != response["SequenceNumber"]:
    fail("get_records gave %s, expected the first put (%s)" % (first["Records"], response["SequenceNumber"]))
if json.loads(first["Records"][0]["Data"]) != telemetry or first["Records"][0]["PartitionKey"] != "partition_key":
    fail("the record read back differs: %s" % first["Records"][0])
rest = kinesis_client.get_records(ShardIterator=first["NextShardIterator"])
if [json.loads(r["Data"])["TRUCK_ID"] for r in rest["Records"]] != ["TRK102", "TRK103"] or [r["PartitionKey"] for r in rest["Records"]] != ["a", "c"]:
    fail("the batch read back differs: %s" % rest["Records"])
if [r["SequenceNumber"] for r in rest["Records"]] != [batch["Records"][0]["SequenceNumber"], batch["Records"][2]["SequenceNumber"]]:
    fail("the batch's sequence numbers differ from the put's answer")
drained = kinesis_client.get_records(ShardIterator=rest["NextShardIterator"])
if drained["Records"] or drained["MillisBehindLatest"] != 0:
    fail("a drained stream still gave %s" % drained)
after = kinesis_client.get_shard_iterator(StreamName="TruckTelemetry", ShardId="shardId-000000000000",
                                          ShardIteratorType="AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=response["SequenceNumber"])["ShardIterator"]
if json.loads(kinesis_client.get_records(ShardIterator=after, Limit=1)["Records"][0]["Data"])["TRUCK_ID"] != "TRK102":
    fail("AFTER_SEQUENCE_NUMBER does not start after it")
latest = kinesis_client.get_shard_iterator(StreamName="TruckTelemetry", ShardId="shardId-000000000000", ShardIteratorType="LATEST")["ShardIterator"]
if kinesis_client.get_records(ShardIterator=latest)["Records"]:
    fail("LATEST gave old records")

# The waiter the seed's setup would use, and the stream listing.
kinesis_client.get_waiter("stream_exists").wait(StreamName="TruckTelemetry", WaiterConfig={"Delay": 1, "MaxAttempts": 2})
summary = kinesis_client.describe_stream_summary(StreamName="ClickDataStream")["StreamDescriptionSummary"]
if summary["StreamStatus"] != "ACTIVE" or summary["OpenShardCount"] != 1:
    fail("describe_stream_summary answered %s" % summary)
if not {"TruckTelemetry", "ClickDataStream"} <= set(kinesis_client.list_streams()["StreamNames"]):
    fail("list_streams lacks the seed's streams")

# Errors are the modelled exceptions.
try:
    send_to_kinesis("NoSuchStream", telemetry)
    fail("an unknown stream was accepted")
except kinesis_client.exceptions.ResourceNotFoundException as error:
    if "NoSuchStream" not in str(error):
        fail("the error does not name the stream: %s" % error)
kinesis_client.create_stream(StreamName="Scratch", ShardCount=1)
try:
    kinesis_client.create_stream(StreamName="Scratch", ShardCount=1)
    fail("a stream was created twice")
except kinesis_client.exceptions.ResourceInUseException:
    pass
if kinesis_client.put_record(StreamName="Scratch", Data=b'{"a": 1}', PartitionKey="k")["ShardId"] != "shardId-000000000000":
    fail("put_record into a created stream failed")
kinesis_client.delete_stream(StreamName="Scratch")
if "Scratch" in kinesis_client.list_streams()["StreamNames"]:
    fail("delete_stream left the stream")
try:
    kinesis_client.merge_shards(StreamName="TruckTelemetry", ShardToMerge="a", AdjacentShardToMerge="b")
    fail("an unsupported operation answered")
except ClientError as error:
    if error.response["Error"]["Code"] != "UnknownOperationException":
        fail("unsupported operation answered %s" % error.response["Error"])
# Firehose: a delivery stream is a stage too.
firehose = boto3.client("firehose")
put = firehose.put_record(DeliveryStreamName="TruckTelemetry", Record={"Data": json.dumps(dict(telemetry, TRUCK_ID="TRK104"))})
if not put["RecordId"]:
    fail("firehose put_record answered %s" % put)
batch = firehose.put_record_batch(DeliveryStreamName="TruckTelemetry", Records=[
    {"Data": json.dumps(dict(telemetry, TRUCK_ID="TRK105")) + "\n"}, {"Data": b"[1, 2]"}])
# (Firehose records land in the same stage; the Kinesis reader sees them too, after the Kinesis ones.)
if batch["FailedPutCount"] != 1 or "RecordId" not in batch["RequestResponses"][0] or "ErrorCode" not in batch["RequestResponses"][1]:
    fail("put_record_batch answered %s" % batch)
if firehose.describe_delivery_stream(DeliveryStreamName="ClickDataStream")["DeliveryStreamDescription"]["DeliveryStreamStatus"] != "ACTIVE":
    fail("describe_delivery_stream is not ACTIVE")
try:
    firehose.put_record(DeliveryStreamName="Nope", Record={"Data": b"{}"})
    fail("an unknown delivery stream was accepted")
except firehose.exceptions.ResourceNotFoundException:
    pass
print("ok")
